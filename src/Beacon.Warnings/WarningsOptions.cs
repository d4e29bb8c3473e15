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

    /// <summary>The CAP sender of Beacon's own warnings is <c>{jurisdiction code}@{SenderDomain}</c>.</summary>
    public string SenderDomain { get; set; } = "beacon.nmg.gov.cn";

    /// <summary>GB/T 35965.1 identifier: the 3-digit code of the issuing agency (emergency management).</summary>
    public string AgencyCode { get; set; } = "001";

    /// <summary>GB/T 35965.1 identifier: the 3-digit unit code and 2-digit extension.</summary>
    public string UnitCode { get; set; } = "000";

    public string Extension { get; set; } = "00";

    /// <summary>The longest validity a warning may be given.</summary>
    public TimeSpan MaxValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Dissemination (<c>Beacon:Warnings:Dissemination</c>): batches, retries, channels.</summary>
    public Dissemination.DisseminationOptions Dissemination { get; set; } = new();
}
