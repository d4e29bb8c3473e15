using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Plans.Plans;

/// <summary>Plan type (预案类型).</summary>
public enum PlanType
{
    /// <summary>总体应急预案.</summary>
    Overall = 1,

    /// <summary>专项应急预案, for event types.</summary>
    Special = 2,

    /// <summary>部门应急预案.</summary>
    Departmental = 3,

    /// <summary>地方应急预案.</summary>
    Local = 4,

    /// <summary>单位/企业应急预案.</summary>
    Unit = 5,

    /// <summary>重大活动应急预案.</summary>
    MajorEvent = 6,

    /// <summary>巨灾应急预案.</summary>
    Catastrophe = 7,
}

public enum PlanStatus
{
    /// <summary>草案.</summary>
    Draft = 1,

    /// <summary>现行有效.</summary>
    InForce = 2,

    /// <summary>修订中.</summary>
    UnderRevision = 3,

    /// <summary>已废止.</summary>
    Repealed = 4,
}

/// <summary>Response level (响应级别): Ⅰ is the highest.</summary>
public enum ResponseLevel
{
    I = 1,
    II = 2,
    III = 3,
    IV = 4,
}

/// <summary>
/// A working group of the command structure (指挥部工作组, e.g. 综合协调组、抢险救援组) at one response level: its member
/// units, duties and action checklist (the operation manual as data). Activation gives each member unit a task due
/// <see cref="TaskHours"/> after activation.
/// </summary>
public sealed record CommandGroup(string Name, IReadOnlyList<Guid> MemberUnitIds, string Duties, IReadOnlyList<string> Checklist, int TaskHours);

/// <summary>One response level of a plan with its activation criteria (启动条件) as a rule over incident fields.</summary>
public sealed record LevelDefinition(ResponseLevel Level, string Criteria, IReadOnlyList<CommandGroup> Groups);

/// <summary>
/// A contingency plan (应急预案) in the register: issued by a unit for its jurisdiction, covering event types, with its
/// response levels and command groups. Levels are kept as one document with the plan (they are read and written whole).
/// </summary>
public sealed class Plan
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Title { get; set; } = "";

    public PlanType Type { get; set; }

    public Guid IssuingUnitId { get; set; }

    /// <summary>The issuing unit's jurisdiction: the plan applies there and below.</summary>
    public Guid JurisdictionId { get; set; }

    /// <summary>Event type codes (GB/T 35561) covered; a code covers its sub-types; empty covers every type.</summary>
    public List<string> EventTypeCodes { get; set; } = [];

    /// <summary>文号.</summary>
    public string? DocumentNumber { get; set; }

    public DateOnly? ApprovedOn { get; set; }

    /// <summary>备案日期.</summary>
    public DateOnly? FiledOn { get; set; }

    public PlanStatus Status { get; set; }

    /// <summary>Review cycle (评估周期) in months; null takes the configured default.</summary>
    public int? ReviewCycleMonths { get; set; }

    /// <summary>When it was last evaluated (评估); the next review is due one cycle after it (or after approval).</summary>
    public DateOnly? LastReviewedOn { get; set; }

    public List<LevelDefinition> Levels { get; set; } = [];

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; } = 1;

    public List<PlanVersion> Versions { get; set; } = [];
}

/// <summary>A version of a plan (预案版本) in force from <see cref="EffectiveFrom"/> to the day before <see cref="EffectiveTo"/>.</summary>
public sealed class PlanVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PlanId { get; set; }

    public string Label { get; set; } = "";

    public DateOnly EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    /// <summary>修订说明.</summary>
    public string ChangeSummary { get; set; } = "";
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.ToTable("plans");
        b.HasIndex(p => new { p.JurisdictionId, p.Status });
        b.Property(p => p.Title).HasMaxLength(200);
        b.Property(p => p.DocumentNumber).HasMaxLength(100);
        b.Property(p => p.CreatedBy).HasMaxLength(100);
        b.Property(p => p.Type).HasConversion<int>();
        b.Property(p => p.Status).HasConversion<int>();
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Property(p => p.Levels).HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            s => JsonSerializer.Deserialize<List<LevelDefinition>>(s, Json) ?? new List<LevelDefinition>(),
            new ValueComparer<List<LevelDefinition>>(
                (a, c) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(c, Json),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<List<LevelDefinition>>(JsonSerializer.Serialize(v, Json), Json)!));
        b.HasMany(p => p.Versions).WithOne().HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanVersionConfiguration : IEntityTypeConfiguration<PlanVersion>
{
    public void Configure(EntityTypeBuilder<PlanVersion> b)
    {
        b.ToTable("plan_versions");
        b.HasIndex(v => new { v.PlanId, v.EffectiveFrom });
        b.Property(v => v.Label).HasMaxLength(50);
        b.Property(v => v.ChangeSummary).HasMaxLength(2000);
    }
}
