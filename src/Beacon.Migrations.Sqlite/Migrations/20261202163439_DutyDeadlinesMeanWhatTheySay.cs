using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DutyDeadlinesMeanWhatTheySay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EventTypeCode",
                table: "incidents_reporting_rules",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "JurisdictionId",
                table: "incidents_reporting_rules",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReportToLevel",
                table: "incidents_reporting_rules",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ReportToUnitId",
                table: "incidents_reporting_rules",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FiledAt",
                table: "incidents_reporting_obligations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OwedUnitId",
                table: "incidents_reporting_obligations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "incidents_reporting_obligations",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "IsLateEntry",
                table: "incidents_phone_reports",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "LateEntryReason",
                table: "incidents_phone_reports",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LoggedAt",
                table: "incidents_phone_reports",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EventTypeCode",
                table: "incidents_reporting_rules");

            migrationBuilder.DropColumn(
                name: "JurisdictionId",
                table: "incidents_reporting_rules");

            migrationBuilder.DropColumn(
                name: "ReportToLevel",
                table: "incidents_reporting_rules");

            migrationBuilder.DropColumn(
                name: "ReportToUnitId",
                table: "incidents_reporting_rules");

            migrationBuilder.DropColumn(
                name: "FiledAt",
                table: "incidents_reporting_obligations");

            migrationBuilder.DropColumn(
                name: "OwedUnitId",
                table: "incidents_reporting_obligations");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "incidents_reporting_obligations");

            migrationBuilder.DropColumn(
                name: "IsLateEntry",
                table: "incidents_phone_reports");

            migrationBuilder.DropColumn(
                name: "LateEntryReason",
                table: "incidents_phone_reports");

            migrationBuilder.DropColumn(
                name: "LoggedAt",
                table: "incidents_phone_reports");
        }
    }
}
