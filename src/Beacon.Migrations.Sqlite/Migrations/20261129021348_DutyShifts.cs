using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DutyOfficers = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LeaderOnDuty = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
