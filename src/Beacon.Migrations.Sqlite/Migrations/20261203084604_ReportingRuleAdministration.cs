using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReportingRuleAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "incidents_reporting_rules",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EffectiveFrom",
                table: "incidents_reporting_rules",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RetiredAt",
                table: "incidents_reporting_rules",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredBy",
                table: "incidents_reporting_rules",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "incidents_reporting_rules",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "incidents_reporting_rules");

            migrationBuilder.DropColumn(
                name: "EffectiveFrom",
                table: "incidents_reporting_rules");

            migrationBuilder.DropColumn(
                name: "RetiredAt",
                table: "incidents_reporting_rules");

            migrationBuilder.DropColumn(
                name: "RetiredBy",
                table: "incidents_reporting_rules");

            migrationBuilder.DropColumn(
                name: "UpdatedBy",
                table: "incidents_reporting_rules");
        }
    }
}
