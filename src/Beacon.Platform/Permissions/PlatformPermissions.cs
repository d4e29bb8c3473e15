using Beacon.Platform.Accounts;
using Beacon.Platform.Localization;

namespace Beacon.Platform.Permissions;

/// <summary>The kernel's actions: administration of units, accounts and API tokens.</summary>
public static class PlatformPermissions
{
    /// <summary>Create, change, retire and merge units; add functional areas (单位管理).</summary>
    public static readonly Permission ManageUnits = new("unit.manage", typeof(AdminResource), "Permission.unit.manage", Roles.Administrator);

    /// <summary>Create and change accounts, reset passwords (账号管理).</summary>
    public static readonly Permission ManageAccounts = new("account.manage", typeof(AdminResource), "Permission.account.manage", Roles.Administrator);

    /// <summary>Create and revoke API tokens (接口令牌).</summary>
    public static readonly Permission ManageTokens = new("token.manage", typeof(AdminResource), "Permission.token.manage", Roles.Administrator);

    /// <summary>Change one's own password, end one's own sessions (个人账号安全): every role, for its own account only.</summary>
    public static readonly Permission ManageOwnAccount = new("account.own", typeof(AdminResource), "Permission.account.own",
        Roles.Administrator, Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison, Roles.Viewer);
}
