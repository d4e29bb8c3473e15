using Beacon.Platform.Accounts;

namespace Beacon.Warnings;

/// <summary>The rules of the release flow and of China's CAP profile, configurable (<c>Beacon:Warnings</c>).</summary>
public sealed class WarningsOptions
{
    public const string Section = "Beacon:Warnings";

    /// <summary>Who may write drafts and propose changes.</summary>
    public List<string> DraftRoles { get; set; } = [Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison];

    /// <summary>Who may review (审核) a draft.</summary>
    public List<string> ReviewRoles { get; set; } = [Roles.LeaderOnDuty, Roles.Leader];

    /// <summary>Who has sign-off rights (签发): only they publish.</summary>
    public List<string> SignOffRoles { get; set; } = [Roles.Leader];

    /// <summary>拟稿、审核、签发 by different people: the drafter does not review, and neither signs off.</summary>
    public bool SeparateDuties { get; set; } = true;

    /// <summary>The CAP sender of Beacon's own warnings is <c>{jurisdiction code}@{SenderDomain}</c>.</summary>
    public string SenderDomain { get; set; } = "beacon.nmg.gov.cn";

    /// <summary>GB/T 35965.1 identifier: the 3-digit code of the issuing agency (emergency management).</summary>
    public string AgencyCode { get; set; } = "001";

    /// <summary>GB/T 35965.1 identifier: the 3-digit unit code and 2-digit extension.</summary>
    public string UnitCode { get; set; } = "000";

    public string Extension { get; set; } = "00";

    /// <summary>The public address of Beacon for links in the public feed (e.g. <c>https://yj.nmg.gov.cn</c>); unset: the request's own.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>CAP feeds of issuing agencies polled on a schedule.</summary>
    public List<CapIn.CapFeed> Feeds { get; set; } = [];

    /// <summary>The longest validity a warning may be given.</summary>
    public TimeSpan MaxValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Optional XYZ tile server drawn under the warning maps, e.g. <c>https://tiles.example.gov.cn/{z}/{x}/{y}.png</c>
    /// (Web Mercator). Unset, the maps draw the areas on a plain grid and need nothing outside Beacon.
    /// </summary>
    public string? TileUrl { get; set; }

    /// <summary>
    /// Whether demo data (Development or <c>Beacon:Demo</c>) includes the recipients of 包头市 and 昆都仑区; the tests turn
    /// it off, as their warnings would otherwise reach the demo recipients too.
    /// </summary>
    public bool DemoRecipients { get; set; } = true;

    /// <summary>Dissemination (<c>Beacon:Warnings:Dissemination</c>): batches, retries, channels.</summary>
    public Dissemination.DisseminationOptions Dissemination { get; set; } = new();

    /// <summary>Pushing signed-off messages as CAP to an upstream publisher (<c>Beacon:Warnings:Upstream</c>); off by default.</summary>
    public Upstream.UpstreamOptions Upstream { get; set; } = new();
}
