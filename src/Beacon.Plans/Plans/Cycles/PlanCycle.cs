using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Plans.Plans.Cycles;

/// <summary>
/// The cycles of one plan type (预案类型), kept as data: how often its plans are evaluated (评估周期) and drilled (演练周期).
/// A row exists only for a type whose cycles were changed; the others take the configured defaults
/// (<see cref="PlansOptions.ReviewCycleMonths"/>, <see cref="PlansOptions.DrillCycleMonths"/>). One table for the whole
/// deployment: the 2013 measures (kept in 2024) set the same rule everywhere.
/// </summary>
public sealed class PlanCycle
{
    public PlanType Type { get; set; }

    /// <summary>Months between evaluations of a plan of this type that has no cycle of its own.</summary>
    public int ReviewCycleMonths { get; set; }

    /// <summary>Months between drills (演练); null: plans of this type are not drilled on a cycle (e.g. a major event's).</summary>
    public int? DrillCycleMonths { get; set; }

    public string UpdatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}

/// <summary>The cycles in force for one plan type, stored or the configured default.</summary>
public sealed record TypeCycle(PlanType Type, int ReviewCycleMonths, int? DrillCycleMonths, bool IsDefault, int Version)
{
    public string? UpdatedBy { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>The cycles of every plan type, read once per request.</summary>
public sealed class CycleTable(IReadOnlyDictionary<PlanType, TypeCycle> byType)
{
    public TypeCycle this[PlanType type] => byType[type];

    public IEnumerable<TypeCycle> All => Enum.GetValues<PlanType>().Select(t => byType[t]);

    public static async Task<CycleTable> ReadAsync(DbContext db, PlansOptions options, CancellationToken ct)
    {
        var stored = await db.Set<PlanCycle>().AsNoTracking().ToDictionaryAsync(c => c.Type, ct);
        return new CycleTable(Enum.GetValues<PlanType>().ToDictionary(t => t, t => stored.TryGetValue(t, out var c)
            ? new TypeCycle(t, c.ReviewCycleMonths, c.DrillCycleMonths, false, c.Version) { UpdatedBy = c.UpdatedBy, UpdatedAt = c.UpdatedAt }
            : new TypeCycle(t, options.ReviewCycleMonths, options.DrillCycleMonths.TryGetValue(t, out var drill) ? drill : null, true, 0)));
    }
}

internal sealed class PlanCycleConfiguration : IEntityTypeConfiguration<PlanCycle>
{
    public void Configure(EntityTypeBuilder<PlanCycle> b)
    {
        b.ToTable("plan_cycles");
        b.HasKey(c => c.Type);
        b.Property(c => c.Type).HasConversion<int>().ValueGeneratedNever();
        b.Property(c => c.UpdatedBy).HasMaxLength(100);
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}
