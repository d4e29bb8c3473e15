using Beacon.Platform.Accounts;
using Beacon.Platform.Permissions;
using Beacon.Warnings.Localization;

namespace Beacon.Warnings;

/// <summary>
/// What people may do with early warnings (预警). The defaults follow <see cref="WarningsOptions"/>; its
/// <c>DraftRoles</c>, <c>ReviewRoles</c> and <c>SignOffRoles</c> settings still decide who holds them.
/// </summary>
public static class WarningPermissions
{
    private static readonly string[] DraftRoles = [Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison];

    /// <summary>Writing and changing a draft (拟稿).</summary>
    public static readonly Permission Draft = new("warning.draft", typeof(WarningsResource), "Permission.warning.draft", DraftRoles);

    /// <summary>Submitting a draft for review (送审).</summary>
    public static readonly Permission Submit = new("warning.submit", typeof(WarningsResource), "Permission.warning.submit", DraftRoles);

    /// <summary>Reviewing a draft (审核).</summary>
    public static readonly Permission Review = new("warning.review", typeof(WarningsResource), "Permission.warning.review", Roles.LeaderOnDuty, Roles.Leader);

    /// <summary>Signing off and publishing (签发).</summary>
    public static readonly Permission SignOff = new("warning.sign-off", typeof(WarningsResource), "Permission.warning.sign-off", Roles.Leader);

    /// <summary>Starting an update, a change of level, an extension or the cancel of a published warning (更新、升级、降级、延长、解除).</summary>
    public static readonly Permission Change = new("warning.change", typeof(WarningsResource), "Permission.warning.change", DraftRoles);

    /// <summary>Re-publishing a received warning for one's own area (转发).</summary>
    public static readonly Permission Republish = new("warning.republish", typeof(WarningsResource), "Permission.warning.republish", DraftRoles);

    /// <summary>Importing a CAP message (导入).</summary>
    public static readonly Permission Import = new("warning.import", typeof(WarningsResource), "Permission.warning.import", DraftRoles);

    /// <summary>Seeing the polled CAP feeds of one's area and polling them at once (接收与订阅、立即拉取); administrators keep the feeds.</summary>
    public static readonly Permission Feeds = new("warning.feeds", typeof(WarningsResource), "Permission.warning.feeds",
        Roles.Administrator, Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison);

    /// <summary>Keeping the list of recipients of targeted dissemination (接收人).</summary>
    public static readonly Permission ManageRecipients = new("recipient.manage", typeof(WarningsResource), "Permission.recipient.manage", DraftRoles);

    /// <summary>Sending failed and given-up deliveries of a warning again (重发).</summary>
    public static readonly Permission RetryDeliveries = new("warning.deliveries.retry", typeof(WarningsResource), "Permission.warning.deliveries.retry", DraftRoles);

    /// <summary>The role settings of <see cref="WarningsOptions"/> as holders of these permissions (a configured <c>Beacon:Permissions</c> entry wins).</summary>
    internal static void FromOptions(PermissionOptions permissions, WarningsOptions options)
    {
        foreach (var p in new[] { Draft, Submit, Change, Republish, Import, ManageRecipients, RetryDeliveries })
        {
            permissions.Roles.TryAdd(p.Code, options.DraftRoles);
        }

        permissions.Roles.TryAdd(Review.Code, options.ReviewRoles);
        permissions.Roles.TryAdd(SignOff.Code, options.SignOffRoles);
    }
}
