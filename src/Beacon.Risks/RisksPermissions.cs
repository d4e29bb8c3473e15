using Beacon.Platform.Accounts;
using Beacon.Platform.Permissions;
using Beacon.Risks.Localization;

namespace Beacon.Risks;

/// <summary>
/// What people may do in risk and hazard management (风险隐患): endpoints declare these with <c>RequirePermission</c>,
/// handlers demand them first thing, and pages show an action only when it is allowed.
/// </summary>
public static class RisksPermissions
{
    private const string Duty = Roles.DutyOfficer;
    private const string OnDuty = Roles.LeaderOnDuty;
    private const string Liaison = Roles.DepartmentLiaison;

    /// <summary>Registering a hazard and assessing it (风险隐患登记、评估).</summary>
    public static readonly Permission ManageHazards = new("risk.hazard.manage", typeof(RisksResource), "Permission.risk.hazard.manage", Duty, OnDuty, Liaison);

    /// <summary>Opening an investigation round (部署排查).</summary>
    public static readonly Permission OpenRound = new("risk.round.open", typeof(RisksResource), "Permission.risk.round.open", Duty, OnDuty);

    /// <summary>Reporting a unit's return to a round (报送排查情况).</summary>
    public static readonly Permission ReportRound = new("risk.round.report", typeof(RisksResource), "Permission.risk.round.report", Duty, OnDuty, Liaison);

    /// <summary>Requiring rectification and reporting it done (整改).</summary>
    public static readonly Permission Rectify = new("risk.rectification.manage", typeof(RisksResource), "Permission.risk.rectification.manage", Duty, OnDuty, Liaison);

    /// <summary>Verifying a rectification by the upper level (整改验收).</summary>
    public static readonly Permission VerifyRectification = new("risk.rectification.verify", typeof(RisksResource), "Permission.risk.rectification.verify", Duty, OnDuty, Roles.Leader);

    /// <summary>Compiling and editing the bulletin 《应急管理动态信息》 (编发动态信息).</summary>
    public static readonly Permission CompileBulletin = new("risk.bulletin.compile", typeof(RisksResource), "Permission.risk.bulletin.compile", Duty, OnDuty);

    /// <summary>Changing the grading bands and the substances (风险分级标准).</summary>
    public static readonly Permission ManageGrading = new("risk.grading.manage", typeof(RisksResource), "Permission.risk.grading.manage", Roles.Administrator);
}
