namespace Beacon.Incidents;

/// <summary>
/// Stable codes (<c>module.subject.reason</c>) of the refusals of the incidents module (reports, escalation, instructions, duty, deadlines, verification, attachments, clues).
/// Each is given in the ProblemDetails as <c>code</c> (and per field under <c>codes</c>); its text is <c>Error.&lt;code&gt;</c>
/// in IncidentsResource (zh-CN and en-US), shown by pages through <see cref="Platform.Http.ProblemText"/>. A published code never changes.
/// </summary>
public static class IncidentErrors
{
    /// <summary>403: the caller (account or token) belongs to no unit, so it cannot report.</summary>
    public const string ReporterNoUnit = "incident.reporter.no-unit";

    /// <summary>learnedAt is before occurredAt and no learnedBeforeOccurredReason is given.</summary>
    public const string LearnedBeforeOccurred = "incident.learned-at.before-occurred";

    /// <summary>A time of the report (occurredAt, learnedAt, calledAt) lies in the future.</summary>
    public const string TimeInFuture = "incident.time.in-future";

    /// <summary>Only one of latitude and longitude is given.</summary>
    public const string LatLngTogether = "incident.location.lat-lng-together";

    /// <summary>eventTypeCode is not a known event type.</summary>
    public const string EventTypeUnknown = "incident.event-type.unknown";

    /// <summary>locationCode is not a jurisdiction in the caller's scope.</summary>
    public const string LocationNotInScope = "incident.location.not-in-scope";

    /// <summary>404: no such incident in the caller's scope.</summary>
    public const string NotFound = "incident.not-found";

    /// <summary>403: the caller belongs to no unit, so it cannot forward.</summary>
    public const string ForwardNoUnit = "incident.forward.no-unit";

    /// <summary>409: the incident was not submitted to the caller's unit; only a receiving duty room forwards it.</summary>
    public const string ForwardNotSubmittedToYou = "incident.forward.not-submitted-to-you";

    /// <summary>409: there is no level above the caller's, or it already has the incident.</summary>
    public const string ForwardNoLevelAbove = "incident.forward.no-level-above";

    /// <summary>409: nothing of the incident awaits the caller's unit's signature (签收).</summary>
    public const string NothingToSign = "incident.sign.nothing-to-sign";

    /// <summary>409: the incident is closed by its final report (终报) and takes no more reports.</summary>
    public const string Closed = "incident.closed";

    /// <summary>409: a final report (终报) while leaders' instructions are unsigned or unfinished; resend with confirmOpenInstructions and a reason.</summary>
    public const string FinalOpenInstructions = "incident.final.open-instructions";

    /// <summary>confirmOpenInstructions without a confirmationReason (2–500 characters).</summary>
    public const string FinalConfirmationReason = "incident.final.confirmation-reason.required";

    /// <summary>kind is First on a report of an existing incident (a first report creates the incident).</summary>
    public const string ReportKindFirst = "incident.report.kind.first";

    /// <summary>404: no such report in the caller's scope.</summary>
    public const string ReportNotFound = "incident.report.not-found";

    /// <summary>A unit id (the unit called) is not a unit.</summary>
    public const string UnitUnknown = "incident.unit.unknown";

    /// <summary>403: the caller belongs to no unit, so it keeps no duty log.</summary>
    public const string DutyLogNoUnit = "duty.log.no-unit";

    /// <summary>403: the caller belongs to no unit, so it keeps no roster.</summary>
    public const string RosterNoUnit = "duty.roster.no-unit";

    /// <summary>A new shift's endsAt is not after startsAt or more than 72 hours later.</summary>
    public const string ShiftEndsAt = "duty.shift.ends-at.invalid";

    /// <summary>The shift overlaps another shift of the unit (change that shift instead, 换班).</summary>
    public const string ShiftOverlap = "duty.shift.overlap";

    /// <summary>404: no such shift in the caller's unit.</summary>
    public const string ShiftNotFound = "duty.shift.not-found";

    /// <summary>A changed shift's endsAt is not after startsAt.</summary>
    public const string ShiftEndsBeforeStart = "duty.shift.ends-before-start";

    /// <summary>A roster query's to is not after from or more than 62 days later.</summary>
    public const string RosterRange = "duty.roster.range.invalid";

    /// <summary>403: reporting rules are set by a region-level administrator only.</summary>
    public const string RuleNotRegionAdmin = "deadline.rule.not-region-admin";

    /// <summary>minSeverity is not I, II, III, IV or null.</summary>
    public const string RuleMinSeverity = "deadline.rule.min-severity.invalid";

    /// <summary>404: no such reporting rule.</summary>
    public const string RuleNotFound = "deadline.rule.not-found";

    /// <summary>403: the rule (or the jurisdiction it is limited to) lies outside the caller's jurisdiction subtree.</summary>
    public const string RuleOutOfScope = "deadline.rule.out-of-scope";

    /// <summary>403: a rule of a prefecture or county administrator owes reports to a level above the administrator's own, or to a unit outside its scope.</summary>
    public const string RuleReportToOutOfScope = "deadline.rule.report-to.out-of-scope";

    /// <summary>jurisdictionCode is not a known, active jurisdiction.</summary>
    public const string RuleJurisdictionUnknown = "deadline.rule.jurisdiction.unknown";

    /// <summary>eventTypeCode is not an active event type (突发事件分类).</summary>
    public const string RuleEventTypeUnknown = "deadline.rule.event-type.unknown";

    /// <summary>eventTypeCode belongs to another event class than the rule's eventClass.</summary>
    public const string RuleEventTypeClass = "deadline.rule.event-type.class-mismatch";

    /// <summary>The rule sets no deadline at all (no phone, written or follow-up minutes).</summary>
    public const string RuleNoDeadline = "deadline.rule.deadline.missing";

    /// <summary>The rule covers no incident (no lowest level and not sensitive events).</summary>
    public const string RuleCoversNothing = "deadline.rule.covers-nothing";

    /// <summary>reportToUnitId is not an active unit.</summary>
    public const string RuleReportToUnitUnknown = "deadline.rule.report-to-unit.unknown";

    /// <summary>409: the rule is already retired (已停用).</summary>
    public const string RuleAlreadyRetired = "deadline.rule.already-retired";

    /// <summary>409: the rule is active; only a retired rule can be reinstated.</summary>
    public const string RuleNotRetired = "deadline.rule.not-retired";

    /// <summary>404: no such overdue alert for the caller.</summary>
    public const string AlertNotFound = "deadline.alert.not-found";

    /// <summary>toUnitId is not another active unit in the caller's scope.</summary>
    public const string VerificationUnitNotInScope = "verification.to-unit.not-in-scope";

    /// <summary>404: no such verification request (核实请求) in the caller's scope.</summary>
    public const string VerificationNotFound = "verification.not-found";

    /// <summary>409: the verification request was already answered.</summary>
    public const string VerificationAnswered = "verification.already-answered";

    /// <summary>incidentId of a verification request is not an incident in the caller's scope.</summary>
    public const string VerificationIncidentNotInScope = "verification.incident.not-in-scope";

    /// <summary>404: no such instruction (批示/交办) in the caller's scope.</summary>
    public const string InstructionNotFound = "instruction.not-found";

    /// <summary>403: the caller belongs to no unit, so it cannot handle incidents.</summary>
    public const string InstructionNoUnit = "instruction.no-unit";

    /// <summary>403: only the duty room proposes handling (拟办) and refers items to units.</summary>
    public const string InstructionNotDutyRoom = "instruction.not-duty-room";

    /// <summary>403: only a leader, or a duty officer recording a leader's instruction, records an instruction (批示).</summary>
    public const string InstructionNotLeader = "instruction.not-leader";

    /// <summary>A duty officer records a leader's instruction without the leader's name.</summary>
    public const string InstructionLeaderName = "instruction.leader-name.required";

    /// <summary>A proposal (拟办) is given a deadline; deadlines are set when the instruction is given.</summary>
    public const string ProposalNoDeadline = "instruction.proposal.no-deadline";

    /// <summary>A deadline (dueAt) is not in the future.</summary>
    public const string DueAtPast = "instruction.due-at.past";

    /// <summary>toUnitIds are not other active units in the caller's scope.</summary>
    public const string InstructionUnits = "instruction.to-units.invalid";

    /// <summary>proposalId is not a proposal on this incident still awaiting a decision.</summary>
    public const string InstructionProposal = "instruction.proposal.invalid";

    /// <summary>409: the caller's unit has already signed for the instruction.</summary>
    public const string InstructionAlreadySigned = "instruction.already-signed";

    /// <summary>409: the caller's unit has already reported the instruction carried out.</summary>
    public const string InstructionAlreadyDone = "instruction.already-done";

    /// <summary>403: only the unit the instruction was passed to signs for it and reports on it.</summary>
    public const string InstructionNotYours = "instruction.not-yours";

    /// <summary>403: only the issuing office or one above it supervises (督办) an instruction.</summary>
    public const string SuperviseNotIssuer = "instruction.supervise.not-issuer";

    /// <summary>409: the instruction has been carried out; nothing is left to supervise.</summary>
    public const string SuperviseDone = "instruction.supervise.done";

    /// <summary>409: a proposal is decided by a leader, not supervised.</summary>
    public const string SuperviseProposal = "instruction.supervise.proposal";

    /// <summary>The upload is not a readable multipart/form-data body.</summary>
    public const string AttachmentUnreadable = "attachment.body.unreadable";

    /// <summary>415: the upload is not sent as multipart/form-data.</summary>
    public const string AttachmentContentType = "attachment.content-type.unsupported";

    /// <summary>No file is given in the field 'file'.</summary>
    public const string FileRequired = "attachment.file.required";

    /// <summary>reportId is not a valid id.</summary>
    public const string AttachmentReportId = "attachment.report-id.invalid";

    /// <summary>The file is empty.</summary>
    public const string FileEmpty = "attachment.file.empty";

    /// <summary>The file has no name.</summary>
    public const string FileName = "attachment.file.no-name";

    /// <summary>The file is HTML, SVG, XML or a script, which is never accepted.</summary>
    public const string FileActive = "attachment.file.active-content";

    /// <summary>The file's type is not an accepted one.</summary>
    public const string FileType = "attachment.file.type";

    /// <summary>The file's content does not match its type.</summary>
    public const string FileMismatch = "attachment.file.mismatch";

    /// <summary>reportId is not a report of this incident.</summary>
    public const string AttachmentReportNotInIncident = "attachment.report.not-in-incident";

    /// <summary>404: no such attachment in the caller's scope.</summary>
    public const string AttachmentNotFound = "attachment.not-found";

    /// <summary>403: the caller belongs to no unit, so it cannot add attachments.</summary>
    public const string AttachmentNoUnit = "attachment.no-unit";

    /// <summary>403: the caller belongs to no unit, so it cannot capture clues (线索).</summary>
    public const string ClueNoUnit = "clue.no-unit";

    /// <summary>404: no such clue in the caller's scope.</summary>
    public const string ClueNotFound = "clue.not-found";

    /// <summary>incidentId is not an incident in the caller's scope.</summary>
    public const string ClueIncidentNotInScope = "clue.incident.not-in-scope";

    /// <summary>verificationRequestId is not a verification request in the caller's scope.</summary>
    public const string ClueVerificationNotInScope = "clue.verification.not-in-scope";

    /// <summary>403: a phone report goes only to a duty room above the caller in its chain, or to a unit a reporting rule names.</summary>
    public const string PhoneTargetNotAbove = "incident.phone.to-unit.not-above";

    /// <summary>calledAt is well before the call is logged (补录) and lateEntryReason is missing.</summary>
    public const string PhoneLateEntryReason = "incident.phone.late-entry.reason-required";

    /// <summary>calledAt is before the incident was learned of (接报时间).</summary>
    public const string PhoneBeforeLearned = "incident.phone.called-at.before-learned";

    /// <summary>404: no such handover of the caller's duty room.</summary>
    public const string HandoverNotFound = "duty.handover.not-found";

    /// <summary>409: the handover is already acknowledged.</summary>
    public const string HandoverAcknowledged = "duty.handover.already-acknowledged";

    /// <summary>409: the one who handed over cannot acknowledge the handover; the incoming shift does.</summary>
    public const string HandoverSelf = "duty.handover.self";

    /// <summary>The register's search text (q) is longer than 100 characters.</summary>
    public const string FilterQTooLong = "incident.filter.q.too-long";

    /// <summary>The register's period: to is not after from.</summary>
    public const string FilterPeriod = "incident.filter.period.invalid";

    /// <summary>The register's jurisdiction filter is not a jurisdiction in the caller's scope (or no jurisdiction at all).</summary>
    public const string FilterJurisdictionNotInScope = "incident.filter.jurisdiction.not-in-scope";

    /// <summary>The timeliness statistics' period: to is not after from.</summary>
    public const string TimelinessPeriod = "statistics.timeliness.period.invalid";

    /// <summary>The timeliness statistics' period is longer than 366 days.</summary>
    public const string TimelinessRangeTooLong = "statistics.timeliness.period.too-long";

    /// <summary>404: the jurisdiction of a leader-approval rule is not one in the caller's scope.</summary>
    public const string ApprovalRuleJurisdictionNotFound = "incident.approval-rule.jurisdiction.not-found";

    /// <summary>minSeverity of a leader-approval rule is NotAssessed (give Ⅰ–Ⅳ, or none for every report).</summary>
    public const string ApprovalRuleMinSeverity = "incident.approval-rule.min-severity.invalid";

    /// <summary>409: nothing of the incident awaits the approval of the caller's unit's leader.</summary>
    public const string ApprovalNothingPending = "incident.approval.nothing-pending";

    /// <summary>409: nothing of the incident was returned to the caller's unit.</summary>
    public const string ApprovalNothingReturned = "incident.approval.nothing-returned";

    /// <summary>409: a forward of the incident already awaits the leader's approval (or was returned).</summary>
    public const string ApprovalAlreadyHeld = "incident.approval.already-held";

    /// <summary>A return (退回修改) without its reason (2–500 characters).</summary>
    public const string ApprovalReturnReason = "incident.approval.reason.required";
}
