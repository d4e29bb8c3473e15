using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ReportingRuleAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                schema: "incidents",
                table: "reporting_rules",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EffectiveFrom",
                schema: "incidents",
                table: "reporting_rules",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetiredAt",
                schema: "incidents",
                table: "reporting_rules",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredBy",
                schema: "incidents",
                table: "reporting_rules",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                schema: "incidents",
                table: "reporting_rules",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedBy",
                schema: "incidents",
                table: "reporting_rules");

            migrationBuilder.DropColumn(
                name: "EffectiveFrom",
                schema: "incidents",
                table: "reporting_rules");

            migrationBuilder.DropColumn(
                name: "RetiredAt",
                schema: "incidents",
                table: "reporting_rules");

            migrationBuilder.DropColumn(
                name: "RetiredBy",
                schema: "incidents",
                table: "reporting_rules");

            migrationBuilder.DropColumn(
                name: "UpdatedBy",
                schema: "incidents",
                table: "reporting_rules");
        }
    }
}
