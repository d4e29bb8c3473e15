using Beacon.Platform.Modules;

namespace Beacon.Modules;

/// <summary>
/// The business modules of Beacon, in menu order. The host, both migrations assemblies, the architecture tests and the
/// scope tests read this list; adding a module is its project and one line here (docs/modules.md).
/// </summary>
public static class ModuleCatalog
{
    public static IReadOnlyList<BeaconModule> All { get; } =
    [
        new Incidents.IncidentsModule(),
        new Warnings.WarningsModule(),
        new Maps.MapsModule(),
        new Risks.RisksModule(),
        new Resources.ResourcesModule(),
        new Plans.PlansModule(),
    ];
}
