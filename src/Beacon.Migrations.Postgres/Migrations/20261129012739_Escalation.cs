using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Escalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incident_submissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToJurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Assessment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SkipsLevel = table.Column<bool>(type: "boolean", nullable: false),
                    IsNotification = table.Column<bool>(type: "boolean", nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SignedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ForwardedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_submissions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incident_submissions_IncidentId_ToUnitId",
                table: "incident_submissions",
                columns: new[] { "IncidentId", "ToUnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_submissions_ToUnitId_SignedAt",
                table: "incident_submissions",
                columns: new[] { "ToUnitId", "SignedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incident_submissions");
        }
    }
}
