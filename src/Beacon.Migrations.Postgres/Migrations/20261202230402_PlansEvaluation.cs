using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PlansEvaluation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "drill_evaluations",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DrillId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    TemplateId = table.Column<Guid>(type: "uuid", nullable: false),
                    TemplateTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Items = table.Column<string>(type: "text", nullable: false),
                    Sheets = table.Column<string>(type: "text", nullable: false),
                    Summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    EvaluatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EvaluatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drill_evaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "drill_findings",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DrillId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    TaskId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drill_findings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_templates",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Items = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluation_templates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "revision_tasks",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Trigger = table.Column<int>(type: "integer", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: true),
                    DrillId = table.Column<Guid>(type: "uuid", nullable: true),
                    FindingId = table.Column<Guid>(type: "uuid", nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OwnerUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DoneBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revision_tasks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_drill_evaluations_DrillId",
                schema: "plans",
                table: "drill_evaluations",
                column: "DrillId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_drill_evaluations_JurisdictionId",
                schema: "plans",
                table: "drill_evaluations",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_drill_findings_DrillId",
                schema: "plans",
                table: "drill_findings",
                column: "DrillId");

            migrationBuilder.CreateIndex(
                name: "IX_drill_findings_JurisdictionId",
                schema: "plans",
                table: "drill_findings",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_evaluation_templates_JurisdictionId",
                schema: "plans",
                table: "evaluation_templates",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_revision_tasks_JurisdictionId_DoneAt_DueOn",
                schema: "plans",
                table: "revision_tasks",
                columns: new[] { "JurisdictionId", "DoneAt", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_revision_tasks_OwnerUnitId_DoneAt",
                schema: "plans",
                table: "revision_tasks",
                columns: new[] { "OwnerUnitId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_revision_tasks_PlanId",
                schema: "plans",
                table: "revision_tasks",
                column: "PlanId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "drill_evaluations",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "drill_findings",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "evaluation_templates",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "revision_tasks",
                schema: "plans");
        }
    }
}
