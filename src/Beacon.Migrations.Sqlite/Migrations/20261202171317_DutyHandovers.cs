using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DutyHandovers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incidents_handovers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HandedOverAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HandedOverBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    OpenIncidents = table.Column<string>(type: "TEXT", nullable: false),
                    PendingItems = table.Column<string>(type: "TEXT", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AcknowledgementNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_handovers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_handovers_JurisdictionId",
                table: "incidents_handovers",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_handovers_UnitId_HandedOverAt",
                table: "incidents_handovers",
                columns: new[] { "UnitId", "HandedOverAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incidents_handovers");
        }
    }
}
