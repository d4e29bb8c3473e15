using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDrill",
                table: "incidents_incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "plans_drill_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DrillId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_drill_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plans_drills",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganiserUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanIds = table.Column<string>(type: "TEXT", nullable: false),
                    ParticipantUnitIds = table.Column<string>(type: "TEXT", nullable: false),
                    Scenario = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SignWithinMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportWithinMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_drills", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plans_plan_activations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IncidentTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ActivatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TerminatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_plan_activations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plans_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuingUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventTypeCodes = table.Column<string>(type: "TEXT", nullable: false),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ApprovedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FiledOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ReviewCycleMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    LastReviewedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Levels = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plans_drill_injects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DrillId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EventTypeCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ScheduledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RandomTime = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_drill_injects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plans_drill_injects_plans_drills_DrillId",
                        column: x => x.DrillId,
                        principalTable: "plans_drills",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plans_plan_activation_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_plan_activation_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plans_plan_activation_entries_plans_plan_activations_ActivationId",
                        column: x => x.ActivationId,
                        principalTable: "plans_plan_activations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plans_plan_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Duties = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Checklist = table.Column<string>(type: "TEXT", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SignedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DoneBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_plan_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plans_plan_tasks_plans_plan_activations_ActivationId",
                        column: x => x.ActivationId,
                        principalTable: "plans_plan_activations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plans_plan_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EffectiveTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ChangeSummary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans_plan_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plans_plan_versions_plans_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "plans_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_plans_drill_deliveries_DrillId_UnitId",
                table: "plans_drill_deliveries",
                columns: new[] { "DrillId", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_drill_deliveries_IncidentId",
                table: "plans_drill_deliveries",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_plans_drill_injects_DeliveredAt_ScheduledAt",
                table: "plans_drill_injects",
                columns: new[] { "DeliveredAt", "ScheduledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_drill_injects_DrillId",
                table: "plans_drill_injects",
                column: "DrillId");

            migrationBuilder.CreateIndex(
                name: "IX_plans_drills_JurisdictionId_StartsAt",
                table: "plans_drills",
                columns: new[] { "JurisdictionId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_plan_activation_entries_ActivationId_At",
                table: "plans_plan_activation_entries",
                columns: new[] { "ActivationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_plan_activations_IncidentId_ActivatedAt",
                table: "plans_plan_activations",
                columns: new[] { "IncidentId", "ActivatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_plan_activations_JurisdictionId_Status",
                table: "plans_plan_activations",
                columns: new[] { "JurisdictionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_plan_tasks_ActivationId",
                table: "plans_plan_tasks",
                column: "ActivationId");

            migrationBuilder.CreateIndex(
                name: "IX_plans_plan_tasks_JurisdictionId_DoneAt",
                table: "plans_plan_tasks",
                columns: new[] { "JurisdictionId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_plan_tasks_UnitId_DoneAt",
                table: "plans_plan_tasks",
                columns: new[] { "UnitId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_plan_versions_PlanId_EffectiveFrom",
                table: "plans_plan_versions",
                columns: new[] { "PlanId", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_plans_JurisdictionId_Status",
                table: "plans_plans",
                columns: new[] { "JurisdictionId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plans_drill_deliveries");

            migrationBuilder.DropTable(
                name: "plans_drill_injects");

            migrationBuilder.DropTable(
                name: "plans_plan_activation_entries");

            migrationBuilder.DropTable(
                name: "plans_plan_tasks");

            migrationBuilder.DropTable(
                name: "plans_plan_versions");

            migrationBuilder.DropTable(
                name: "plans_drills");

            migrationBuilder.DropTable(
                name: "plans_plan_activations");

            migrationBuilder.DropTable(
                name: "plans_plans");

            migrationBuilder.DropColumn(
                name: "IsDrill",
                table: "incidents_incidents");
        }
    }
}
