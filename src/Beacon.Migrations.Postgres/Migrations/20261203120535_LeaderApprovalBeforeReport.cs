using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LeaderApprovalBeforeReport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "report_approval_rules",
                schema: "incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    IsRequired = table.Column<bool>(type: "boolean", nullable: false),
                    MinSeverity = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_approval_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "report_approvals",
                schema: "incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Delivery = table.Column<int>(type: "integer", nullable: false),
                    Assessment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Resubmissions = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_approvals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_report_approval_rules_JurisdictionId",
                schema: "incidents",
                table: "report_approval_rules",
                column: "JurisdictionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_report_approvals_FromUnitId_State",
                schema: "incidents",
                table: "report_approvals",
                columns: new[] { "FromUnitId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_report_approvals_IncidentId_State",
                schema: "incidents",
                table: "report_approvals",
                columns: new[] { "IncidentId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_approval_rules",
                schema: "incidents");

            migrationBuilder.DropTable(
                name: "report_approvals",
                schema: "incidents");
        }
    }
}
