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
    int Injured);

/// <summary>What to read: occurred within [<see cref="From"/>, <see cref="To"/>), open ones only, at most <see cref="Take"/> (≤ 1,000), newest first.</summary>
public sealed record IncidentQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, bool OpenOnly = false, int Take = 200);

/// <summary>
/// Read queries of the incidents module for other modules. Every answer is limited to the scope of the person or token
/// of the current request or circuit (their jurisdiction and below): a county never reads a neighbour's incidents
/// through this contract either.
/// </summary>
public interface IIncidentQueries
{
    Task<IncidentSummary?> FindAsync(Guid id, CancellationToken ct);

    Task<IReadOnlyList<IncidentSummary>> ListAsync(IncidentQuery query, CancellationToken ct);
}

/// <summary>A first report (首报) was stored: a new incident exists. Published after commit.</summary>
[IntegrationEvent("incidents.incident-reported", 1)]
public sealed record IncidentReported(Guid IncidentId, string Number, string Title, Guid JurisdictionId, DateTimeOffset OccurredAt)
    : IntegrationEvent(JurisdictionId, OccurredAt);

/// <summary>A follow-up (续报) or final report (终报) was added; <see cref="Closed"/> when it was the final one.</summary>
[IntegrationEvent("incidents.report-added", 1)]
public sealed record IncidentReportAdded(Guid IncidentId, string Number, bool Closed, Guid JurisdictionId, DateTimeOffset OccurredAt)
    : IntegrationEvent(JurisdictionId, OccurredAt);
