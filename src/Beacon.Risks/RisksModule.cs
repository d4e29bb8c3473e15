using Beacon.Platform;
using Beacon.Platform.Modules;
using Beacon.Platform.Permissions;
using Beacon.Platform.Seeding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Risks;

/// <summary>
/// Risk and hazard investigation (风险隐患排查), clauses 四(一) and 六(四) of the work points: the hazard registry with
/// assessment (R = L × S, major-hazard grading), investigation rounds with per-unit deadlines and reminders,
/// rectification, and the periodic bulletin 《应急管理动态信息》. Declared once here (docs/modules.md).
/// </summary>
public sealed class RisksModule : BeaconModule
{
    public override string Name => "risks";

    public override Type Resources => typeof(Localization.RisksResource);

    public override IEnumerable<MenuEntry> Menu =>
    [
        new("main", "Menu.Hazards", "risks/hazards", "warning", 45),
        new("main", "Menu.Rounds", "risks/rounds", "audit", 46),
        new("main", "Menu.Rectifications", "risks/rectifications", "tool", 47),
        new("main", "Menu.Bulletins", "risks/bulletins", "read", 48),
    ];

    public override IEnumerable<EntityScope> Scopes =>
    [
        EntityScope.Global<Grading.HazardKind>("the hazard-kind code list every account reads; administrators change it"),
        EntityScope.Global<Grading.HazardousSubstance>("the GB 18218 substances with critical quantities; reference data"),
        EntityScope.Global<Grading.RiskMatrixSettings>("the matrix bands every assessment grades with; administrators change them"),
        EntityScope.For<Hazards.Hazard>(h => h.JurisdictionId),
        EntityScope.Through<Hazards.HazardAssessment, Hazards.Hazard>(),
        EntityScope.For<Rounds.InvestigationRound>(r => r.IssuerJurisdictionId),
        EntityScope.For<Rounds.RoundTarget>(t => t.JurisdictionId),
        EntityScope.Through<Rounds.RoundFinding, Rounds.RoundTarget>(),
        EntityScope.For<Rectifications.Rectification>(r => r.JurisdictionId),
        EntityScope.For<Bulletins.Bulletin>(b => b.JurisdictionId),
        EntityScope.Through<Bulletins.BulletinSection, Bulletins.Bulletin>(),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RisksOptions>(configuration.GetSection(RisksOptions.Section));
        services.AddScoped<IModuleSeed, RisksSeed>();
        services.AddPermissions(typeof(RisksPermissions));
        services.AddSingleton(new Platform.Audit.AuditVocabulary(typeof(Localization.RisksAuditResource)));
        services.AddScoped<Hazards.HazardsHandler>();
        services.AddScoped<Hazards.GradingHandler>();
        services.AddScoped<Rounds.RoundsHandler>();
        services.AddScoped<Rounds.RisksDueCheck>();
        services.AddHostedService<Rounds.RisksDueWatcher>();
        services.AddScoped<Rectifications.RectificationsHandler>();
        services.AddScoped<Bulletins.BulletinsHandler>();
        services.AddScoped<Transfer.RisksWorkbooksHandler>();
        services.AddScoped<Platform.Workbench.IWorkItemSource, Workbench.RisksWorkItems>();
        services.AddScoped<IMapLayer, Map.RisksLayer>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup();
        Hazards.HazardsEndpoints.Map(api);
        Rounds.RoundsEndpoints.Map(api);
        Rectifications.RectificationsEndpoints.Map(api);
        Bulletins.BulletinsEndpoints.Map(api);
        Transfer.RisksWorkbooksEndpoints.Map(api);
    }
}
