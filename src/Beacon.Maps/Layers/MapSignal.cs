using Beacon.Incidents.Contracts;
using Beacon.Platform.Modules;
using Beacon.Warnings.Contracts;

namespace Beacon.Maps.Layers;

/// <summary>
/// Something on the map changed in a jurisdiction (an incident reported or closed, a warning published): open map pages
/// re-read their layers, each in its own scope, so a push carries nothing but "look again" and nothing a county may not see.
/// </summary>
public sealed class MapSignal
{
    /// <summary>The jurisdictions where something changed; a map looks again once when its scope holds any of them.</summary>
    public event Action<IReadOnlyCollection<Guid>>? Changed;

    public void Raise(Guid jurisdictionId) => Raise([jurisdictionId]);

    public void Raise(IReadOnlyCollection<Guid> jurisdictionIds) => Changed?.Invoke(jurisdictionIds);
}

internal sealed class MapSignalOnIncidentReported(MapSignal signal) : IIntegrationEventHandler<IncidentReported>
{
    public Task HandleAsync(IncidentReported e, CancellationToken ct)
    {
        signal.Raise(e.JurisdictionId);
        return Task.CompletedTask;
    }
}

internal sealed class MapSignalOnIncidentReportAdded(MapSignal signal) : IIntegrationEventHandler<IncidentReportAdded>
{
    public Task HandleAsync(IncidentReportAdded e, CancellationToken ct)
    {
        signal.Raise(e.JurisdictionId);
        return Task.CompletedTask;
    }
}

internal sealed class MapSignalOnWarningPublished(MapSignal signal) : IIntegrationEventHandler<WarningPublished>
{
    public Task HandleAsync(WarningPublished e, CancellationToken ct)
    {
        // The issuing jurisdiction and every one the warning's areas cover (decision 0036), in one signal.
        signal.Raise([e.JurisdictionId, .. e.CoveredJurisdictionIds]);
        return Task.CompletedTask;
    }
}
