using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Risks.Rounds;

/// <summary>Periodic (quarterly …) or a special round before a festival or an event.</summary>
public enum RoundKind
{
    /// <summary>定期排查 (e.g. quarterly).</summary>
    Periodic = 1,

    /// <summary>专项排查 (before a festival, the 70th anniversary …).</summary>
    Special = 2,
}

/// <summary>
/// An investigation round (隐患排查) opened by the region or a prefecture: a scope of hazard kinds and units (the duty
/// rooms of the jurisdictions named) and a deadline; each unit reports what it found, a nil return included.
/// </summary>
public sealed class InvestigationRound
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Title { get; set; } = "";

    public RoundKind Kind { get; set; }

    /// <summary>The hazard kinds in scope; empty for every kind.</summary>
    public List<string> KindCodes { get; set; } = [];

    public string? Notes { get; set; }

    public Guid IssuerUnitId { get; set; }

    public Guid IssuerJurisdictionId { get; set; }

    public string OpenedBy { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>When units that have not reported are reminded.</summary>
    public DateTimeOffset RemindAt { get; set; }

    public int Version { get; set; } = 1;

    public List<RoundTarget> Targets { get; set; } = [];
}

/// <summary>One unit in a round's scope, with its own deadline and its return (报送情况).</summary>
public sealed class RoundTarget
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RoundId { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>The unit's jurisdiction: who reports, and the scope of the row.</summary>
    public Guid JurisdictionId { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset RemindAt { get; set; }

    /// <summary>When the reminder went out (催报), by the due-check.</summary>
    public DateTimeOffset? RemindedAt { get; set; }

    public DateTimeOffset? ReturnedAt { get; set; }

    public string? ReturnedBy { get; set; }

    /// <summary>Nothing found (零报告).</summary>
    public bool IsNil { get; set; }

    public string? Summary { get; set; }

    public List<RoundFinding> Findings { get; set; } = [];
}

/// <summary>What a return reports.</summary>
public enum FindingKind
{
    /// <summary>新发现隐患.</summary>
    NewHazard = 1,

    /// <summary>风险变化.</summary>
    ChangedRisk = 2,

    /// <summary>已整改销号.</summary>
    Rectified = 3,

    /// <summary>其他.</summary>
    Other = 4,
}

/// <summary>One item of a unit's return; it may require rectification (整改).</summary>
public sealed class RoundFinding
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TargetId { get; set; }

    public FindingKind Kind { get; set; }

    public string Description { get; set; } = "";

    public Guid? HazardId { get; set; }

    public Guid? RectificationId { get; set; }
}

internal sealed class InvestigationRoundConfiguration : IEntityTypeConfiguration<InvestigationRound>
{
    public void Configure(EntityTypeBuilder<InvestigationRound> b)
    {
        b.ToTable("rounds");
        b.HasIndex(r => new { r.IssuerJurisdictionId, r.DueAt });
        b.Property(r => r.Title).HasMaxLength(200);
        b.Property(r => r.Notes).HasMaxLength(2000);
        b.Property(r => r.OpenedBy).HasMaxLength(100);
        b.Property(r => r.Kind).HasConversion<int>();
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasMany(r => r.Targets).WithOne().HasForeignKey(t => t.RoundId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RoundTargetConfiguration : IEntityTypeConfiguration<RoundTarget>
{
    public void Configure(EntityTypeBuilder<RoundTarget> b)
    {
        b.ToTable("round_targets");
        b.HasIndex(t => new { t.RoundId, t.UnitId }).IsUnique();
        b.HasIndex(t => new { t.JurisdictionId, t.ReturnedAt });
        b.Property(t => t.ReturnedBy).HasMaxLength(100);
        b.Property(t => t.Summary).HasMaxLength(4000);
        b.HasMany(t => t.Findings).WithOne().HasForeignKey(f => f.TargetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RoundFindingConfiguration : IEntityTypeConfiguration<RoundFinding>
{
    public void Configure(EntityTypeBuilder<RoundFinding> b)
    {
        b.ToTable("round_findings");
        b.Property(f => f.Kind).HasConversion<int>();
        b.Property(f => f.Description).HasMaxLength(2000);
    }
}
