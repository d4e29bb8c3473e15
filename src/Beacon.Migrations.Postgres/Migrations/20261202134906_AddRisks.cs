using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddRisks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "risks");

            migrationBuilder.CreateTable(
                name: "bulletins",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    IssueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "date", nullable: false),
                    IssuingOffice = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Editor = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Signer = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Distribution = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SearchText = table.Column<string>(type: "character varying(64000)", maxLength: 64000, nullable: false),
                    CompiledBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CompiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bulletins", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "hazards",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    KindCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ResponsibleDepartment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    LocationKind = table.Column<int>(type: "integer", nullable: false),
                    Coordinates = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: true),
                    MajorGrade = table.Column<int>(type: "integer", nullable: true),
                    RiskValue = table.Column<double>(type: "double precision", nullable: true),
                    AssessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ControlMeasures = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ResponsiblePerson = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hazards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "kinds",
                schema: "risks",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    IsChemical = table.Column<bool>(type: "boolean", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kinds", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "matrix_settings",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    ScaleMax = table.Column<int>(type: "integer", nullable: false),
                    GeneralFrom = table.Column<int>(type: "integer", nullable: false),
                    ConsiderableFrom = table.Column<int>(type: "integer", nullable: false),
                    MajorFrom = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_matrix_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rectifications",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    HazardId = table.Column<Guid>(type: "uuid", nullable: true),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: true),
                    Owner = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Measures = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DoneNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    VerifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    VerifiedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    VerificationNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rectifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rounds",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    KindCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    IssuerUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    IssuerJurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemindAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "substances",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CasNumber = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    CriticalTonnes = table.Column<double>(type: "double precision", nullable: false),
                    Beta = table.Column<double>(type: "double precision", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_substances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bulletin_sections",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BulletinId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Heading = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bulletin_sections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_bulletin_sections_bulletins_BulletinId",
                        column: x => x.BulletinId,
                        principalSchema: "risks",
                        principalTable: "bulletins",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assessments",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HazardId = table.Column<Guid>(type: "uuid", nullable: false),
                    Method = table.Column<int>(type: "integer", nullable: false),
                    Likelihood = table.Column<int>(type: "integer", nullable: true),
                    Severity = table.Column<int>(type: "integer", nullable: true),
                    PeopleWithin500m = table.Column<int>(type: "integer", nullable: true),
                    Alpha = table.Column<double>(type: "double precision", nullable: true),
                    Substances = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RiskValue = table.Column<double>(type: "double precision", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    MajorGrade = table.Column<int>(type: "integer", nullable: true),
                    BandsVersion = table.Column<int>(type: "integer", nullable: false),
                    ControlMeasures = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ResponsiblePerson = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    AssessedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AssessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessments_hazards_HazardId",
                        column: x => x.HazardId,
                        principalSchema: "risks",
                        principalTable: "hazards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "round_targets",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemindAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemindedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IsNil = table.Column<bool>(type: "boolean", nullable: false),
                    Summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_round_targets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_round_targets_rounds_RoundId",
                        column: x => x.RoundId,
                        principalSchema: "risks",
                        principalTable: "rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "round_findings",
                schema: "risks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    HazardId = table.Column<Guid>(type: "uuid", nullable: true),
                    RectificationId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_round_findings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_round_findings_round_targets_TargetId",
                        column: x => x.TargetId,
                        principalSchema: "risks",
                        principalTable: "round_targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assessments_HazardId_AssessedAt",
                schema: "risks",
                table: "assessments",
                columns: new[] { "HazardId", "AssessedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_bulletin_sections_BulletinId_Order",
                schema: "risks",
                table: "bulletin_sections",
                columns: new[] { "BulletinId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_bulletins_JurisdictionId_Year_Number",
                schema: "risks",
                table: "bulletins",
                columns: new[] { "JurisdictionId", "Year", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_hazards_JurisdictionId_Level",
                schema: "risks",
                table: "hazards",
                columns: new[] { "JurisdictionId", "Level" });

            migrationBuilder.CreateIndex(
                name: "IX_hazards_KindCode",
                schema: "risks",
                table: "hazards",
                column: "KindCode");

            migrationBuilder.CreateIndex(
                name: "IX_rectifications_HazardId",
                schema: "risks",
                table: "rectifications",
                column: "HazardId");

            migrationBuilder.CreateIndex(
                name: "IX_rectifications_JurisdictionId_Status_DueAt",
                schema: "risks",
                table: "rectifications",
                columns: new[] { "JurisdictionId", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_round_findings_TargetId",
                schema: "risks",
                table: "round_findings",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_round_targets_JurisdictionId_ReturnedAt",
                schema: "risks",
                table: "round_targets",
                columns: new[] { "JurisdictionId", "ReturnedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_round_targets_RoundId_UnitId",
                schema: "risks",
                table: "round_targets",
                columns: new[] { "RoundId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rounds_IssuerJurisdictionId_DueAt",
                schema: "risks",
                table: "rounds",
                columns: new[] { "IssuerJurisdictionId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_substances_Name",
                schema: "risks",
                table: "substances",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assessments",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "bulletin_sections",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "kinds",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "matrix_settings",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "rectifications",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "round_findings",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "substances",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "hazards",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "bulletins",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "round_targets",
                schema: "risks");

            migrationBuilder.DropTable(
                name: "rounds",
                schema: "risks");
        }
    }
}
