using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddRisks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "risks_bulletins",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    IssueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IssuingOffice = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Editor = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Signer = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Distribution = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 64000, nullable: false),
                    CompiledBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CompiledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_bulletins", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risks_hazards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    KindCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ResponsibleDepartment = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LocationKind = table.Column<int>(type: "INTEGER", nullable: false),
                    Coordinates = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: true),
                    MajorGrade = table.Column<int>(type: "INTEGER", nullable: true),
                    RiskValue = table.Column<double>(type: "REAL", nullable: true),
                    AssessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ControlMeasures = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ResponsiblePerson = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_hazards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risks_kinds",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    IsChemical = table.Column<bool>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_kinds", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "risks_matrix_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    ScaleMax = table.Column<int>(type: "INTEGER", nullable: false),
                    GeneralFrom = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsiderableFrom = table.Column<int>(type: "INTEGER", nullable: false),
                    MajorFrom = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_matrix_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risks_rectifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HazardId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RoundId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Measures = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DoneNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    VerifiedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    VerificationNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_rectifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risks_rounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    KindCodes = table.Column<string>(type: "TEXT", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    IssuerUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IssuerJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemindAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_rounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risks_substances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CasNumber = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    CriticalTonnes = table.Column<double>(type: "REAL", nullable: false),
                    Beta = table.Column<double>(type: "REAL", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_substances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risks_bulletin_sections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BulletinId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Heading = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_bulletin_sections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risks_bulletin_sections_risks_bulletins_BulletinId",
                        column: x => x.BulletinId,
                        principalTable: "risks_bulletins",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risks_assessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HazardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Method = table.Column<int>(type: "INTEGER", nullable: false),
                    Likelihood = table.Column<int>(type: "INTEGER", nullable: true),
                    Severity = table.Column<int>(type: "INTEGER", nullable: true),
                    PeopleWithin500m = table.Column<int>(type: "INTEGER", nullable: true),
                    Alpha = table.Column<double>(type: "REAL", nullable: true),
                    Substances = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RiskValue = table.Column<double>(type: "REAL", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    MajorGrade = table.Column<int>(type: "INTEGER", nullable: true),
                    BandsVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ControlMeasures = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ResponsiblePerson = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    AssessedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AssessedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risks_assessments_risks_hazards_HazardId",
                        column: x => x.HazardId,
                        principalTable: "risks_hazards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "risks_round_targets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoundId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemindAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemindedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReturnedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReturnedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IsNil = table.Column<bool>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_round_targets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risks_round_targets_risks_rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "risks_rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "risks_round_findings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    HazardId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RectificationId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risks_round_findings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risks_round_findings_risks_round_targets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "risks_round_targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_risks_assessments_HazardId_AssessedAt",
                table: "risks_assessments",
                columns: new[] { "HazardId", "AssessedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_risks_bulletin_sections_BulletinId_Order",
                table: "risks_bulletin_sections",
                columns: new[] { "BulletinId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_risks_bulletins_JurisdictionId_Year_Number",
                table: "risks_bulletins",
                columns: new[] { "JurisdictionId", "Year", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risks_hazards_JurisdictionId_Level",
                table: "risks_hazards",
                columns: new[] { "JurisdictionId", "Level" });

            migrationBuilder.CreateIndex(
                name: "IX_risks_hazards_KindCode",
                table: "risks_hazards",
                column: "KindCode");

            migrationBuilder.CreateIndex(
                name: "IX_risks_rectifications_HazardId",
                table: "risks_rectifications",
                column: "HazardId");

            migrationBuilder.CreateIndex(
                name: "IX_risks_rectifications_JurisdictionId_Status_DueAt",
                table: "risks_rectifications",
                columns: new[] { "JurisdictionId", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_risks_round_findings_TargetId",
                table: "risks_round_findings",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_risks_round_targets_JurisdictionId_ReturnedAt",
                table: "risks_round_targets",
                columns: new[] { "JurisdictionId", "ReturnedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_risks_round_targets_RoundId_UnitId",
                table: "risks_round_targets",
                columns: new[] { "RoundId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risks_rounds_IssuerJurisdictionId_DueAt",
                table: "risks_rounds",
                columns: new[] { "IssuerJurisdictionId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_risks_substances_Name",
                table: "risks_substances",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risks_assessments");

            migrationBuilder.DropTable(
                name: "risks_bulletin_sections");

            migrationBuilder.DropTable(
                name: "risks_kinds");

            migrationBuilder.DropTable(
                name: "risks_matrix_settings");

            migrationBuilder.DropTable(
                name: "risks_rectifications");

            migrationBuilder.DropTable(
                name: "risks_round_findings");

            migrationBuilder.DropTable(
                name: "risks_substances");

            migrationBuilder.DropTable(
                name: "risks_hazards");

            migrationBuilder.DropTable(
                name: "risks_bulletins");

            migrationBuilder.DropTable(
                name: "risks_round_targets");

            migrationBuilder.DropTable(
                name: "risks_rounds");
        }
    }
}
