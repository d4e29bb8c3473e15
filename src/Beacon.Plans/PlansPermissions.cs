using Beacon.Plans.Localization;
using Beacon.Platform.Accounts;
using Beacon.Platform.Permissions;

namespace Beacon.Plans;

/// <summary>What people may do with contingency plans (应急预案). Endpoints, handlers and pages check the same ones.</summary>
public static class PlansPermissions
{
    /// <summary>Registering a plan in the register (预案登记).</summary>
    public static readonly Permission Register = new("plan.register", typeof(PlansResource), "Permission.plan.register",
        Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison);

    /// <summary>Recording a plan's evaluation and changing its review cycle (预案评估).</summary>
    public static readonly Permission Review = new("plan.review", typeof(PlansResource), "Permission.plan.review",
        Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison);

    /// <summary>Activating a plan on an incident, changing its level and ending the response (启动、调整、终止响应).</summary>
    public static readonly Permission Activate = new("plan.activate", typeof(PlansResource), "Permission.plan.activate", Roles.Leader, Roles.LeaderOnDuty);

    /// <summary>Signing for and completing the own unit's response tasks (响应任务签收、完成).</summary>
    public static readonly Permission CarryOutTask = new("plan.task", typeof(PlansResource), "Permission.plan.task",
        Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.DepartmentLiaison);

    /// <summary>Setting the review and drill cycles of each plan type (预案评估、演练周期), one table for the deployment.</summary>
    public static readonly Permission ManageCycles = new("plan.cycles", typeof(PlansResource), "Permission.plan.cycles", Roles.Administrator);

    /// <summary>Planning drills with their scenario and injects (演练计划、情景注入).</summary>
    public static readonly Permission OrganiseDrill = new("drill.organise", typeof(PlansResource), "Permission.drill.organise",
        Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison);

    /// <summary>Scoring templates, a drill's scores and findings, and turning findings into revision tasks or follow-up actions (演练评估).</summary>
    public static readonly Permission EvaluateDrill = new("drill.evaluate", typeof(PlansResource), "Permission.drill.evaluate",
        Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison, Roles.DutyOfficer);
}
