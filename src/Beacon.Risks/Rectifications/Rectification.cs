using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Risks.Rectifications;

public enum RectificationStatus
{
    /// <summary>整改中.</summary>
    Open = 1,

    /// <summary>The unit reports it done; awaiting the upper level's verification (待验收).</summary>
    Done = 2,

    /// <summary>Verified by the upper level (已验收销号).</summary>
    Verified = 3,
}

/// <summary>
/// A rectification (整改): owner, measures and deadline, reported done by the responsible unit, verified by the level
/// above; escalated to the upper level when it passes its deadline.
/// </summary>
public sealed class Rectification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Title { get; set; } = "";

    /// <summary>The responsible unit and its jurisdiction.</summary>
    public Guid UnitId { get; set; }

    public Guid JurisdictionId { get; set; }

    public Guid? HazardId { get; set; }

    public Guid? RoundId { get; set; }

    /// <summary>The person responsible (责任人).</summary>
    public string Owner { get; set; } = "";

    public string Measures { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    public RectificationStatus Status { get; set; } = RectificationStatus.Open;

    public DateTimeOffset? DoneAt { get; set; }

    public string? DoneNote { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    public string? VerifiedBy { get; set; }

    public string? VerificationNote { get; set; }

    /// <summary>When the due-check escalated it to the upper level (逾期督办).</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; } = 1;
}

internal sealed class RectificationConfiguration : IEntityTypeConfiguration<Rectification>
{
    public void Configure(EntityTypeBuilder<Rectification> b)
    {
        b.ToTable("rectifications");
        b.HasIndex(r => new { r.JurisdictionId, r.Status, r.DueAt });
        b.HasIndex(r => r.HazardId);
        b.Property(r => r.Title).HasMaxLength(200);
        b.Property(r => r.Owner).HasMaxLength(50);
        b.Property(r => r.Measures).HasMaxLength(2000);
        b.Property(r => r.DoneNote).HasMaxLength(2000);
        b.Property(r => r.VerifiedBy).HasMaxLength(100);
        b.Property(r => r.VerificationNote).HasMaxLength(2000);
        b.Property(r => r.CreatedBy).HasMaxLength(100);
        b.Property(r => r.Status).HasConversion<int>();
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}
