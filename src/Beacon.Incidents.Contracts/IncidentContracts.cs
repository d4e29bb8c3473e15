using Beacon.Platform.Modules;

namespace Beacon.Incidents.Contracts;

/// <summary>
/// An incident as other modules see it (statistics, the one map, decision support, the case library, interconnection).
/// Severity is the level code (<c>I</c>–<c>IV</c>), status <c>Open</c> or <c>Closed</c>; times are UTC.
/// </summary>
public sealed record IncidentSummary(
    Guid Id,
    string Number,
    string Title,
    string EventTypeCode,
    string Severity,
    bool IsSensitive,
    string Status,
    Guid JurisdictionId,
    Guid LocationJurisdictionId,
    double? Latitude,
    double? Longitude,
    DateTimeOffset OccurredAt,
    DateTimeOffset? ClosedAt,
    int Deaths,
    int Injured)
{
    /// <summary>A drill inject (演练), not a real event; only <see cref="IIncidentQueries.FindAsync"/> returns one.</summary>
    public bool IsDrill { get; init; }
}

/// <summary>What to read: occurred within [<see cref="From"/>, <see cref="To"/>), open ones only, at most <see cref="Take"/> (≤ 1,000), newest first.</summary>
public sealed record IncidentQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, bool OpenOnly = false, int Take = 200);

/// <summary>
/// Read queries of the incidents module for other modules. Every answer is limited to the scope of the person or token
/// of the current request or circuit (their jurisdiction and below): a county never reads a neighbour's incidents
/// through this contract either.
/// </summary>
public interface IIncidentQueries
{
    /// <summary>One incident in scope, a drill inject included (<see cref="IncidentSummary.IsDrill"/>).</summary>
    Task<IncidentSummary?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Real incidents only: drill injects (演练) never appear in a list, so no statistic built on it counts them.</summary>
    Task<IReadOnlyList<IncidentSummary>> ListAsync(IncidentQuery query, CancellationToken ct);
}

/// <summary>
/// A scenario inject (情景注入) of a drill, delivered into one participant's real duty board: it arrives there as a report
/// from <see cref="FromUnitId"/> (the organiser) awaiting the participant's signature (签收).
/// </summary>
public sealed record DrillInjectDelivery(Guid DrillId, string Title, string EventTypeCode, string Narrative, Guid FromUnitId, Guid ToUnitId);

/// <summary>
/// How one participant answered a delivered inject, for the drill's timing sheet; times are UTC, null until it happened.
/// <see cref="FirstReportAt"/> is the participant's first written report on it, <see cref="FirstInstructionAt"/> the
/// first handling item (拟办/转办/批示) recorded on it.
/// </summary>
public sealed record DrillResponseTimes(
    Guid IncidentId, string Number, DateTimeOffset? SignedAt, string? SignedBy, DateTimeOffset? FirstReportAt, string? FirstReportBy,
    DateTimeOffset? FirstInstructionAt);

/// <summary>
/// Drill injects (演练) on the duty board. The delivered incident is marked as a drill (title 【演练】, <c>IsDrill</c>): it gets no
/// reporting deadlines and is left out of every statistic, counter, list of <see cref="IIncidentQueries"/> and the map.
/// </summary>
public interface IDrillInjects
{
    /// <summary>
    /// Delivers an inject as the system (the drills scheduler has no signed-in actor): stores the drill incident in the
    /// receiving unit's jurisdiction with a submission to it, commits, then pushes it to the unit's duty board. Returns its id.
    /// Not idempotent: the caller claims the inject before delivering it.
    /// </summary>
    Task<Guid> DeliverAsync(DrillInjectDelivery inject, CancellationToken ct);

    /// <summary>The response times of drill incidents in the caller's scope (others are left out).</summary>
    Task<IReadOnlyList<DrillResponseTimes>> ResponseTimesAsync(IReadOnlyCollection<Guid> incidentIds, CancellationToken ct);
}

/// <summary>A first report (首报) was stored: a new incident exists. Published after commit.</summary>
[IntegrationEvent("incidents.incident-reported", 1)]
public sealed record IncidentReported(Guid IncidentId, string Number, string Title, Guid JurisdictionId, DateTimeOffset OccurredAt)
    : IntegrationEvent(JurisdictionId, OccurredAt);

/// <summary>A follow-up (续报) or final report (终报) was added; <see cref="Closed"/> when it was the final one.</summary>
[IntegrationEvent("incidents.report-added", 1)]
public sealed record IncidentReportAdded(Guid IncidentId, string Number, bool Closed, Guid JurisdictionId, DateTimeOffset OccurredAt)
    : IntegrationEvent(JurisdictionId, OccurredAt);
