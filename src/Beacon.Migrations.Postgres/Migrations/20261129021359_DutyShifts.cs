using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DutyShifts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "duty_shifts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DutyOfficers = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LeaderOnDuty = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_duty_shifts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_duty_shifts_JurisdictionId_StartsAt",
                table: "duty_shifts",
                columns: new[] { "JurisdictionId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_duty_shifts_UnitId_StartsAt",
                table: "duty_shifts",
                columns: new[] { "UnitId", "StartsAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "duty_shifts");
        }
    }
}
