using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DutyDeadlinesMeanWhatTheySay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EventTypeCode",
                schema: "incidents",
                table: "reporting_rules",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "JurisdictionId",
                schema: "incidents",
                table: "reporting_rules",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReportToLevel",
                schema: "incidents",
                table: "reporting_rules",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ReportToUnitId",
                schema: "incidents",
                table: "reporting_rules",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FiledAt",
                schema: "incidents",
                table: "reporting_obligations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OwedUnitId",
                schema: "incidents",
                table: "reporting_obligations",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                schema: "incidents",
                table: "reporting_obligations",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "IsLateEntry",
                schema: "incidents",
                table: "phone_reports",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "LateEntryReason",
                schema: "incidents",
                table: "phone_reports",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LoggedAt",
                schema: "incidents",
                table: "phone_reports",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EventTypeCode",
                schema: "incidents",
                table: "reporting_rules");

            migrationBuilder.DropColumn(
                name: "JurisdictionId",
                schema: "incidents",
                table: "reporting_rules");

            migrationBuilder.DropColumn(
                name: "ReportToLevel",
                schema: "incidents",
                table: "reporting_rules");

            migrationBuilder.DropColumn(
                name: "ReportToUnitId",
                schema: "incidents",
                table: "reporting_rules");

            migrationBuilder.DropColumn(
                name: "FiledAt",
                schema: "incidents",
                table: "reporting_obligations");

            migrationBuilder.DropColumn(
                name: "OwedUnitId",
                schema: "incidents",
                table: "reporting_obligations");

            migrationBuilder.DropColumn(
                name: "Reason",
                schema: "incidents",
                table: "reporting_obligations");

            migrationBuilder.DropColumn(
                name: "IsLateEntry",
                schema: "incidents",
                table: "phone_reports");

            migrationBuilder.DropColumn(
                name: "LateEntryReason",
                schema: "incidents",
                table: "phone_reports");

            migrationBuilder.DropColumn(
                name: "LoggedAt",
                schema: "incidents",
                table: "phone_reports");
        }
    }
}
