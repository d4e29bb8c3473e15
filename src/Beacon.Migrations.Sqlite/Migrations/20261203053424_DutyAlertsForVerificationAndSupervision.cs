using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DutyAlertsForVerificationAndSupervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AlertedAt",
                table: "incidents_verification_requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AlertedDueAt",
                table: "incidents_instruction_assignments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "ObligationId",
                table: "incidents_duty_alerts",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<Guid>(
                name: "IncidentId",
                table: "incidents_duty_alerts",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<Guid>(
                name: "AssignmentId",
                table: "incidents_duty_alerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "VerificationRequestId",
                table: "incidents_duty_alerts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_duty_alerts_AssignmentId",
                table: "incidents_duty_alerts",
                column: "AssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_duty_alerts_VerificationRequestId_UnitId",
                table: "incidents_duty_alerts",
                columns: new[] { "VerificationRequestId", "UnitId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_duty_alerts_AssignmentId",
                table: "incidents_duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_incidents_duty_alerts_VerificationRequestId_UnitId",
                table: "incidents_duty_alerts");

            migrationBuilder.DropColumn(
                name: "AlertedAt",
                table: "incidents_verification_requests");

            migrationBuilder.DropColumn(
                name: "AlertedDueAt",
                table: "incidents_instruction_assignments");

            migrationBuilder.DropColumn(
                name: "AssignmentId",
                table: "incidents_duty_alerts");

            migrationBuilder.DropColumn(
                name: "VerificationRequestId",
                table: "incidents_duty_alerts");

            migrationBuilder.AlterColumn<Guid>(
                name: "ObligationId",
                table: "incidents_duty_alerts",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "IncidentId",
                table: "incidents_duty_alerts",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
