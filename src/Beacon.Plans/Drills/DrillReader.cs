using Beacon.Incidents.Contracts;
using Beacon.Plans.Response;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Drills;

public sealed record InjectView(Guid Id, string Title, string EventTypeCode, string Text, DateTimeOffset ScheduledAt, bool RandomTime, DateTimeOffset? DeliveredAt);

public sealed record DrillView(
    Guid Id, string Title, DrillType Type, Guid OrganiserUnitId, string OrganiserUnit, IReadOnlyList<Guid> PlanIds, IReadOnlyList<string> Plans,
    IReadOnlyList<Guid> ParticipantUnitIds, IReadOnlyList<string> Participants, string Scenario, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    int SignWithinMinutes, int ReportWithinMinutes, IReadOnlyList<InjectView> Injects, string CreatedBy, DateTimeOffset CreatedAt)
{
    public string? CreatedByName { get; init; }
}

/// <summary>
/// One line of a drill's timing sheet (演练计时表): when a participant received an inject, signed for it, first reported,
/// activated a plan and handed out tasks, measured against the drill's deadlines. Minutes are from delivery.
/// </summary>
public sealed record TimingRow(
    Guid InjectId, string Inject, Guid UnitId, string Unit, Guid IncidentId, string IncidentNumber, DateTimeOffset DeliveredAt,
    DateTimeOffset? SignedAt, string? SignedByName, double? SignMinutes, bool? SignedInTime,
    DateTimeOffset? FirstReportAt, string? FirstReportByName, double? ReportMinutes, bool? ReportedInTime,
    DateTimeOffset? PlanActivatedAt, DateTimeOffset? FirstInstructionAt);

public sealed record TimingSheet(Guid DrillId, string Title, int SignWithinMinutes, int ReportWithinMinutes, IReadOnlyList<TimingRow> Rows);

/// <summary>
/// Which drills a caller sees: those organised in its jurisdiction and below, except that a participant unit of a
/// double-blind drill (无脚本双盲) sees nothing of it (neither time nor scenario) until every inject has arrived.
/// A neighbour's drills stay hidden.
/// </summary>
public sealed class DrillReader(ScopeService scopes, People people, TimeProvider clock, IDrillInjects injects)
{
    public async Task<List<Drill>> VisibleAsync(BeaconDb db, Func<IQueryable<Drill>, IQueryable<Drill>>? filter, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var query = db.Set<Drill>().AsNoTracking().InScope(scope, d => d.JurisdictionId);
        var drills = await (filter is null ? query : filter(query)).Include(d => d.Injects)
            .OrderByDescending(d => d.StartsAt).ThenByDescending(d => d.Id).ToListAsync(ct);
        return [.. drills.Where(d => !HiddenFrom(d, scopes.Actor.UnitId))];
    }

    /// <summary>A double-blind drill is hidden from its participants until its last inject has been delivered.</summary>
    public static bool HiddenFrom(Drill d, Guid? unitId) =>
        d.Type == DrillType.DoubleBlind && unitId is { } u && d.ParticipantUnitIds.Contains(u) && d.Injects.Any(i => i.DeliveredAt == null);

    /// <summary>
    /// A drill took place (举行) once its window is over and at least one of its injects arrived: a drill planned but never
    /// delivered (the window passed with the scheduler stopped) exercised nobody. Only such drills count for the drill
    /// cycle, coverage and evaluation.
    /// </summary>
    public static bool TookPlace(Drill d, DateTimeOffset now) => d.EndsAt <= now && d.Injects.Any(i => i.DeliveredAt != null);

    public async Task<List<DrillView>> ViewsAsync(BeaconDb db, IReadOnlyList<Drill> drills, CancellationToken ct)
    {
        var unitIds = drills.SelectMany(d => d.ParticipantUnitIds.Append(d.OrganiserUnitId)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var planIds = drills.SelectMany(d => d.PlanIds).Distinct().ToList();
        var plans = await db.Set<Plans.Plan>().AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        var names = await people.ResolveAsync(drills.Select(d => d.CreatedBy), ct);
        return drills.Select(d => new DrillView(
            d.Id, d.Title, d.Type, d.OrganiserUnitId, units.GetValueOrDefault(d.OrganiserUnitId, ""), d.PlanIds,
            d.PlanIds.Select(p => plans.GetValueOrDefault(p, "")).ToList(), d.ParticipantUnitIds,
            d.ParticipantUnitIds.Select(u => units.GetValueOrDefault(u, "")).ToList(), d.Scenario, d.StartsAt, d.EndsAt,
            d.SignWithinMinutes, d.ReportWithinMinutes,
            d.Injects.OrderBy(i => i.ScheduledAt).Select(i => new InjectView(i.Id, i.Title, i.EventTypeCode, i.Text, i.ScheduledAt, i.RandomTime, i.DeliveredAt)).ToList(),
            d.CreatedBy, d.CreatedAt)
        { CreatedByName = names[d.CreatedBy] }).ToList();
    }

    public async Task<TimingSheet> TimingAsync(BeaconDb db, Drill drill, CancellationToken ct)
    {
        var deliveries = await db.Set<DrillDelivery>().AsNoTracking().Where(x => x.DrillId == drill.Id).OrderBy(x => x.DeliveredAt).ThenBy(x => x.Id).ToListAsync(ct);
        var incidentIds = deliveries.Select(x => x.IncidentId).ToList();
        var times = (await injects.ResponseTimesAsync(incidentIds, ct)).ToDictionary(t => t.IncidentId);
        var activations = await db.Set<PlanActivation>().AsNoTracking().Where(a => incidentIds.Contains(a.IncidentId))
            .Select(a => new { a.IncidentId, a.ActivatedAt }).ToListAsync(ct);
        var unitIds = deliveries.Select(x => x.UnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var names = await people.ResolveAsync(times.Values.SelectMany(t => new[] { t.SignedBy, t.FirstReportBy }), ct);
        var now = clock.GetUtcNow();
        static double? Minutes(DateTimeOffset from, DateTimeOffset? to) => to is { } t ? Math.Round((t - from).TotalMinutes, 1) : null;
        bool? InTime(DateTimeOffset from, DateTimeOffset? at, int within) =>
            at is { } a ? a <= from.AddMinutes(within) : now > from.AddMinutes(within) ? false : null;
        var rows = deliveries.Select(x =>
        {
            var t = times.GetValueOrDefault(x.IncidentId);
            var inject = drill.Injects.FirstOrDefault(i => i.Id == x.InjectId);
            return new TimingRow(x.InjectId, inject?.Title ?? "", x.UnitId, units.GetValueOrDefault(x.UnitId, ""), x.IncidentId, t?.Number ?? "", x.DeliveredAt,
                t?.SignedAt, names[t?.SignedBy], Minutes(x.DeliveredAt, t?.SignedAt), InTime(x.DeliveredAt, t?.SignedAt, drill.SignWithinMinutes),
                t?.FirstReportAt, names[t?.FirstReportBy], Minutes(x.DeliveredAt, t?.FirstReportAt), InTime(x.DeliveredAt, t?.FirstReportAt, drill.ReportWithinMinutes),
                activations.Where(a => a.IncidentId == x.IncidentId).Select(a => (DateTimeOffset?)a.ActivatedAt).Min(), t?.FirstInstructionAt);
        }).ToList();
        return new TimingSheet(drill.Id, drill.Title, drill.SignWithinMinutes, drill.ReportWithinMinutes, rows);
    }
}
