using Beacon.Platform;
using Beacon.Platform.Modules;
using Beacon.Platform.Permissions;
using Beacon.Platform.Seeding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Resources;

/// <summary>
/// Emergency resources (应急资源), clauses 四(二)(三) and 五(一)(二) of the work points: reserve warehouses and stock,
/// rescue teams, experts, social service providers and shelters; the nearest-resource search, allocation requests across
/// jurisdictions, Excel import and export. Declared once here (docs/modules.md); listed in the module catalogue.
/// </summary>
public sealed class ResourcesModule : BeaconModule
{
    public override string Name => "resources";

    public override Type Resources => typeof(Localization.ResourcesResource);

    public override IEnumerable<MenuEntry> Menu =>
    [
        new("main", "Menu.Resources", "resources", "database", 60),
        new("main", "Menu.Allocations", "allocations", "swap", 61),
    ];

    public override IEnumerable<EntityScope> Scopes =>
    [
        EntityScope.For<Registry.Resource>(r => r.JurisdictionId),
        EntityScope.Through<Registry.TrainingRecord, Registry.Resource>(),
        EntityScope.Through<Registry.Consultation, Registry.Resource>(),
        EntityScope.Through<Registry.PurchaseContract, Registry.Resource>(),
        EntityScope.Global<Stock.SupplyCategory>("the supply category tree (GB/T 38565) every account reads"),
        EntityScope.Global<Stock.SupplyItem>("the supply catalogue every account reads"),
        EntityScope.For<Stock.StockBatch>(b => b.JurisdictionId),
        EntityScope.For<Stock.StockMovement>(m => m.JurisdictionId),
        EntityScope.For<Allocation.AllocationRequest>(a => a.RequesterJurisdictionId),
        EntityScope.Through<Allocation.AllocationLine, Allocation.AllocationRequest>(),
        EntityScope.Through<Allocation.AllocationReservation, Allocation.AllocationLine>(),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions(typeof(ResourcePermissions));
        services.AddScoped<IModuleSeed, ResourcesSeed>();
        services.AddScoped<Registry.ResourcesHandler>();
        services.AddScoped<Registry.RecordsHandler>();
        services.AddScoped<Nearest.NearestResourcesHandler>();
        services.AddScoped<Stock.StockHandler>();
        services.AddScoped<Stock.CatalogueHandler>();
        services.AddScoped<Allocation.AllocationsHandler>();
        services.AddScoped<Transfer.ExcelTransferHandler>();
        services.AddScoped<IMapLayer, Map.ResourcesLayer>();
        services.AddScoped<Platform.Workbench.IWorkItemSource, Workbench.ResourcesWorkItems>();
        services.AddSingleton(new Platform.Audit.AuditVocabulary(typeof(Localization.ResourcesAuditResource)));
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup();
        Nearest.NearestEndpoints.Map(api);
        Transfer.ExcelTransferEndpoints.Map(api);
        Registry.ResourcesEndpoints.Map(api);
        Registry.RecordsEndpoints.Map(api);
        Stock.CatalogueEndpoints.Map(api);
        Stock.StockEndpoints.Map(api);
        Allocation.AllocationEndpoints.Map(api);
    }
}
