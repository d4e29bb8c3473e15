using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Incidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_types",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Class = table.Column<int>(type: "INTEGER", nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_types", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    OriginUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OriginJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EventTypeCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    IsSensitive = table.Column<bool>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LearnedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LocationJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TownshipCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    Narrative = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Measures = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Affected = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Deaths = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_DirectLossTenThousandYuan = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Casualties_Evacuated = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Injured = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Missing = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Trapped = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "phone_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Caller = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Callee = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CalledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    LoggedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_phone_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reporting_obligations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportTo = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MetAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AlertedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporting_obligations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reporting_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    MinSeverity = table.Column<int>(type: "INTEGER", nullable: true),
                    CoversSensitive = table.Column<bool>(type: "INTEGER", nullable: false),
                    EventClass = table.Column<int>(type: "INTEGER", nullable: true),
                    OriginTier = table.Column<int>(type: "INTEGER", nullable: true),
                    PhoneMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    WrittenMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    FollowUpEveryMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    ReportTo = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporting_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incident_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmittedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    IsSensitive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Narrative = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Measures = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    NextSteps = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Signer = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Casualties_Affected = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Deaths = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_DirectLossTenThousandYuan = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Casualties_Evacuated = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Injured = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Missing = table.Column<int>(type: "INTEGER", nullable: false),
                    Casualties_Trapped = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_reports_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_event_types_Code",
                table: "event_types",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_reports_IncidentId_Sequence",
                table: "incident_reports",
                columns: new[] { "IncidentId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_Number",
                table: "incidents",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_OriginJurisdictionId_LearnedAt",
                table: "incidents",
                columns: new[] { "OriginJurisdictionId", "LearnedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_phone_reports_IncidentId",
                table: "phone_reports",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_reporting_obligations_IncidentId_RuleId_Channel_Kind_Sequence",
                table: "reporting_obligations",
                columns: new[] { "IncidentId", "RuleId", "Channel", "Kind", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reporting_obligations_JurisdictionId_MetAt_DueAt",
                table: "reporting_obligations",
                columns: new[] { "JurisdictionId", "MetAt", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_types");

            migrationBuilder.DropTable(
                name: "incident_reports");

            migrationBuilder.DropTable(
                name: "phone_reports");

            migrationBuilder.DropTable(
                name: "reporting_obligations");

            migrationBuilder.DropTable(
                name: "reporting_rules");

            migrationBuilder.DropTable(
                name: "incidents");
        }
    }
}
