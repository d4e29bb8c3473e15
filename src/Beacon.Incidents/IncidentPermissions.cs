using Beacon.Incidents.Localization;
using Beacon.Platform.Accounts;
using Beacon.Platform.Permissions;

namespace Beacon.Incidents;

/// <summary>
/// What people may do in duty watch and information reporting (值守应急与信息报告). Endpoints declare these with
/// <c>RequirePermission</c>, handlers demand them first thing, and pages show an action only when it is allowed.
/// </summary>
public static class IncidentPermissions
{
    private const string Duty = Roles.DutyOfficer;
    private const string OnDuty = Roles.LeaderOnDuty;
    private const string Liaison = Roles.DepartmentLiaison;

    /// <summary>First report of an incident (首报).</summary>
    public static readonly Permission Report = new("incident.report", typeof(IncidentsResource), "Permission.incident.report", Duty, OnDuty, Liaison);

    /// <summary>Follow-up and final reports (续报、终报).</summary>
    public static readonly Permission FollowUp = new("incident.follow-up", typeof(IncidentsResource), "Permission.incident.follow-up", Duty, OnDuty, Liaison);

    /// <summary>Logging a phone report to the level above (电话报告登记).</summary>
    public static readonly Permission LogPhoneReport = new("incident.phone-report", typeof(IncidentsResource), "Permission.incident.phone-report", Duty, OnDuty, Liaison);

    /// <summary>Attaching photos and documents to an incident (附件).</summary>
    public static readonly Permission Attach = new("incident.attach", typeof(IncidentsResource), "Permission.incident.attach", Duty, OnDuty, Liaison);

    /// <summary>Signing for a report sent to one's duty room (签收).</summary>
    public static readonly Permission Sign = new("incident.sign", typeof(IncidentsResource), "Permission.incident.sign", Duty, OnDuty, Liaison);

    /// <summary>Forwarding a received report to the level above (转报上级).</summary>
    public static readonly Permission Forward = new("incident.forward", typeof(IncidentsResource), "Permission.incident.forward", Duty, OnDuty, Liaison);

    /// <summary>Asking a unit to verify a clue (核报请求).</summary>
    public static readonly Permission RequestVerification = new("verification.request", typeof(IncidentsResource), "Permission.verification.request", Duty, OnDuty, Liaison);

    /// <summary>Answering a request to verify, or answering it with a first report (核报).</summary>
    public static readonly Permission AnswerVerification = new("verification.answer", typeof(IncidentsResource), "Permission.verification.answer", Duty, OnDuty, Liaison);

    /// <summary>Capturing a clue from the media or the public (线索登记).</summary>
    public static readonly Permission CaptureClue = new("clue.capture", typeof(IncidentsResource), "Permission.clue.capture", Duty, OnDuty, Liaison);

    /// <summary>Judging a clue (线索研判).</summary>
    public static readonly Permission JudgeClue = new("clue.judge", typeof(IncidentsResource), "Permission.clue.judge", Duty, OnDuty, Liaison);

    /// <summary>Writing the duty room's log and the handover (值班日志、交接班).</summary>
    public static readonly Permission WriteDutyLog = new("duty.log", typeof(IncidentsResource), "Permission.duty.log", Duty, OnDuty);

    /// <summary>Planning the duty roster (排班).</summary>
    public static readonly Permission PlanRoster = new("duty.roster", typeof(IncidentsResource), "Permission.duty.roster", Duty, OnDuty);

    /// <summary>The duty room's proposal and referral (拟办、转办).</summary>
    public static readonly Permission ProposeHandling = new("instruction.propose", typeof(IncidentsResource), "Permission.instruction.propose", Duty, OnDuty);

    /// <summary>A leader's instruction (领导批示), given by a leader or recorded by the duty room.</summary>
    public static readonly Permission IssueInstruction = new("instruction.issue", typeof(IncidentsResource), "Permission.instruction.issue", Roles.Leader, OnDuty, Duty);

    /// <summary>Signing for and reporting back on an instruction passed down (签收、反馈落实情况).</summary>
    public static readonly Permission CarryOutInstruction = new("instruction.carry-out", typeof(IncidentsResource), "Permission.instruction.carry-out", Duty, OnDuty, Liaison);

    /// <summary>Supervising an instruction (督办).</summary>
    public static readonly Permission SuperviseInstruction = new("instruction.supervise", typeof(IncidentsResource), "Permission.instruction.supervise", Duty, OnDuty, Roles.Leader);

    /// <summary>Acknowledging an overdue alert to one's duty room (超时提醒已知悉).</summary>
    public static readonly Permission AcknowledgeAlert = new("alert.acknowledge", typeof(IncidentsResource), "Permission.alert.acknowledge", Duty, OnDuty);

    /// <summary>Reading the timeliness statistics of the units in scope and their Excel (报送及时率统计).</summary>
    public static readonly Permission ViewTimeliness = new("statistics.timeliness", typeof(IncidentsResource), "Permission.statistics.timeliness", Duty, OnDuty, Roles.Leader, Roles.Viewer);

    /// <summary>
    /// Approving or returning a report held before it goes up (带班领导审核, decision 0039): the leader on duty and the
    /// unit's leaders; the handler lets only the sending unit's own leaders act.
    /// </summary>
    public static readonly Permission ApproveReport = new("incident.approve-report", typeof(IncidentsResource), "Permission.incident.approve-report", OnDuty, Roles.Leader);

    /// <summary>Changing the reporting-time rules (报告时限规则).</summary>
    public static readonly Permission ManageReportingRules = new("reporting-rule.manage", typeof(IncidentsResource), "Permission.reporting-rule.manage", Roles.Administrator);
}
