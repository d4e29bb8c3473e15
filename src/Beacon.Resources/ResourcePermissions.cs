using Beacon.Platform.Accounts;
using Beacon.Platform.Permissions;
using Beacon.Resources.Localization;

namespace Beacon.Resources;

/// <summary>What people may do with emergency resources (应急资源). Reading needs no permission beyond signing in.</summary>
public static class ResourcePermissions
{
    private static readonly string[] Staff = [Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison];

    /// <summary>Registering, changing and importing resources and their records (资源登记、导入).</summary>
    public static readonly Permission Manage = new("resource.manage", typeof(ResourcesResource), "Permission.resource.manage", Staff);

    /// <summary>Moving stock: in, out, transfer, adjustment (出入库、调库、盘点).</summary>
    public static readonly Permission MoveStock = new("stock.move", typeof(ResourcesResource), "Permission.stock.move", Staff);

    /// <summary>Requesting supplies (调拨申请) and confirming their receipt (接收确认).</summary>
    public static readonly Permission RequestAllocation = new("allocation.request", typeof(ResourcesResource), "Permission.allocation.request", Staff);

    /// <summary>Approving or rejecting an allocation (调拨审批).</summary>
    public static readonly Permission ApproveAllocation = new("allocation.approve", typeof(ResourcesResource), "Permission.allocation.approve", Roles.LeaderOnDuty, Roles.Leader);

    /// <summary>Dispatching approved supplies from the warehouse (发运).</summary>
    public static readonly Permission DispatchAllocation = new("allocation.dispatch", typeof(ResourcesResource), "Permission.allocation.dispatch", Staff);
}
