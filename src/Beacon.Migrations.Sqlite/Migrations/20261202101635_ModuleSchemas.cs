using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Each module's tables carry its name as a prefix (decision 0012). Only tables and indexes are renamed: SQLite keeps
    /// primary and foreign keys whatever their constraint names, and dropping and adding them would rebuild (copy) every
    /// table outside a transaction. The constraint names in the tables' DDL stay the old ones until a table is rebuilt.
    /// </summary>
    public partial class ModuleSchemas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameTable(
                name: "warnings",
                newName: "warnings_warnings");

            migrationBuilder.RenameTable(
                name: "warning_event_types",
                newName: "warnings_warning_event_types");

            migrationBuilder.RenameTable(
                name: "warning_areas",
                newName: "warnings_warning_areas");

            migrationBuilder.RenameTable(
                name: "verification_requests",
                newName: "incidents_verification_requests");

            migrationBuilder.RenameTable(
                name: "reporting_rules",
                newName: "incidents_reporting_rules");

            migrationBuilder.RenameTable(
                name: "reporting_obligations",
                newName: "incidents_reporting_obligations");

            migrationBuilder.RenameTable(
                name: "recipients",
                newName: "warnings_recipients");

            migrationBuilder.RenameTable(
                name: "recipient_areas",
                newName: "warnings_recipient_areas");

            migrationBuilder.RenameTable(
                name: "phone_reports",
                newName: "incidents_phone_reports");

            migrationBuilder.RenameTable(
                name: "outbound_messages",
                newName: "warnings_outbound_messages");

            migrationBuilder.RenameTable(
                name: "instructions",
                newName: "incidents_instructions");

            migrationBuilder.RenameTable(
                name: "instruction_feedback",
                newName: "incidents_instruction_feedback");

            migrationBuilder.RenameTable(
                name: "instruction_assignments",
                newName: "incidents_instruction_assignments");

            migrationBuilder.RenameTable(
                name: "incidents",
                newName: "incidents_incidents");

            migrationBuilder.RenameTable(
                name: "incident_submissions",
                newName: "incidents_incident_submissions");

            migrationBuilder.RenameTable(
                name: "incident_reports",
                newName: "incidents_incident_reports");

            migrationBuilder.RenameTable(
                name: "incident_number_counters",
                newName: "incidents_incident_number_counters");

            migrationBuilder.RenameTable(
                name: "incident_attachments",
                newName: "incidents_incident_attachments");

            migrationBuilder.RenameTable(
                name: "incident_attachment_contents",
                newName: "incidents_incident_attachment_contents");

            migrationBuilder.RenameTable(
                name: "event_types",
                newName: "incidents_event_types");

            migrationBuilder.RenameTable(
                name: "duty_shifts",
                newName: "incidents_duty_shifts");

            migrationBuilder.RenameTable(
                name: "duty_log",
                newName: "incidents_duty_log");

            migrationBuilder.RenameTable(
                name: "duty_alerts",
                newName: "incidents_duty_alerts");

            migrationBuilder.RenameTable(
                name: "dissemination_jobs",
                newName: "warnings_dissemination_jobs");

            migrationBuilder.RenameTable(
                name: "deliveries",
                newName: "warnings_deliveries");

            migrationBuilder.RenameTable(
                name: "clues",
                newName: "incidents_clues");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_Stage_Status_ExpiresAt",
                table: "warnings_warnings",
                newName: "IX_warnings_warnings_Stage_Status_ExpiresAt");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_Sender_Identifier_ContentHash",
                table: "warnings_warnings",
                newName: "IX_warnings_warnings_Sender_Identifier_ContentHash");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_IssuingJurisdictionId_Stage",
                table: "warnings_warnings",
                newName: "IX_warnings_warnings_IssuingJurisdictionId_Stage");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_ChainId",
                table: "warnings_warnings",
                newName: "IX_warnings_warnings_ChainId");

            migrationBuilder.RenameIndex(
                name: "IX_warning_areas_WarningId_Position",
                table: "warnings_warning_areas",
                newName: "IX_warnings_warning_areas_WarningId_Position");

            migrationBuilder.RenameIndex(
                name: "IX_warning_areas_DivisionCode",
                table: "warnings_warning_areas",
                newName: "IX_warnings_warning_areas_DivisionCode");

            migrationBuilder.RenameIndex(
                name: "IX_verification_requests_ToJurisdictionId_RequestedAt",
                table: "incidents_verification_requests",
                newName: "IX_incidents_verification_requests_ToJurisdictionId_RequestedAt");

            migrationBuilder.RenameIndex(
                name: "IX_verification_requests_FromUnitId_RequestedAt",
                table: "incidents_verification_requests",
                newName: "IX_incidents_verification_requests_FromUnitId_RequestedAt");

            migrationBuilder.RenameIndex(
                name: "IX_reporting_obligations_JurisdictionId_MetAt_DueAt",
                table: "incidents_reporting_obligations",
                newName: "IX_incidents_reporting_obligations_JurisdictionId_MetAt_DueAt");

            migrationBuilder.RenameIndex(
                name: "IX_reporting_obligations_IncidentId_RuleId_Channel_Kind_Sequence",
                table: "incidents_reporting_obligations",
                newName: "IX_incidents_reporting_obligations_IncidentId_RuleId_Channel_Kind_Sequence");

            migrationBuilder.RenameIndex(
                name: "IX_recipients_OwnerJurisdictionId",
                table: "warnings_recipients",
                newName: "IX_warnings_recipients_OwnerJurisdictionId");

            migrationBuilder.RenameIndex(
                name: "IX_recipient_areas_Prefix_RecipientId",
                table: "warnings_recipient_areas",
                newName: "IX_warnings_recipient_areas_Prefix_RecipientId");

            migrationBuilder.RenameIndex(
                name: "IX_recipient_areas_Code",
                table: "warnings_recipient_areas",
                newName: "IX_warnings_recipient_areas_Code");

            migrationBuilder.RenameIndex(
                name: "IX_phone_reports_IncidentId",
                table: "incidents_phone_reports",
                newName: "IX_incidents_phone_reports_IncidentId");

            migrationBuilder.RenameIndex(
                name: "IX_outbound_messages_DeliveryId",
                table: "warnings_outbound_messages",
                newName: "IX_warnings_outbound_messages_DeliveryId");

            migrationBuilder.RenameIndex(
                name: "IX_instructions_IssuerJurisdictionId_Status",
                table: "incidents_instructions",
                newName: "IX_incidents_instructions_IssuerJurisdictionId_Status");

            migrationBuilder.RenameIndex(
                name: "IX_instructions_IncidentId_IssuedAt",
                table: "incidents_instructions",
                newName: "IX_incidents_instructions_IncidentId_IssuedAt");

            migrationBuilder.RenameIndex(
                name: "IX_instruction_feedback_AssignmentId",
                table: "incidents_instruction_feedback",
                newName: "IX_incidents_instruction_feedback_AssignmentId");

            migrationBuilder.RenameIndex(
                name: "IX_instruction_assignments_ToUnitId_DoneAt",
                table: "incidents_instruction_assignments",
                newName: "IX_incidents_instruction_assignments_ToUnitId_DoneAt");

            migrationBuilder.RenameIndex(
                name: "IX_instruction_assignments_ToJurisdictionId_DoneAt",
                table: "incidents_instruction_assignments",
                newName: "IX_incidents_instruction_assignments_ToJurisdictionId_DoneAt");

            migrationBuilder.RenameIndex(
                name: "IX_instruction_assignments_InstructionId_ToUnitId",
                table: "incidents_instruction_assignments",
                newName: "IX_incidents_instruction_assignments_InstructionId_ToUnitId");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_OriginJurisdictionId_LearnedAt",
                table: "incidents_incidents",
                newName: "IX_incidents_incidents_OriginJurisdictionId_LearnedAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_Number",
                table: "incidents_incidents",
                newName: "IX_incidents_incidents_Number");

            migrationBuilder.RenameIndex(
                name: "IX_incident_submissions_ToUnitId_SignedAt",
                table: "incidents_incident_submissions",
                newName: "IX_incidents_incident_submissions_ToUnitId_SignedAt");

            migrationBuilder.RenameIndex(
                name: "IX_incident_submissions_IncidentId_ToUnitId",
                table: "incidents_incident_submissions",
                newName: "IX_incidents_incident_submissions_IncidentId_ToUnitId");

            migrationBuilder.RenameIndex(
                name: "IX_incident_reports_IncidentId_Sequence",
                table: "incidents_incident_reports",
                newName: "IX_incidents_incident_reports_IncidentId_Sequence");

            migrationBuilder.RenameIndex(
                name: "IX_incident_attachments_ReportId",
                table: "incidents_incident_attachments",
                newName: "IX_incidents_incident_attachments_ReportId");

            migrationBuilder.RenameIndex(
                name: "IX_incident_attachments_JurisdictionId",
                table: "incidents_incident_attachments",
                newName: "IX_incidents_incident_attachments_JurisdictionId");

            migrationBuilder.RenameIndex(
                name: "IX_incident_attachments_IncidentId_Sha256",
                table: "incidents_incident_attachments",
                newName: "IX_incidents_incident_attachments_IncidentId_Sha256");

            migrationBuilder.RenameIndex(
                name: "IX_event_types_Code",
                table: "incidents_event_types",
                newName: "IX_incidents_event_types_Code");

            migrationBuilder.RenameIndex(
                name: "IX_duty_shifts_UnitId_StartsAt",
                table: "incidents_duty_shifts",
                newName: "IX_incidents_duty_shifts_UnitId_StartsAt");

            migrationBuilder.RenameIndex(
                name: "IX_duty_shifts_JurisdictionId_StartsAt",
                table: "incidents_duty_shifts",
                newName: "IX_incidents_duty_shifts_JurisdictionId_StartsAt");

            migrationBuilder.RenameIndex(
                name: "IX_duty_log_UnitId_At",
                table: "incidents_duty_log",
                newName: "IX_incidents_duty_log_UnitId_At");

            migrationBuilder.RenameIndex(
                name: "IX_duty_alerts_UnitId_AcknowledgedAt",
                table: "incidents_duty_alerts",
                newName: "IX_incidents_duty_alerts_UnitId_AcknowledgedAt");

            migrationBuilder.RenameIndex(
                name: "IX_duty_alerts_ObligationId_UnitId",
                table: "incidents_duty_alerts",
                newName: "IX_incidents_duty_alerts_ObligationId_UnitId");

            migrationBuilder.RenameIndex(
                name: "IX_dissemination_jobs_WarningId",
                table: "warnings_dissemination_jobs",
                newName: "IX_warnings_dissemination_jobs_WarningId");

            migrationBuilder.RenameIndex(
                name: "IX_dissemination_jobs_ExpandedAt",
                table: "warnings_dissemination_jobs",
                newName: "IX_warnings_dissemination_jobs_ExpandedAt");

            migrationBuilder.RenameIndex(
                name: "IX_deliveries_WarningId_RecipientId_Channel",
                table: "warnings_deliveries",
                newName: "IX_warnings_deliveries_WarningId_RecipientId_Channel");

            migrationBuilder.RenameIndex(
                name: "IX_deliveries_Status_NextAttemptAt",
                table: "warnings_deliveries",
                newName: "IX_warnings_deliveries_Status_NextAttemptAt");

            migrationBuilder.RenameIndex(
                name: "IX_deliveries_RecipientId_Channel",
                table: "warnings_deliveries",
                newName: "IX_warnings_deliveries_RecipientId_Channel");

            migrationBuilder.RenameIndex(
                name: "IX_clues_JurisdictionId_CapturedAt",
                table: "incidents_clues",
                newName: "IX_incidents_clues_JurisdictionId_CapturedAt");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameTable(
                name: "warnings_warnings",
                newName: "warnings");

            migrationBuilder.RenameTable(
                name: "warnings_warning_event_types",
                newName: "warning_event_types");

            migrationBuilder.RenameTable(
                name: "warnings_warning_areas",
                newName: "warning_areas");

            migrationBuilder.RenameTable(
                name: "warnings_recipients",
                newName: "recipients");

            migrationBuilder.RenameTable(
                name: "warnings_recipient_areas",
                newName: "recipient_areas");

            migrationBuilder.RenameTable(
                name: "warnings_outbound_messages",
                newName: "outbound_messages");

            migrationBuilder.RenameTable(
                name: "warnings_dissemination_jobs",
                newName: "dissemination_jobs");

            migrationBuilder.RenameTable(
                name: "warnings_deliveries",
                newName: "deliveries");

            migrationBuilder.RenameTable(
                name: "incidents_verification_requests",
                newName: "verification_requests");

            migrationBuilder.RenameTable(
                name: "incidents_reporting_rules",
                newName: "reporting_rules");

            migrationBuilder.RenameTable(
                name: "incidents_reporting_obligations",
                newName: "reporting_obligations");

            migrationBuilder.RenameTable(
                name: "incidents_phone_reports",
                newName: "phone_reports");

            migrationBuilder.RenameTable(
                name: "incidents_instructions",
                newName: "instructions");

            migrationBuilder.RenameTable(
                name: "incidents_instruction_feedback",
                newName: "instruction_feedback");

            migrationBuilder.RenameTable(
                name: "incidents_instruction_assignments",
                newName: "instruction_assignments");

            migrationBuilder.RenameTable(
                name: "incidents_incidents",
                newName: "incidents");

            migrationBuilder.RenameTable(
                name: "incidents_incident_submissions",
                newName: "incident_submissions");

            migrationBuilder.RenameTable(
                name: "incidents_incident_reports",
                newName: "incident_reports");

            migrationBuilder.RenameTable(
                name: "incidents_incident_number_counters",
                newName: "incident_number_counters");

            migrationBuilder.RenameTable(
                name: "incidents_incident_attachments",
                newName: "incident_attachments");

            migrationBuilder.RenameTable(
                name: "incidents_incident_attachment_contents",
                newName: "incident_attachment_contents");

            migrationBuilder.RenameTable(
                name: "incidents_event_types",
                newName: "event_types");

            migrationBuilder.RenameTable(
                name: "incidents_duty_shifts",
                newName: "duty_shifts");

            migrationBuilder.RenameTable(
                name: "incidents_duty_log",
                newName: "duty_log");

            migrationBuilder.RenameTable(
                name: "incidents_duty_alerts",
                newName: "duty_alerts");

            migrationBuilder.RenameTable(
                name: "incidents_clues",
                newName: "clues");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_warnings_Stage_Status_ExpiresAt",
                table: "warnings",
                newName: "IX_warnings_Stage_Status_ExpiresAt");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_warnings_Sender_Identifier_ContentHash",
                table: "warnings",
                newName: "IX_warnings_Sender_Identifier_ContentHash");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_warnings_IssuingJurisdictionId_Stage",
                table: "warnings",
                newName: "IX_warnings_IssuingJurisdictionId_Stage");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_warnings_ChainId",
                table: "warnings",
                newName: "IX_warnings_ChainId");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_warning_areas_WarningId_Position",
                table: "warning_areas",
                newName: "IX_warning_areas_WarningId_Position");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_warning_areas_DivisionCode",
                table: "warning_areas",
                newName: "IX_warning_areas_DivisionCode");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_recipients_OwnerJurisdictionId",
                table: "recipients",
                newName: "IX_recipients_OwnerJurisdictionId");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_recipient_areas_Prefix_RecipientId",
                table: "recipient_areas",
                newName: "IX_recipient_areas_Prefix_RecipientId");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_recipient_areas_Code",
                table: "recipient_areas",
                newName: "IX_recipient_areas_Code");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_outbound_messages_DeliveryId",
                table: "outbound_messages",
                newName: "IX_outbound_messages_DeliveryId");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_dissemination_jobs_WarningId",
                table: "dissemination_jobs",
                newName: "IX_dissemination_jobs_WarningId");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_dissemination_jobs_ExpandedAt",
                table: "dissemination_jobs",
                newName: "IX_dissemination_jobs_ExpandedAt");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_deliveries_WarningId_RecipientId_Channel",
                table: "deliveries",
                newName: "IX_deliveries_WarningId_RecipientId_Channel");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_deliveries_Status_NextAttemptAt",
                table: "deliveries",
                newName: "IX_deliveries_Status_NextAttemptAt");

            migrationBuilder.RenameIndex(
                name: "IX_warnings_deliveries_RecipientId_Channel",
                table: "deliveries",
                newName: "IX_deliveries_RecipientId_Channel");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_verification_requests_ToJurisdictionId_RequestedAt",
                table: "verification_requests",
                newName: "IX_verification_requests_ToJurisdictionId_RequestedAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_verification_requests_FromUnitId_RequestedAt",
                table: "verification_requests",
                newName: "IX_verification_requests_FromUnitId_RequestedAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_reporting_obligations_JurisdictionId_MetAt_DueAt",
                table: "reporting_obligations",
                newName: "IX_reporting_obligations_JurisdictionId_MetAt_DueAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_reporting_obligations_IncidentId_RuleId_Channel_Kind_Sequence",
                table: "reporting_obligations",
                newName: "IX_reporting_obligations_IncidentId_RuleId_Channel_Kind_Sequence");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_phone_reports_IncidentId",
                table: "phone_reports",
                newName: "IX_phone_reports_IncidentId");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_instructions_IssuerJurisdictionId_Status",
                table: "instructions",
                newName: "IX_instructions_IssuerJurisdictionId_Status");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_instructions_IncidentId_IssuedAt",
                table: "instructions",
                newName: "IX_instructions_IncidentId_IssuedAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_instruction_feedback_AssignmentId",
                table: "instruction_feedback",
                newName: "IX_instruction_feedback_AssignmentId");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_instruction_assignments_ToUnitId_DoneAt",
                table: "instruction_assignments",
                newName: "IX_instruction_assignments_ToUnitId_DoneAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_instruction_assignments_ToJurisdictionId_DoneAt",
                table: "instruction_assignments",
                newName: "IX_instruction_assignments_ToJurisdictionId_DoneAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_instruction_assignments_InstructionId_ToUnitId",
                table: "instruction_assignments",
                newName: "IX_instruction_assignments_InstructionId_ToUnitId");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_incidents_OriginJurisdictionId_LearnedAt",
                table: "incidents",
                newName: "IX_incidents_OriginJurisdictionId_LearnedAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_incidents_Number",
                table: "incidents",
                newName: "IX_incidents_Number");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_incident_submissions_ToUnitId_SignedAt",
                table: "incident_submissions",
                newName: "IX_incident_submissions_ToUnitId_SignedAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_incident_submissions_IncidentId_ToUnitId",
                table: "incident_submissions",
                newName: "IX_incident_submissions_IncidentId_ToUnitId");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_incident_reports_IncidentId_Sequence",
                table: "incident_reports",
                newName: "IX_incident_reports_IncidentId_Sequence");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_incident_attachments_ReportId",
                table: "incident_attachments",
                newName: "IX_incident_attachments_ReportId");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_incident_attachments_JurisdictionId",
                table: "incident_attachments",
                newName: "IX_incident_attachments_JurisdictionId");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_incident_attachments_IncidentId_Sha256",
                table: "incident_attachments",
                newName: "IX_incident_attachments_IncidentId_Sha256");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_event_types_Code",
                table: "event_types",
                newName: "IX_event_types_Code");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_duty_shifts_UnitId_StartsAt",
                table: "duty_shifts",
                newName: "IX_duty_shifts_UnitId_StartsAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_duty_shifts_JurisdictionId_StartsAt",
                table: "duty_shifts",
                newName: "IX_duty_shifts_JurisdictionId_StartsAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_duty_log_UnitId_At",
                table: "duty_log",
                newName: "IX_duty_log_UnitId_At");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_duty_alerts_UnitId_AcknowledgedAt",
                table: "duty_alerts",
                newName: "IX_duty_alerts_UnitId_AcknowledgedAt");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_duty_alerts_ObligationId_UnitId",
                table: "duty_alerts",
                newName: "IX_duty_alerts_ObligationId_UnitId");

            migrationBuilder.RenameIndex(
                name: "IX_incidents_clues_JurisdictionId_CapturedAt",
                table: "clues",
                newName: "IX_clues_JurisdictionId_CapturedAt");

        }
    }
}
