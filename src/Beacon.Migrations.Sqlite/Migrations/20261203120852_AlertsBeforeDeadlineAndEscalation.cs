using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AlertsBeforeDeadlineAndEscalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_duty_alerts_ObligationId_UnitId",
                table: "incidents_duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_incidents_duty_alerts_VerificationRequestId_UnitId",
                table: "incidents_duty_alerts");

            migrationBuilder.AddColumn<long>(
                name: "DueSoonAlertedAt",
                table: "incidents_verification_requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DueSoonAlertedAt",
                table: "incidents_reporting_obligations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DueSoonAlertedDueAt",
                table: "incidents_instruction_assignments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SignAlertedAt",
                table: "incidents_incident_submissions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SignDueSoonAlertedAt",
                table: "incidents_incident_submissions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EscalateAt",
                table: "incidents_duty_alerts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EscalatedAt",
                table: "incidents_duty_alerts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "incidents_duty_alerts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "SubmissionId",
                table: "incidents_duty_alerts",
                type: "TEXT",
                nullable: true);

            // Reports submitted before the signing deadline existed owe none (decision 0040): no flood of alerts on upgrade.
            migrationBuilder.Sql("UPDATE incidents_incident_submissions SET \"SignAlertedAt\" = \"SubmittedAt\", \"SignDueSoonAlertedAt\" = \"SubmittedAt\" WHERE \"SignedAt\" IS NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_verification_requests_AlertedAt_AnsweredAt_DueAt",
                table: "incidents_verification_requests",
                columns: new[] { "AlertedAt", "AnsweredAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_verification_requests_DueSoonAlertedAt_AnsweredAt_DueAt",
                table: "incidents_verification_requests",
                columns: new[] { "DueSoonAlertedAt", "AnsweredAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_reporting_obligations_AlertedAt_MetAt_CancelledAt_DueAt",
                table: "incidents_reporting_obligations",
                columns: new[] { "AlertedAt", "MetAt", "CancelledAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_reporting_obligations_DueSoonAlertedAt_MetAt_CancelledAt_DueAt",
                table: "incidents_reporting_obligations",
                columns: new[] { "DueSoonAlertedAt", "MetAt", "CancelledAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_instructions_DueAt",
                table: "incidents_instructions",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incident_submissions_SignedAt_SignAlertedAt_SubmittedAt",
                table: "incidents_incident_submissions",
                columns: new[] { "SignedAt", "SignAlertedAt", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incident_submissions_SignedAt_SignDueSoonAlertedAt_SubmittedAt",
                table: "incidents_incident_submissions",
                columns: new[] { "SignedAt", "SignDueSoonAlertedAt", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_duty_alerts_EscalateAt",
                table: "incidents_duty_alerts",
                column: "EscalateAt");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_duty_alerts_ObligationId_UnitId_Kind",
                table: "incidents_duty_alerts",
                columns: new[] { "ObligationId", "UnitId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_duty_alerts_SubmissionId_UnitId_Kind",
                table: "incidents_duty_alerts",
                columns: new[] { "SubmissionId", "UnitId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_duty_alerts_VerificationRequestId_UnitId_Kind",
                table: "incidents_duty_alerts",
                columns: new[] { "VerificationRequestId", "UnitId", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_verification_requests_AlertedAt_AnsweredAt_DueAt",
                table: "incidents_verification_requests");

            migrationBuilder.DropIndex(
                name: "IX_incidents_verification_requests_DueSoonAlertedAt_AnsweredAt_DueAt",
                table: "incidents_verification_requests");

            migrationBuilder.DropIndex(
                name: "IX_incidents_reporting_obligations_AlertedAt_MetAt_CancelledAt_DueAt",
                table: "incidents_reporting_obligations");

            migrationBuilder.DropIndex(
                name: "IX_incidents_reporting_obligations_DueSoonAlertedAt_MetAt_CancelledAt_DueAt",
                table: "incidents_reporting_obligations");

            migrationBuilder.DropIndex(
                name: "IX_incidents_instructions_DueAt",
                table: "incidents_instructions");

            migrationBuilder.DropIndex(
                name: "IX_incidents_incident_submissions_SignedAt_SignAlertedAt_SubmittedAt",
                table: "incidents_incident_submissions");

            migrationBuilder.DropIndex(
                name: "IX_incidents_incident_submissions_SignedAt_SignDueSoonAlertedAt_SubmittedAt",
                table: "incidents_incident_submissions");

            migrationBuilder.DropIndex(
                name: "IX_incidents_duty_alerts_EscalateAt",
                table: "incidents_duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_incidents_duty_alerts_ObligationId_UnitId_Kind",
                table: "incidents_duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_incidents_duty_alerts_SubmissionId_UnitId_Kind",
                table: "incidents_duty_alerts");

            migrationBuilder.DropIndex(
                name: "IX_incidents_duty_alerts_VerificationRequestId_UnitId_Kind",
                table: "incidents_duty_alerts");

            migrationBuilder.DropColumn(
                name: "DueSoonAlertedAt",
                table: "incidents_verification_requests");

            migrationBuilder.DropColumn(
                name: "DueSoonAlertedAt",
                table: "incidents_reporting_obligations");

            migrationBuilder.DropColumn(
                name: "DueSoonAlertedDueAt",
                table: "incidents_instruction_assignments");

            migrationBuilder.DropColumn(
                name: "SignAlertedAt",
                table: "incidents_incident_submissions");

            migrationBuilder.DropColumn(
                name: "SignDueSoonAlertedAt",
                table: "incidents_incident_submissions");

            migrationBuilder.DropColumn(
                name: "EscalateAt",
                table: "incidents_duty_alerts");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "incidents_duty_alerts");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "incidents_duty_alerts");

            migrationBuilder.DropColumn(
                name: "SubmissionId",
                table: "incidents_duty_alerts");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_duty_alerts_ObligationId_UnitId",
                table: "incidents_duty_alerts",
                columns: new[] { "ObligationId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_duty_alerts_VerificationRequestId_UnitId",
                table: "incidents_duty_alerts",
                columns: new[] { "VerificationRequestId", "UnitId" },
                unique: true);
        }
    }
}
