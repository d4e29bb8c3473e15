using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AlertsBeforeDeadlineAndEscalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_duty_alerts_ObligationId_UnitId",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_duty_alerts_VerificationRequestId_UnitId",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DueSoonAlertedAt",
                schema: "incidents",
                table: "verification_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DueSoonAlertedAt",
                schema: "incidents",
                table: "reporting_obligations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DueSoonAlertedDueAt",
                schema: "incidents",
                table: "instruction_assignments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SignAlertedAt",
                schema: "incidents",
                table: "incident_submissions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SignDueSoonAlertedAt",
                schema: "incidents",
                table: "incident_submissions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EscalateAt",
                schema: "incidents",
                table: "duty_alerts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EscalatedAt",
                schema: "incidents",
                table: "duty_alerts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                schema: "incidents",
                table: "duty_alerts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "SubmissionId",
                schema: "incidents",
                table: "duty_alerts",
                type: "uuid",
                nullable: true);

            // Reports submitted before the signing deadline existed owe none (decision 0040): no flood of alerts on upgrade.
            migrationBuilder.Sql("UPDATE incidents.incident_submissions SET \"SignAlertedAt\" = \"SubmittedAt\", \"SignDueSoonAlertedAt\" = \"SubmittedAt\" WHERE \"SignedAt\" IS NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_verification_requests_AlertedAt_AnsweredAt_DueAt",
                schema: "incidents",
                table: "verification_requests",
                columns: new[] { "AlertedAt", "AnsweredAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_verification_requests_DueSoonAlertedAt_AnsweredAt_DueAt",
                schema: "incidents",
                table: "verification_requests",
                columns: new[] { "DueSoonAlertedAt", "AnsweredAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reporting_obligations_AlertedAt_MetAt_CancelledAt_DueAt",
                schema: "incidents",
                table: "reporting_obligations",
                columns: new[] { "AlertedAt", "MetAt", "CancelledAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reporting_obligations_DueSoonAlertedAt_MetAt_CancelledAt_Du~",
                schema: "incidents",
                table: "reporting_obligations",
                columns: new[] { "DueSoonAlertedAt", "MetAt", "CancelledAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_instructions_DueAt",
                schema: "incidents",
                table: "instructions",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_incident_submissions_SignedAt_SignAlertedAt_SubmittedAt",
                schema: "incidents",
                table: "incident_submissions",
                columns: new[] { "SignedAt", "SignAlertedAt", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incident_submissions_SignedAt_SignDueSoonAlertedAt_Submitte~",
                schema: "incidents",
                table: "incident_submissions",
                columns: new[] { "SignedAt", "SignDueSoonAlertedAt", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_duty_alerts_EscalateAt",
                schema: "incidents",
                table: "duty_alerts",
                column: "EscalateAt");

            migrationBuilder.CreateIndex(
                name: "IX_duty_alerts_ObligationId_UnitId_Kind",
                schema: "incidents",
                table: "duty_alerts",
                columns: new[] { "ObligationId", "UnitId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_duty_alerts_SubmissionId_UnitId_Kind",
                schema: "incidents",
                table: "duty_alerts",
                columns: new[] { "SubmissionId", "UnitId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_duty_alerts_VerificationRequestId_UnitId_Kind",
                schema: "incidents",
                table: "duty_alerts",
                columns: new[] { "VerificationRequestId", "UnitId", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_verification_requests_AlertedAt_AnsweredAt_DueAt",
                schema: "incidents",
                table: "verification_requests");

            migrationBuilder.DropIndex(
                name: "IX_verification_requests_DueSoonAlertedAt_AnsweredAt_DueAt",
                schema: "incidents",
                table: "verification_requests");

            migrationBuilder.DropIndex(
                name: "IX_reporting_obligations_AlertedAt_MetAt_CancelledAt_DueAt",
                schema: "incidents",
                table: "reporting_obligations");

            migrationBuilder.DropIndex(
                name: "IX_reporting_obligations_DueSoonAlertedAt_MetAt_CancelledAt_Du~",
                schema: "incidents",
                table: "reporting_obligations");

            migrationBuilder.DropIndex(
                name: "IX_instructions_DueAt",
                schema: "incidents",
                table: "instructions");

            migrationBuilder.DropIndex(
                name: "IX_incident_submissions_SignedAt_SignAlertedAt_SubmittedAt",
                schema: "incidents",
                table: "incident_submissions");

            migrationBuilder.DropIndex(
                name: "IX_incident_submissions_SignedAt_SignDueSoonAlertedAt_Submitte~",
                schema: "incidents",
                table: "incident_submissions");

            migrationBuilder.DropIndex(
                name: "IX_duty_alerts_EscalateAt",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_duty_alerts_ObligationId_UnitId_Kind",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_duty_alerts_SubmissionId_UnitId_Kind",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_duty_alerts_VerificationRequestId_UnitId_Kind",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropColumn(
                name: "DueSoonAlertedAt",
                schema: "incidents",
                table: "verification_requests");

            migrationBuilder.DropColumn(
                name: "DueSoonAlertedAt",
                schema: "incidents",
                table: "reporting_obligations");

            migrationBuilder.DropColumn(
                name: "DueSoonAlertedDueAt",
                schema: "incidents",
                table: "instruction_assignments");

            migrationBuilder.DropColumn(
                name: "SignAlertedAt",
                schema: "incidents",
                table: "incident_submissions");

            migrationBuilder.DropColumn(
                name: "SignDueSoonAlertedAt",
                schema: "incidents",
                table: "incident_submissions");

            migrationBuilder.DropColumn(
                name: "EscalateAt",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropColumn(
                name: "Kind",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.DropColumn(
                name: "SubmissionId",
                schema: "incidents",
                table: "duty_alerts");

            migrationBuilder.CreateIndex(
                name: "IX_duty_alerts_ObligationId_UnitId",
                schema: "incidents",
                table: "duty_alerts",
                columns: new[] { "ObligationId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_duty_alerts_VerificationRequestId_UnitId",
                schema: "incidents",
                table: "duty_alerts",
                columns: new[] { "VerificationRequestId", "UnitId" },
                unique: true);
        }
    }
}
