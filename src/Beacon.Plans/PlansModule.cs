using Beacon.Plans.Plans;
using Beacon.Plans.Response;
using Beacon.Platform;
using Beacon.Platform.Modules;
using Beacon.Platform.Permissions;
using Beacon.Platform.Seeding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Plans;

/// <summary>
/// Contingency plans (应急预案), clause 三 of the work points: the plan register with versions and review cycles, response
/// levels with activation criteria and command groups, and activation on an incident with tasks for the member units.
/// </summary>
public sealed class PlansModule : BeaconModule
{
    public override string Name => "plans";

    public override Type Resources => typeof(Localization.PlansResource);

    public override IEnumerable<MenuEntry> Menu =>
    [
        new("main", "Menu.Plans", "plans", "book", 50),
        new("main", "Menu.Response", "plans/response", "thunderbolt", 51),
        new("main", "Menu.PlanTasks", "plans/tasks", "carry-out", 52) { Permission = PlansPermissions.CarryOutTask },
        new("main", "Menu.Drills", "drills", "experiment", 53),
        new("main", "Menu.Revisions", "plans/revisions", "edit", 54),
        new("main", "Menu.Coverage", "plans/coverage", "pie-chart", 55),
    ];

    public override IEnumerable<EntityScope> Scopes =>
    [
        EntityScope.For<Plan>(p => p.JurisdictionId),
        EntityScope.Through<PlanVersion, Plan>(),
        EntityScope.For<PlanActivation>(a => a.JurisdictionId),
        EntityScope.Through<ActivationEntry, PlanActivation>(),
        EntityScope.For<PlanTask>(t => t.JurisdictionId),
        EntityScope.For<Drills.Drill>(d => d.JurisdictionId),
        EntityScope.Through<Drills.DrillInject, Drills.Drill>(),
        EntityScope.For<Drills.DrillDelivery>(d => d.JurisdictionId),
        EntityScope.For<Evaluation.EvaluationTemplate>(t => t.JurisdictionId),
        EntityScope.For<Evaluation.DrillEvaluation>(e => e.JurisdictionId),
        EntityScope.For<Evaluation.DrillFinding>(f => f.JurisdictionId),
        EntityScope.For<Evaluation.RevisionTask>(t => t.JurisdictionId),
        EntityScope.Global<Plans.Cycles.PlanCycle>("the review and drill cycles of each plan type, one rule for the deployment"),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PlansOptions>(configuration.GetSection(PlansOptions.Section));
        services.AddPermissions(typeof(PlansPermissions));
        services.AddSingleton(new Platform.Audit.AuditVocabulary(typeof(Localization.PlansAuditResource)));
        services.AddScoped<IModuleSeed, PlansSeed>();
        services.AddScoped<PlanReader>();
        services.AddScoped<ResponseReader>();
        services.AddScoped<Plans.RegisterPlan.RegisterPlanHandler>();
        services.AddScoped<Plans.ListPlans.ListPlansHandler>();
        services.AddScoped<Plans.ReviewPlan.ReviewPlanHandler>();
        services.AddScoped<Plans.Cycles.CyclesHandler>();
        services.AddScoped<Response.Proposals.ProposalsHandler>();
        services.AddScoped<Response.Activate.ActivateHandler>();
        services.AddScoped<Response.Activate.ActivationsHandler>();
        services.AddScoped<Response.Tasks.TasksHandler>();
        services.AddScoped<Platform.Workbench.IWorkItemSource, Workbench.PlansWorkItems>();
        services.AddScoped<Drills.DrillReader>();
        services.AddScoped<Drills.PlanDrill.PlanDrillHandler>();
        services.AddScoped<Drills.ListDrills.ListDrillsHandler>();
        services.AddScoped<Drills.InjectDelivery>();
        services.AddHostedService<Drills.InjectScheduler>();
        services.AddScoped<Plans.Revisions.RevisionsHandler>();
        services.AddScoped<Plans.Coverage.CoverageHandler>();
        services.AddScoped<Evaluation.EvaluationHandler>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup();
        Plans.RegisterPlan.RegisterPlanEndpoint.Map(api);
        Plans.ListPlans.ListPlansEndpoints.Map(api);
        Plans.ReviewPlan.ReviewPlanEndpoint.Map(api);
        Plans.Cycles.CyclesEndpoints.Map(api);
        Response.Proposals.ProposalsEndpoint.Map(api);
        Response.Activate.ActivateEndpoints.Map(api);
        Response.Tasks.TasksEndpoints.Map(api);
        Drills.PlanDrill.PlanDrillEndpoint.Map(api);
        Drills.ListDrills.ListDrillsEndpoints.Map(api);
        Plans.Revisions.RevisionsEndpoints.Map(api);
        Plans.Coverage.CoverageEndpoints.Map(api);
        Evaluation.EvaluationEndpoints.Map(api);
    }
}
