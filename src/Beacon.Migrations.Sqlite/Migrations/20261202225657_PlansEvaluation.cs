using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PlansEvaluation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "plans_drill_evaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DrillId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Items = table.Column<string>(type: "TEXT", nullable: false),
                    Sheets = table.Column<string>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    EvaluatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EvaluatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_drill_evaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plans_drill_findings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DrillId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_drill_findings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plans_evaluation_templates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Items = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_evaluation_templates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plans_revision_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<int>(type: "INTEGER", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DrillId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FindingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OwnerUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DoneBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_revision_tasks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_plans_drill_evaluations_DrillId",
                table: "plans_drill_evaluations",
                column: "DrillId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plans_drill_evaluations_JurisdictionId",
                table: "plans_drill_evaluations",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_plans_drill_findings_DrillId",
                table: "plans_drill_findings",
                column: "DrillId");

            migrationBuilder.CreateIndex(
                name: "IX_plans_drill_findings_JurisdictionId",
                table: "plans_drill_findings",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_plans_evaluation_templates_JurisdictionId",
                table: "plans_evaluation_templates",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_plans_revision_tasks_JurisdictionId_DoneAt_DueOn",
                table: "plans_revision_tasks",
                columns: new[] { "JurisdictionId", "DoneAt", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_revision_tasks_OwnerUnitId_DoneAt",
                table: "plans_revision_tasks",
                columns: new[] { "OwnerUnitId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_revision_tasks_PlanId",
                table: "plans_revision_tasks",
                column: "PlanId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plans_drill_evaluations");

            migrationBuilder.DropTable(
                name: "plans_drill_findings");

            migrationBuilder.DropTable(
                name: "plans_evaluation_templates");

            migrationBuilder.DropTable(
                name: "plans_revision_tasks");
        }
    }
}
