using Beacon.Platform.Modules;

namespace Beacon.Warnings.Contracts;

/// <summary>
/// A published warning as other modules see it (the one map, the workbench, decision support). Level is the colour
/// (<c>Red</c>, <c>Orange</c>, <c>Yellow</c>, <c>Blue</c>); area codes are the division codes the warning names; times are UTC.
/// </summary>
public sealed record WarningSummary(
    Guid Id,
    string Identifier,
    string Headline,
    string EventCode,
    string Level,
    bool IsExercise,
    Guid JurisdictionId,
    IReadOnlyList<string> AreaCodes,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Read queries of the warnings module for other modules, limited to the scope of the current person or token, as on
/// the warnings pages: the warnings issued by units of their jurisdiction and below, and those published above them
/// whose areas cover their jurisdiction (decision 0036).
/// </summary>
public interface IWarningQueries
{
    /// <summary>Warnings in force now (published, not cancelled, not expired), most severe first.</summary>
    Task<IReadOnlyList<WarningSummary>> CurrentAsync(CancellationToken ct);
}

/// <summary>A warning was signed off and published (a new one or a change in its chain). Published after commit.</summary>
[IntegrationEvent("warnings.warning-published", 1)]
public sealed record WarningPublished(Guid WarningId, string Identifier, string Level, bool Cancelled, Guid JurisdictionId, DateTimeOffset OccurredAt)
    : IntegrationEvent(JurisdictionId, OccurredAt)
{
    /// <summary>
    /// The jurisdictions whose duty rooms read the warning besides the issuing one (decision 0036): those its areas name
    /// and all below them. A receiver telling viewers "look again" tells those whose scope holds one of these or
    /// <see cref="IntegrationEvent.JurisdictionId"/>. Empty from a publisher that does not fill it (added in version 1).
    /// </summary>
    public IReadOnlyList<Guid> CoveredJurisdictionIds { get; init; } = [];
}
