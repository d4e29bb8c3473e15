using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "plans");

            migrationBuilder.AddColumn<bool>(
                name: "IsDrill",
                schema: "incidents",
                table: "incidents",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "drill_deliveries",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DrillId = table.Column<Guid>(type: "uuid", nullable: false),
                    InjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drill_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "drills",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    OrganiserUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    ParticipantUnitIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    Scenario = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SignWithinMinutes = table.Column<int>(type: "integer", nullable: false),
                    ReportWithinMinutes = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drills", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plan_activations",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IncidentTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ActivatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActivatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TerminatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_activations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    IssuingUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventTypeCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    DocumentNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ApprovedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FiledOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ReviewCycleMonths = table.Column<int>(type: "integer", nullable: true),
                    LastReviewedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Levels = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "drill_injects",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DrillId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EventTypeCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ScheduledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RandomTime = table.Column<bool>(type: "boolean", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drill_injects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_drill_injects_drills_DrillId",
                        column: x => x.DrillId,
                        principalSchema: "plans",
                        principalTable: "drills",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_activation_entries",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_activation_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plan_activation_entries_plan_activations_ActivationId",
                        column: x => x.ActivationId,
                        principalSchema: "plans",
                        principalTable: "plan_activations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plan_tasks",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivationId = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Group = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Duties = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Checklist = table.Column<List<string>>(type: "text[]", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SignedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DoneBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plan_tasks_plan_activations_ActivationId",
                        column: x => x.ActivationId,
                        principalSchema: "plans",
                        principalTable: "plan_activations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plan_versions",
                schema: "plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    EffectiveTo = table.Column<DateOnly>(type: "date", nullable: true),
                    ChangeSummary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plan_versions_plans_PlanId",
                        column: x => x.PlanId,
                        principalSchema: "plans",
                        principalTable: "plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_drill_deliveries_DrillId_UnitId",
                schema: "plans",
                table: "drill_deliveries",
                columns: new[] { "DrillId", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_drill_deliveries_IncidentId",
                schema: "plans",
                table: "drill_deliveries",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_drill_injects_DeliveredAt_ScheduledAt",
                schema: "plans",
                table: "drill_injects",
                columns: new[] { "DeliveredAt", "ScheduledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_drill_injects_DrillId",
                schema: "plans",
                table: "drill_injects",
                column: "DrillId");

            migrationBuilder.CreateIndex(
                name: "IX_drills_JurisdictionId_StartsAt",
                schema: "plans",
                table: "drills",
                columns: new[] { "JurisdictionId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_activation_entries_ActivationId_At",
                schema: "plans",
                table: "plan_activation_entries",
                columns: new[] { "ActivationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_activations_IncidentId_ActivatedAt",
                schema: "plans",
                table: "plan_activations",
                columns: new[] { "IncidentId", "ActivatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_activations_JurisdictionId_Status",
                schema: "plans",
                table: "plan_activations",
                columns: new[] { "JurisdictionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_tasks_ActivationId",
                schema: "plans",
                table: "plan_tasks",
                column: "ActivationId");

            migrationBuilder.CreateIndex(
                name: "IX_plan_tasks_JurisdictionId_DoneAt",
                schema: "plans",
                table: "plan_tasks",
                columns: new[] { "JurisdictionId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_tasks_UnitId_DoneAt",
                schema: "plans",
                table: "plan_tasks",
                columns: new[] { "UnitId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_versions_PlanId_EffectiveFrom",
                schema: "plans",
                table: "plan_versions",
                columns: new[] { "PlanId", "EffectiveFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_JurisdictionId_Status",
                schema: "plans",
                table: "plans",
                columns: new[] { "JurisdictionId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "drill_deliveries",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "drill_injects",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "plan_activation_entries",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "plan_tasks",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "plan_versions",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "drills",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "plan_activations",
                schema: "plans");

            migrationBuilder.DropTable(
                name: "plans",
                schema: "plans");

            migrationBuilder.DropColumn(
                name: "IsDrill",
                schema: "incidents",
                table: "incidents");
        }
    }
}
