using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LeaderApprovalBeforeReport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incidents_report_approval_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IsRequired = table.Column<bool>(type: "INTEGER", nullable: false),
                    MinSeverity = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_report_approval_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents_report_approvals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Delivery = table.Column<int>(type: "INTEGER", nullable: false),
                    Assessment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Resubmissions = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_report_approvals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_report_approval_rules_JurisdictionId",
                table: "incidents_report_approval_rules",
                column: "JurisdictionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_report_approvals_FromUnitId_State",
                table: "incidents_report_approvals",
                columns: new[] { "FromUnitId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_report_approvals_IncidentId_State",
                table: "incidents_report_approvals",
                columns: new[] { "IncidentId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incidents_report_approval_rules");

            migrationBuilder.DropTable(
                name: "incidents_report_approvals");
        }
    }
}
