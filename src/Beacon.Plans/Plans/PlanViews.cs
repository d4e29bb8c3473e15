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

/// <summary>A plan as the caller sees it; <see cref="ReviewDueOn"/> follows the plan's own or the configured cycle.</summary>
public sealed record PlanView(
    Guid Id, string Title, PlanType Type, PlanStatus Status, Guid IssuingUnitId, string IssuingUnit, Guid JurisdictionId, string Jurisdiction,
    IReadOnlyList<string> EventTypeCodes, string? DocumentNumber, DateOnly? ApprovedOn, DateOnly? FiledOn,
    int ReviewCycleMonths, bool UsesDefaultCycle, DateOnly? LastReviewedOn, DateOnly ReviewDueOn, ReviewState ReviewState,
    IReadOnlyList<LevelView> Levels, IReadOnlyList<VersionView> Versions, bool Editable, string CreatedBy, DateTimeOffset CreatedAt, int Version)
{
    public string? CreatedByName { get; init; }
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

    public int CycleOf(Plan p) => p.ReviewCycleMonths ?? options.Value.ReviewCycleMonths;

    public DateOnly ReviewDueOn(Plan p) =>
        (p.LastReviewedOn ?? p.ApprovedOn ?? DateOnly.FromDateTime(beijing.ToLocal(p.CreatedAt).DateTime)).AddMonths(CycleOf(p));

    public ReviewState StateOf(Plan p)
    {
        var due = ReviewDueOn(p);
        return due < Today ? ReviewState.Overdue : due <= Today.AddDays(options.Value.DueSoonDays) ? ReviewState.DueSoon : ReviewState.Ok;
    }

    public async Task<List<PlanView>> ViewsAsync(BeaconDb db, IReadOnlyList<Plan> plans, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var unitIds = plans.SelectMany(p => p.Levels.SelectMany(l => l.Groups.SelectMany(g => g.MemberUnitIds)).Append(p.IssuingUnitId)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var snapshot = await tree.GetAsync(ct);
        var names = await people.ResolveAsync(plans.Select(p => p.CreatedBy), ct);
        return plans.Select(p => new PlanView(
            p.Id, p.Title, p.Type, p.Status, p.IssuingUnitId, units.GetValueOrDefault(p.IssuingUnitId, ""), p.JurisdictionId,
            snapshot.Find(p.JurisdictionId)?.Name ?? "", p.EventTypeCodes, p.DocumentNumber, p.ApprovedOn, p.FiledOn,
            CycleOf(p), p.ReviewCycleMonths is null, p.LastReviewedOn, ReviewDueOn(p), StateOf(p),
            p.Levels.OrderBy(l => l.Level).Select(l => new LevelView(l.Level, l.Criteria, l.Groups.Select(g => new GroupView(
                g.Name, g.MemberUnitIds, g.MemberUnitIds.Select(u => units.GetValueOrDefault(u, "")).ToList(), g.Duties, g.Checklist, g.TaskHours)).ToList())).ToList(),
            p.Versions.OrderBy(v => v.EffectiveFrom).Select(v => new VersionView(v.Id, v.Label, v.EffectiveFrom, v.EffectiveTo, v.ChangeSummary)).ToList(),
            scope.Contains(p.JurisdictionId), p.CreatedBy, p.CreatedAt, p.Version)
        { CreatedByName = names[p.CreatedBy] }).ToList();
    }
}
