using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DutyAlertsForVerificationAndSupervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AlertedAt",
                schema: "incidents",
                table: "verification_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AlertedDueAt",
                schema: "incidents",
                table: "instruction_assignments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "ObligationId",
                schema: "incidents",
                table: "duty_alerts",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AlterColumn<Guid>(
                name: "IncidentId",
                schema: "incidents",
                table: "duty_alerts",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "AssignmentId",
                schema: "incidents",
                table: "duty_alerts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "VerificationRequestId",
                schema: "incidents",
                table: "duty_alerts",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_duty_alerts_AssignmentId",
                schema: "incidents",
                table: "duty_alerts",
                column: "AssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_duty_alerts_VerificationRequestId_UnitId",
                schema: "incidents",
                table: "duty_alerts",
                columns: new[] { "VerificationRequestId", "UnitId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_duty_alerts_AssignmentId",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_duty_alerts_VerificationRequestId_UnitId",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropColumn(
                name: "AlertedAt",
                schema: "incidents",
                table: "verification_requests");

            migrationBuilder.DropColumn(
                name: "AlertedDueAt",
                schema: "incidents",
                table: "instruction_assignments");

            migrationBuilder.DropColumn(
                name: "AssignmentId",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropColumn(
                name: "VerificationRequestId",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.AlterColumn<Guid>(
                name: "ObligationId",
                schema: "incidents",
                table: "duty_alerts",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "IncidentId",
                schema: "incidents",
                table: "duty_alerts",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
