using Beacon.Incidents.Contracts;
using Beacon.Maps.Divisions;
using Beacon.Maps.Layers;
using Beacon.Platform;
using Beacon.Platform.Modules;
using Beacon.Warnings.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Maps;

/// <summary>
/// The one map (综合态势一张图), clause 五(三) of the work points: Inner Mongolia's 116 divisions drawn offline from a
/// bundled GeoJSON, an optional tile base layer, and every module's <see cref="IMapLayer"/> on one situational map. No
/// tables: the boundaries are a resource read on first use; the layers belong to their modules.
/// </summary>
public sealed class MapsModule : BeaconModule
{
    public override string Name => "maps";

    public override Type Resources => typeof(Localization.MapsResource);

    public override IEnumerable<MenuEntry> Menu => [new("main", "Menu.Map", "map", "global", 5)];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MapsOptions>(configuration.GetSection(MapsOptions.Section));
        services.AddSingleton<DivisionAtlas>();
        services.AddSingleton<IDivisionGeometry>(sp => sp.GetRequiredService<DivisionAtlas>());
        services.AddScoped<MapFeed>();
        services.AddSingleton<MapSignal>();
        services.AddScoped<IMapLayer, DutyRoomsLayer>();
        services.AddSingleton<IIntegrationEventHandler<IncidentReported>, MapSignalOnIncidentReported>();
        services.AddSingleton<IIntegrationEventHandler<IncidentReportAdded>, MapSignalOnIncidentReportAdded>();
        services.AddSingleton<IIntegrationEventHandler<WarningPublished>, MapSignalOnWarningPublished>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => Layers.MapEndpoints.Map(endpoints.MapApiGroup());
}
