using Beacon.Plans.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Plans.Response;

public enum ActivationStatus
{
    /// <summary>响应中.</summary>
    Active = 1,

    /// <summary>已终止.</summary>
    Terminated = 2,
}

public enum ActivationEntryKind
{
    /// <summary>启动响应.</summary>
    Activated = 1,

    /// <summary>调整响应级别.</summary>
    LevelChanged = 2,

    /// <summary>终止响应.</summary>
    Terminated = 3,

    /// <summary>任务签收.</summary>
    TaskSigned = 4,

    /// <summary>任务完成.</summary>
    TaskDone = 5,
}

/// <summary>
/// A plan activated on an incident (预案启动) at a response level. Its entries are the response's timeline (activation,
/// level changes, termination, each unit's signing and completion); its tasks are the member units' part.
/// </summary>
public sealed class PlanActivation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PlanId { get; set; }

    public string PlanTitle { get; set; } = "";

    public Guid IncidentId { get; set; }

    public string IncidentNumber { get; set; } = "";

    public string IncidentTitle { get; set; } = "";

    /// <summary>The incident's jurisdiction: who may read and lead the response.</summary>
    public Guid JurisdictionId { get; set; }

    public ResponseLevel Level { get; set; }

    public ActivationStatus Status { get; set; }

    public DateTimeOffset ActivatedAt { get; set; }

    public string ActivatedBy { get; set; } = "";

    public DateTimeOffset? TerminatedAt { get; set; }

    public int Version { get; set; } = 1;

    public List<ActivationEntry> Entries { get; set; } = [];

    public List<PlanTask> Tasks { get; set; } = [];
}

/// <summary>One line of a response's timeline.</summary>
public sealed class ActivationEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ActivationId { get; set; }

    public ActivationEntryKind Kind { get; set; }

    public ResponseLevel? Level { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = "";
}

/// <summary>A member unit's response task (响应任务): its group's duties and checklist at the level, with a deadline.</summary>
public sealed class PlanTask
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ActivationId { get; set; }

    public Guid IncidentId { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>The unit's jurisdiction, for scope.</summary>
    public Guid JurisdictionId { get; set; }

    public ResponseLevel Level { get; set; }

    public string Group { get; set; } = "";

    public string Duties { get; set; } = "";

    public List<string> Checklist { get; set; } = [];

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? SignedAt { get; set; }

    public string? SignedBy { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public string? DoneBy { get; set; }

    public string? Outcome { get; set; }
}

internal sealed class PlanActivationConfiguration : IEntityTypeConfiguration<PlanActivation>
{
    public void Configure(EntityTypeBuilder<PlanActivation> b)
    {
        b.ToTable("plan_activations");
        b.HasIndex(a => new { a.IncidentId, a.ActivatedAt });
        b.HasIndex(a => new { a.JurisdictionId, a.Status });
        b.Property(a => a.PlanTitle).HasMaxLength(200);
        b.Property(a => a.IncidentNumber).HasMaxLength(40);
        b.Property(a => a.IncidentTitle).HasMaxLength(200);
        b.Property(a => a.ActivatedBy).HasMaxLength(100);
        b.Property(a => a.Level).HasConversion<int>();
        b.Property(a => a.Status).HasConversion<int>();
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasMany(a => a.Entries).WithOne().HasForeignKey(e => e.ActivationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Tasks).WithOne().HasForeignKey(t => t.ActivationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ActivationEntryConfiguration : IEntityTypeConfiguration<ActivationEntry>
{
    public void Configure(EntityTypeBuilder<ActivationEntry> b)
    {
        b.ToTable("plan_activation_entries");
        b.HasIndex(e => new { e.ActivationId, e.At });
        b.Property(e => e.Kind).HasConversion<int>();
        b.Property(e => e.Level).HasConversion<int?>();
        b.Property(e => e.Text).HasMaxLength(2000);
        b.Property(e => e.By).HasMaxLength(100);
    }
}

internal sealed class PlanTaskConfiguration : IEntityTypeConfiguration<PlanTask>
{
    public void Configure(EntityTypeBuilder<PlanTask> b)
    {
        b.ToTable("plan_tasks");
        b.HasIndex(t => new { t.UnitId, t.DoneAt });
        b.HasIndex(t => new { t.JurisdictionId, t.DoneAt });
        b.Property(t => t.Level).HasConversion<int>();
        b.Property(t => t.Group).HasMaxLength(50);
        b.Property(t => t.Duties).HasMaxLength(2000);
        b.Property(t => t.SignedBy).HasMaxLength(100);
        b.Property(t => t.DoneBy).HasMaxLength(100);
        b.Property(t => t.Outcome).HasMaxLength(2000);
    }
}
