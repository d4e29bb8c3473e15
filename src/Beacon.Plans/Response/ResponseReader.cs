using Beacon.Incidents.Contracts;
using Beacon.Plans.Plans;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Response;

public sealed record EntryView(DateTimeOffset At, ActivationEntryKind Kind, ResponseLevel? Level, string Text, string By, string? ByName);

public sealed record TaskView(
    Guid Id, Guid ActivationId, Guid IncidentId, string IncidentNumber, string IncidentTitle, string PlanTitle, Guid UnitId, string Unit,
    ResponseLevel Level, string Group, string Duties, IReadOnlyList<string> Checklist, DateTimeOffset DueAt,
    DateTimeOffset? SignedAt, string? SignedByName, DateTimeOffset? DoneAt, string? DoneByName, string? Outcome, bool Overdue);

/// <summary>A response as the caller sees it: <see cref="Leading"/> on the incident's side (who may change or end it).</summary>
public sealed record ActivationView(
    Guid Id, Guid PlanId, string PlanTitle, Guid IncidentId, string IncidentNumber, string IncidentTitle, ResponseLevel Level,
    ActivationStatus Status, DateTimeOffset ActivatedAt, string ActivatedBy, string? ActivatedByName, DateTimeOffset? TerminatedAt,
    IReadOnlyList<EntryView> Timeline, IReadOnlyList<TaskView> Tasks, bool Leading, int Version);

/// <summary>A plan that matches an incident (type, jurisdiction, criteria), with the level it suggests and why.</summary>
public sealed record ProposalView(
    Guid PlanId, string Title, PlanType Type, string Jurisdiction, ResponseLevel SuggestedLevel, string Why,
    IReadOnlyList<ResponseLevel> Levels, Guid? ActiveActivationId);

/// <summary>
/// Reads responses. A response is visible to the incident's jurisdiction and above, and to every jurisdiction one of its
/// tasks went to; a member unit that only received a task sees its own tasks, not the others'.
/// </summary>
public sealed class ResponseReader(ScopeService scopes, TimeProvider clock, People people)
{
    internal static IQueryable<PlanActivation> Visible(BeaconDb db, DataScope scope)
    {
        if (scope.IsEverything)
        {
            return db.Set<PlanActivation>().AsNoTracking();
        }

        var viaTasks = db.Set<PlanTask>().InScope(scope, t => t.JurisdictionId).Select(t => t.ActivationId);
        var own = db.Set<PlanActivation>().InScope(scope, a => a.JurisdictionId).Select(a => a.Id);
        return db.Set<PlanActivation>().AsNoTracking().Where(a => own.Contains(a.Id) || viaTasks.Contains(a.Id));
    }

    public async Task<List<ActivationView>> ViewsAsync(BeaconDb db, IQueryable<PlanActivation> query, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var items = await query.Include(a => a.Entries).Include(a => a.Tasks).AsSplitQuery()
            .OrderByDescending(a => a.ActivatedAt).ThenByDescending(a => a.Id).ToListAsync(ct);
        var unitIds = items.SelectMany(a => a.Tasks.Select(t => t.UnitId)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var names = await people.ResolveAsync(items.SelectMany(a => a.Entries.Select(e => e.By)
            .Concat(a.Tasks.SelectMany(t => new[] { t.SignedBy, t.DoneBy })).Append(a.ActivatedBy)), ct);
        var now = clock.GetUtcNow();
        return items.Select(a =>
        {
            var leading = scope.Contains(a.JurisdictionId);
            var tasks = leading ? a.Tasks : a.Tasks.Where(t => scope.Contains(t.JurisdictionId));
            return new ActivationView(a.Id, a.PlanId, a.PlanTitle, a.IncidentId, a.IncidentNumber, a.IncidentTitle, a.Level, a.Status, a.ActivatedAt,
                a.ActivatedBy, names[a.ActivatedBy], a.TerminatedAt,
                a.Entries.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new EntryView(e.At, e.Kind, e.Level, e.Text, e.By, names[e.By])).ToList(),
                tasks.OrderBy(t => t.Level).ThenBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => units.GetValueOrDefault(t.UnitId, ""), StringComparer.Ordinal)
                    .Select(t => Task(t, a, units.GetValueOrDefault(t.UnitId, ""), names, now)).ToList(),
                leading, a.Version);
        }).ToList();
    }

    internal static TaskView Task(PlanTask t, PlanActivation a, string unit, PeopleNames names, DateTimeOffset now) =>
        new(t.Id, t.ActivationId, t.IncidentId, a.IncidentNumber, a.IncidentTitle, a.PlanTitle, t.UnitId, unit, t.Level, t.Group, t.Duties, t.Checklist,
            t.DueAt, t.SignedAt, names[t.SignedBy], t.DoneAt, names[t.DoneBy], t.Outcome, (t.DoneAt ?? now) > t.DueAt);

    internal static IncidentFacts Facts(IncidentSummary i) => new(i.Deaths, i.Injured, i.Severity, i.IsSensitive);
}
