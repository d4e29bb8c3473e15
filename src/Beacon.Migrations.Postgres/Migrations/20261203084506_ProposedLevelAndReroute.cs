using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ProposedLevelAndReroute : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SkippedAt",
                schema: "incidents",
                table: "incident_submissions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FinalConfirmation",
                schema: "incidents",
                table: "incident_reports",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedReason",
                schema: "incidents",
                table: "incident_reports",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProposedSeverity",
                schema: "incidents",
                table: "incident_reports",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SkippedAt",
                schema: "incidents",
                table: "incident_submissions");

            migrationBuilder.DropColumn(
                name: "FinalConfirmation",
                schema: "incidents",
                table: "incident_reports");

            migrationBuilder.DropColumn(
                name: "ProposedReason",
                schema: "incidents",
                table: "incident_reports");

            migrationBuilder.DropColumn(
                name: "ProposedSeverity",
                schema: "incidents",
                table: "incident_reports");
        }
    }
}
