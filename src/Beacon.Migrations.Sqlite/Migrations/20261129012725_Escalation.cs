using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Assessment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SkipsLevel = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsNotification = table.Column<bool>(type: "INTEGER", nullable: false),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SignedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ForwardedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
