namespace Beacon.Platform.Seeding;

/// <summary>Configuration section <c>Beacon:Seed</c>: what a new database starts with.</summary>
public sealed class SeedOptions
{
    public const string Section = "Beacon:Seed";

    /// <summary>
    /// Line departments (委办厅局 at the region, 委办局 below) created in every jurisdiction, as
    /// <c>region name|prefecture name|county name</c> (e.g. <c>消防救援总队|消防救援支队|消防救援大队</c>); a missing name repeats the one
    /// before it (<c>公安厅|公安局</c> gives 公安局 at prefectures and counties), and a single name is used at every level.
    /// </summary>
    /// <remarks>Configured entries replace the defaults (<see cref="DefaultLineDepartments"/>) rather than adding to them.</remarks>
    public List<string>? LineDepartments { get; set; }

    public static IReadOnlyList<string> DefaultLineDepartments { get; } =
    [
        "发展和改革委员会", "公安厅|公安局", "卫生健康委员会", "自然资源厅|自然资源局", "水利厅|水利局",
        "交通运输厅|交通运输局", "气象局", "地震局", "生态环境厅|生态环境局", "工业和信息化厅|工业和信息化局",
        "住房和城乡建设厅|住房和城乡建设局", "林业和草原局", "消防救援总队|消防救援支队|消防救援大队",
    ];

    /// <summary>User name of the first administrator created on an empty database.</summary>
    public string InitialAdministrator { get; set; } = "admin";
}

/// <summary>The demo accounts seeded in Development or when <c>Beacon:Demo</c> is true (never otherwise).</summary>
public static class DemoAccounts
{
    /// <summary>Password of every demo account.</summary>
    public const string Password = "Beacon@2026demo";

    /// <summary>Authenticator key (base32) of the demo administrators, for the second factor.</summary>
    public const string AdministratorTotpKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    /// <summary>Jurisdictions that get one account per role: the region, 包头市 and its 昆都仑区.</summary>
    public static IReadOnlyList<string> FullSets { get; } = ["150000", "150200", "150203"];

    /// <summary>Neighbours with a duty officer and an administrator each, to show that scopes do not overlap.</summary>
    public static IReadOnlyList<string> Neighbours { get; } = ["150100", "150204"];

    public static IReadOnlyDictionary<string, string> RolePrefixes { get; } = new Dictionary<string, string>
    {
        [Accounts.Roles.Administrator] = "admin",
        [Accounts.Roles.DutyOfficer] = "duty",
        [Accounts.Roles.LeaderOnDuty] = "onduty",
        [Accounts.Roles.Leader] = "leader",
        [Accounts.Roles.DepartmentLiaison] = "liaison",
        [Accounts.Roles.Viewer] = "viewer",
    };

    public static string UserName(string role, string code) => $"{RolePrefixes[role]}.{code}";
}
