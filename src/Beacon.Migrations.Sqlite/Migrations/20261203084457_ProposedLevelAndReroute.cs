using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProposedLevelAndReroute : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SkippedAt",
                table: "incidents_incident_submissions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FinalConfirmation",
                table: "incidents_incident_reports",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedReason",
                table: "incidents_incident_reports",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProposedSeverity",
                table: "incidents_incident_reports",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SkippedAt",
                table: "incidents_incident_submissions");

            migrationBuilder.DropColumn(
                name: "FinalConfirmation",
                table: "incidents_incident_reports");

            migrationBuilder.DropColumn(
                name: "ProposedReason",
                table: "incidents_incident_reports");

            migrationBuilder.DropColumn(
                name: "ProposedSeverity",
                table: "incidents_incident_reports");
        }
    }
}
