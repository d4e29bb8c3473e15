using Beacon.Incidents.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Incidents.Reporting.LeaderApproval;

/// <summary>
/// A jurisdiction's rule that 上报 needs the leader on duty's approval (上报前需带班领导审核, decision 0039): when on, a
/// report leaving the jurisdiction upward (the first report's delivery, 转报上级) is held as 待审核 until a leader of
/// the sending unit approves it. One row per jurisdiction; no row is the default, off. Read on the reporting path
/// only from <see cref="Deadlines.ReportingReferenceData"/>'s cached snapshot.
/// </summary>
public sealed class ReportApprovalRule
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The jurisdiction whose reports upward are held (its own units only, not those below it).</summary>
    public Guid JurisdictionId { get; set; }

    public bool IsRequired { get; set; }

    /// <summary>Only reports of this level or above are held (Ⅱ: Ⅰ and Ⅱ); every report, 未定级 included, when null.</summary>
    public Severity? MinSeverity { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    public int Version { get; set; } = 1;

    /// <summary>Whether a report of <paramref name="severity"/> is held under this rule.</summary>
    public bool Holds(Severity severity) =>
        IsRequired && (MinSeverity is not { } min || (severity != Severity.NotAssessed && (severity == min || Classification.Grade.IsAbove(severity, min))));
}

public enum ApprovalState
{
    /// <summary>待审核: held, awaiting the leader's approval.</summary>
    Pending = 1,

    /// <summary>已退回: returned with a reason; the duty officer resubmits.</summary>
    Returned = 2,

    /// <summary>审核通过: delivered at <see cref="ReportApproval.DecidedAt"/>.</summary>
    Approved = 3,
}

public enum HeldDelivery
{
    /// <summary>The first report's delivery to the level above (首报上报).</summary>
    FirstReport = 1,

    /// <summary>A received report forwarded to the level above (转报上级).</summary>
    Forward = 2,
}

/// <summary>
/// A delivery upward held for the leader's approval (带班领导审核). Nothing leaves while it is pending or returned: the
/// submissions to the level above are created only when it is approved, with the approval time as their time.
/// </summary>
public sealed class ReportApproval
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    /// <summary>The sending unit; only its leaders approve.</summary>
    public Guid FromUnitId { get; set; }

    /// <summary>The sending unit's jurisdiction, for scope.</summary>
    public Guid JurisdictionId { get; set; }

    public HeldDelivery Delivery { get; set; }

    /// <summary>The forwarding level's assessment (研判意见), delivered with it.</summary>
    public string? Assessment { get; set; }

    public ApprovalState State { get; set; } = ApprovalState.Pending;

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Who filed or forwarded it (login).</summary>
    public string RequestedBy { get; set; } = "";

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The leader who approved or returned it (login).</summary>
    public string? DecidedBy { get; set; }

    /// <summary>The leader's note on approval, or the reason for returning it (退回原因).</summary>
    public string? Note { get; set; }

    /// <summary>How many times it was resubmitted after a return.</summary>
    public int Resubmissions { get; set; }

    public int Version { get; set; } = 1;
}

internal sealed class ReportApprovalRuleConfiguration : IEntityTypeConfiguration<ReportApprovalRule>
{
    public void Configure(EntityTypeBuilder<ReportApprovalRule> b)
    {
        b.ToTable("report_approval_rules");
        b.HasIndex(r => r.JurisdictionId).IsUnique();
        b.Property(r => r.MinSeverity).HasConversion<int?>();
        b.Property(r => r.UpdatedBy).HasMaxLength(100);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class ReportApprovalConfiguration : IEntityTypeConfiguration<ReportApproval>
{
    public void Configure(EntityTypeBuilder<ReportApproval> b)
    {
        b.ToTable("report_approvals");
        b.HasIndex(a => new { a.IncidentId, a.State });
        b.HasIndex(a => new { a.FromUnitId, a.State });
        b.Property(a => a.Delivery).HasConversion<int>();
        b.Property(a => a.State).HasConversion<int>();
        b.Property(a => a.Assessment).HasMaxLength(2000);
        b.Property(a => a.RequestedBy).HasMaxLength(100);
        b.Property(a => a.DecidedBy).HasMaxLength(100);
        b.Property(a => a.Note).HasMaxLength(500);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}
