using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Plans.Plans;

/// <summary>Where a plan's review (评估) stands against its cycle.</summary>
public enum ReviewState
{
    Ok = 0,

    /// <summary>Due within the warning window (即将到期).</summary>
    DueSoon = 1,

    /// <summary>Past its due date (已超期).</summary>
    Overdue = 2,
}

public sealed record GroupView(string Name, IReadOnlyList<Guid> MemberUnitIds, IReadOnlyList<string> MemberUnits, string Duties, IReadOnlyList<string> Checklist, int TaskHours);

public sealed record LevelView(ResponseLevel Level, string Criteria, IReadOnlyList<GroupView> Groups);

public sealed record VersionView(Guid Id, string Label, DateOnly EffectiveFrom, DateOnly? EffectiveTo, string ChangeSummary);

/// <summary>
/// A plan as the caller sees it; <see cref="ReviewDueOn"/> follows the plan's own or its type's review cycle,
/// <see cref="DrillDueOn"/> its type's drill cycle from the end of its last drill (演练), or from approval when it was
/// never drilled; null when its type is not drilled on a cycle.
/// </summary>
public sealed record PlanView(
    Guid Id, string Title, PlanType Type, PlanStatus Status, Guid IssuingUnitId, string IssuingUnit, Guid JurisdictionId, string Jurisdiction,
    IReadOnlyList<string> EventTypeCodes, string? DocumentNumber, DateOnly? ApprovedOn, DateOnly? FiledOn,
    int ReviewCycleMonths, bool UsesDefaultCycle, DateOnly? LastReviewedOn, DateOnly ReviewDueOn, ReviewState ReviewState,
    IReadOnlyList<LevelView> Levels, IReadOnlyList<VersionView> Versions, bool Editable, string CreatedBy, DateTimeOffset CreatedAt, int Version)
{
    public string? CreatedByName { get; init; }

    public int? DrillCycleMonths { get; init; }

    public DateOnly? LastDrilledOn { get; init; }

    public DateOnly? DrillDueOn { get; init; }

    public ReviewState? DrillState { get; init; }
}

/// <summary>
/// Which plans a caller sees: those of its jurisdiction and below (its own and its counties'), and those issued above it,
/// which apply to it too (a prefecture's special plan binds its counties). A neighbour's plans stay hidden.
/// </summary>
public sealed class PlanReader(JurisdictionTree tree, ScopeService scopes, BeijingTime beijing, TimeProvider clock, IOptions<PlansOptions> options,
    Platform.Accounts.People people)
{
    public async Task<IQueryable<Plan>> VisibleAsync(BeaconDb db, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (scope.IsEverything)
        {
            return db.Set<Plan>().AsNoTracking();
        }

        var ids = scope.JurisdictionIds.Concat(await AncestorsAsync(scopes.Actor.JurisdictionId, ct)).ToList();
        return db.Set<Plan>().AsNoTracking().Where(p => ids.Contains(p.JurisdictionId));
    }

    /// <summary>The jurisdictions above <paramref name="id"/>, nearest first (without itself).</summary>
    public async Task<List<Guid>> AncestorsAsync(Guid? id, CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var result = new List<Guid>();
        var node = id is { } start ? snapshot.Find(start) : null;
        while (node?.ParentId is { } parent)
        {
            result.Add(parent);
            node = snapshot.Find(parent);
        }

        return result;
    }

    /// <summary>Active units in the caller's scope, by jurisdiction then name: the member units a plan may name.</summary>
    public async Task<List<(Guid Id, string Name)>> UnitsAsync(BeaconDb db, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var rows = await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId).Where(u => !u.IsRetired)
            .Select(u => new { u.Id, u.Name, u.JurisdictionId }).ToListAsync(ct);
        return [.. rows.OrderBy(u => u.JurisdictionId).ThenBy(u => u.Name, StringComparer.Ordinal).Select(u => (u.Id, u.Name))];
    }

    public DateOnly Today => DateOnly.FromDateTime(beijing.ToLocal(clock.GetUtcNow()).DateTime);

    /// <summary>The cycles of every plan type as stored, or configured (read per request: a change applies at once).</summary>
    public Task<Cycles.CycleTable> CyclesAsync(BeaconDb db, CancellationToken ct) => Cycles.CycleTable.ReadAsync(db, options.Value, ct);

    public static int CycleOf(Plan p, Cycles.CycleTable cycles) => p.ReviewCycleMonths ?? cycles[p.Type].ReviewCycleMonths;

    private DateOnly Since(Plan p) => p.ApprovedOn ?? DateOnly.FromDateTime(beijing.ToLocal(p.CreatedAt).DateTime);

    public DateOnly ReviewDueOn(Plan p, Cycles.CycleTable cycles) => (p.LastReviewedOn ?? Since(p)).AddMonths(CycleOf(p, cycles));

    public ReviewState StateOf(Plan p, Cycles.CycleTable cycles) => StateOf(ReviewDueOn(p, cycles));

    private ReviewState StateOf(DateOnly due) =>
        due < Today ? ReviewState.Overdue : due <= Today.AddDays(options.Value.DueSoonDays) ? ReviewState.DueSoon : ReviewState.Ok;

    /// <summary>
    /// The day (Beijing) each plan's last drill ended, for drills that took place by now. Every drill of the plan counts,
    /// whoever organised it (a county's drill of the city's plan exercises it too); a drill still to come tells nothing,
    /// so a double-blind drill's date stays hidden until it is over.
    /// </summary>
    public async Task<Dictionary<Guid, DateOnly>> LastDrilledAsync(BeaconDb db, IReadOnlyCollection<Guid> planIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Took place (DrillReader.TookPlace): over, and at least one inject arrived.
        var ended = await db.Set<Drills.Drill>().AsNoTracking().Where(d => d.EndsAt <= now && d.Injects.Any(i => i.DeliveredAt != null))
            .Select(d => new { d.PlanIds, d.EndsAt }).ToListAsync(ct);
        return ended.SelectMany(d => d.PlanIds.Where(planIds.Contains).Select(p => (Plan: p, d.EndsAt)))
            .GroupBy(x => x.Plan)
            .ToDictionary(g => g.Key, g => DateOnly.FromDateTime(beijing.ToLocal(g.Max(x => x.EndsAt)).DateTime));
    }

    /// <summary>When the plan's next drill is due: one drill cycle of its type after its last drill, or after approval.</summary>
    public DateOnly? DrillDueOn(Plan p, Cycles.CycleTable cycles, IReadOnlyDictionary<Guid, DateOnly> lastDrilled) =>
        p.Status is PlanStatus.Draft or PlanStatus.Repealed || cycles[p.Type].DrillCycleMonths is not { } months
            ? null
            : (lastDrilled.TryGetValue(p.Id, out var last) ? last : Since(p)).AddMonths(months);

    public ReviewState? DrillStateOf(Plan p, Cycles.CycleTable cycles, IReadOnlyDictionary<Guid, DateOnly> lastDrilled) =>
        DrillDueOn(p, cycles, lastDrilled) is { } due ? StateOf(due) : null;

    public async Task<List<PlanView>> ViewsAsync(BeaconDb db, IReadOnlyList<Plan> plans, CancellationToken ct)
    {
        var cycles = await CyclesAsync(db, ct);
        var lastDrilled = await LastDrilledAsync(db, plans.Select(p => p.Id).ToList(), ct);
        var scope = await scopes.GetAsync(ct);
        var unitIds = plans.SelectMany(p => p.Levels.SelectMany(l => l.Groups.SelectMany(g => g.MemberUnitIds)).Append(p.IssuingUnitId)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var snapshot = await tree.GetAsync(ct);
        var names = await people.ResolveAsync(plans.Select(p => p.CreatedBy), ct);
        return plans.Select(p => new PlanView(
            p.Id, p.Title, p.Type, p.Status, p.IssuingUnitId, units.GetValueOrDefault(p.IssuingUnitId, ""), p.JurisdictionId,
            snapshot.Find(p.JurisdictionId)?.Name ?? "", p.EventTypeCodes, p.DocumentNumber, p.ApprovedOn, p.FiledOn,
            CycleOf(p, cycles), p.ReviewCycleMonths is null, p.LastReviewedOn, ReviewDueOn(p, cycles), StateOf(p, cycles),
            p.Levels.OrderBy(l => l.Level).Select(l => new LevelView(l.Level, l.Criteria, l.Groups.Select(g => new GroupView(
                g.Name, g.MemberUnitIds, g.MemberUnitIds.Select(u => units.GetValueOrDefault(u, "")).ToList(), g.Duties, g.Checklist, g.TaskHours)).ToList())).ToList(),
            p.Versions.OrderBy(v => v.EffectiveFrom).Select(v => new VersionView(v.Id, v.Label, v.EffectiveFrom, v.EffectiveTo, v.ChangeSummary)).ToList(),
            scope.Contains(p.JurisdictionId), p.CreatedBy, p.CreatedAt, p.Version)
        {
            CreatedByName = names[p.CreatedBy],
            DrillCycleMonths = DrillDueOn(p, cycles, lastDrilled) is null ? null : cycles[p.Type].DrillCycleMonths,
            LastDrilledOn = lastDrilled.TryGetValue(p.Id, out var last) ? last : null,
            DrillDueOn = DrillDueOn(p, cycles, lastDrilled),
            DrillState = DrillStateOf(p, cycles, lastDrilled),
        }).ToList();
    }
}
