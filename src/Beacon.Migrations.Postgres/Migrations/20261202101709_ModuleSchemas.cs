using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ModuleSchemas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "incidents");

            migrationBuilder.EnsureSchema(
                name: "warnings");

            migrationBuilder.RenameTable(
                name: "warnings",
                newName: "warnings",
                newSchema: "warnings");

            migrationBuilder.RenameTable(
                name: "warning_event_types",
                newName: "warning_event_types",
                newSchema: "warnings");

            migrationBuilder.RenameTable(
                name: "warning_areas",
                newName: "warning_areas",
                newSchema: "warnings");

            migrationBuilder.RenameTable(
                name: "verification_requests",
                newName: "verification_requests",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "reporting_rules",
                newName: "reporting_rules",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "reporting_obligations",
                newName: "reporting_obligations",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "recipients",
                newName: "recipients",
                newSchema: "warnings");

            migrationBuilder.RenameTable(
                name: "recipient_areas",
                newName: "recipient_areas",
                newSchema: "warnings");

            migrationBuilder.RenameTable(
                name: "phone_reports",
                newName: "phone_reports",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "outbound_messages",
                newName: "outbound_messages",
                newSchema: "warnings");

            migrationBuilder.RenameTable(
                name: "instructions",
                newName: "instructions",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "instruction_feedback",
                newName: "instruction_feedback",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "instruction_assignments",
                newName: "instruction_assignments",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "incidents",
                newName: "incidents",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "incident_submissions",
                newName: "incident_submissions",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "incident_reports",
                newName: "incident_reports",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "incident_number_counters",
                newName: "incident_number_counters",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "incident_attachments",
                newName: "incident_attachments",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "incident_attachment_contents",
                newName: "incident_attachment_contents",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "event_types",
                newName: "event_types",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "duty_shifts",
                newName: "duty_shifts",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "duty_log",
                newName: "duty_log",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "duty_alerts",
                newName: "duty_alerts",
                newSchema: "incidents");

            migrationBuilder.RenameTable(
                name: "dissemination_jobs",
                newName: "dissemination_jobs",
                newSchema: "warnings");

            migrationBuilder.RenameTable(
                name: "deliveries",
                newName: "deliveries",
                newSchema: "warnings");

            migrationBuilder.RenameTable(
                name: "clues",
                newName: "clues",
                newSchema: "incidents");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameTable(
                name: "warnings",
                schema: "warnings",
                newName: "warnings");

            migrationBuilder.RenameTable(
                name: "warning_event_types",
                schema: "warnings",
                newName: "warning_event_types");

            migrationBuilder.RenameTable(
                name: "warning_areas",
                schema: "warnings",
                newName: "warning_areas");

            migrationBuilder.RenameTable(
                name: "verification_requests",
                schema: "incidents",
                newName: "verification_requests");

            migrationBuilder.RenameTable(
                name: "reporting_rules",
                schema: "incidents",
                newName: "reporting_rules");

            migrationBuilder.RenameTable(
                name: "reporting_obligations",
                schema: "incidents",
                newName: "reporting_obligations");

            migrationBuilder.RenameTable(
                name: "recipients",
                schema: "warnings",
                newName: "recipients");

            migrationBuilder.RenameTable(
                name: "recipient_areas",
                schema: "warnings",
                newName: "recipient_areas");

            migrationBuilder.RenameTable(
                name: "phone_reports",
                schema: "incidents",
                newName: "phone_reports");

            migrationBuilder.RenameTable(
                name: "outbound_messages",
                schema: "warnings",
                newName: "outbound_messages");

            migrationBuilder.RenameTable(
                name: "instructions",
                schema: "incidents",
                newName: "instructions");

            migrationBuilder.RenameTable(
                name: "instruction_feedback",
                schema: "incidents",
                newName: "instruction_feedback");

            migrationBuilder.RenameTable(
                name: "instruction_assignments",
                schema: "incidents",
                newName: "instruction_assignments");

            migrationBuilder.RenameTable(
                name: "incidents",
                schema: "incidents",
                newName: "incidents");

            migrationBuilder.RenameTable(
                name: "incident_submissions",
                schema: "incidents",
                newName: "incident_submissions");

            migrationBuilder.RenameTable(
                name: "incident_reports",
                schema: "incidents",
                newName: "incident_reports");

            migrationBuilder.RenameTable(
                name: "incident_number_counters",
                schema: "incidents",
                newName: "incident_number_counters");

            migrationBuilder.RenameTable(
                name: "incident_attachments",
                schema: "incidents",
                newName: "incident_attachments");

            migrationBuilder.RenameTable(
                name: "incident_attachment_contents",
                schema: "incidents",
                newName: "incident_attachment_contents");

            migrationBuilder.RenameTable(
                name: "event_types",
                schema: "incidents",
                newName: "event_types");

            migrationBuilder.RenameTable(
                name: "duty_shifts",
                schema: "incidents",
                newName: "duty_shifts");

            migrationBuilder.RenameTable(
                name: "duty_log",
                schema: "incidents",
                newName: "duty_log");

            migrationBuilder.RenameTable(
                name: "duty_alerts",
                schema: "incidents",
                newName: "duty_alerts");

            migrationBuilder.RenameTable(
                name: "dissemination_jobs",
                schema: "warnings",
                newName: "dissemination_jobs");

            migrationBuilder.RenameTable(
                name: "deliveries",
                schema: "warnings",
                newName: "deliveries");

            migrationBuilder.RenameTable(
                name: "clues",
                schema: "incidents",
                newName: "clues");
        }
    }
}
