using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DutyHandovers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "handovers",
                schema: "incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    HandedOverAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HandedOverBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OpenIncidents = table.Column<string>(type: "text", nullable: false),
                    PendingItems = table.Column<string>(type: "text", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AcknowledgementNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_handovers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_handovers_JurisdictionId",
                schema: "incidents",
                table: "handovers",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_handovers_UnitId_HandedOverAt",
                schema: "incidents",
                table: "handovers",
                columns: new[] { "UnitId", "HandedOverAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "handovers",
                schema: "incidents");
        }
    }
}
