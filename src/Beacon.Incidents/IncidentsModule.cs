using Beacon.Incidents.Deadlines.ListObligations;
using Beacon.Incidents.Deadlines.ReportingRules;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Reporting.LogPhoneReport;
using Beacon.Incidents.Reporting.SubmitReport;
using Beacon.Platform;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Incidents;

/// <summary>
/// Duty watch and information reporting (值守应急与信息报告), clause 二 of the work points: incidents, the report
/// chain, phone reports and the reporting clocks. Its two doors are <see cref="AddIncidents"/> and <see cref="MapIncidents"/>.
/// </summary>
public static class IncidentsModule
{
    /// <summary>Who may report: duty officers, leaders on duty and department liaisons (and integrations with those roles).</summary>
    public const string ReporterPolicy = "IncidentReporter";

    public static IServiceCollection AddIncidents(this IServiceCollection services, IConfiguration configuration)
    {
        BeaconModules.RegisterModel(typeof(IncidentsModule).Assembly);
        services.Configure<IncidentsOptions>(configuration.GetSection(IncidentsOptions.Section));
        services.AddAuthorizationBuilder()
            .AddPolicy(ReporterPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.DepartmentLiaison));
        services.AddScoped<IModuleSeed, IncidentsSeed>();
        services.AddSingleton<DutyBoard.IncidentEvents>();
        services.AddSignalR();
        services.AddHostedService<DutyBoard.DutyBoardBroadcaster>();
        services.Configure<Platform.ApiTokens.ApiTokenQueryOptions>(o => o.Paths.Add(DutyBoard.DutyBoardHub.Path));
        services.AddSingleton(new Platform.Modules.MenuEntry("main", "Menu.DutyBoard", "duty", "alert", 10));
        services.AddSingleton(new Platform.Modules.MenuEntry("main", "Menu.Incidents", "incidents", "file-text", 20));
        services.AddSingleton(new Platform.Modules.MenuEntry("main", "Menu.Roster", "duty/roster", "calendar", 15));
        services.AddSingleton(new Platform.Modules.MenuEntry("main", "Menu.Instructions", "instructions", "solution", 25));
        services.AddSingleton(new Platform.Modules.MenuEntry("main", "Menu.ReportIncident", "incidents/new", "plus-circle", 30,
            Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.DepartmentLiaison));
        services.AddScoped<Incidents.IncidentLookups>();
        services.AddSingleton<Deadlines.ReportingReferenceData>();
        services.AddScoped<ReportIncidentHandler>();
        services.AddScoped<SubmitReportHandler>();
        services.AddScoped<LogPhoneReportHandler>();
        services.AddScoped<GetIncidentHandler>();
        services.AddScoped<ListObligationsHandler>();
        services.AddScoped<ReportingRulesHandler>();
        services.AddScoped<Escalation.SignForReceipt.EscalationHandler>();
        services.AddScoped<Escalation.Inbox.InboxHandler>();
        services.AddScoped<Deadlines.OverdueAlerts.OverdueScanner>();
        services.AddScoped<Documents.ExportsHandler>();
        services.AddScoped<Verification.RequestVerification.VerificationHandler>();
        services.AddScoped<Clues.CluesHandler>();
        services.AddScoped<Duty.ShiftsHandler>();
        services.AddScoped<Duty.DutyLogHandler>();
        services.AddScoped<Instructions.ListInstructions.ListInstructionsHandler>();
        services.AddScoped<Instructions.IssueInstruction.IssueInstructionHandler>();
        services.AddScoped<Instructions.CarryOut.CarryOutHandler>();
        services.AddScoped<Instructions.Supervise.SuperviseHandler>();
        services.AddScoped<Attachments.AttachmentsHandler>();
        services.AddHostedService<Deadlines.OverdueAlerts.OverdueWatcher>();
        services.AddScoped<Platform.Workbench.IWorkItemSource, Workbench.IncidentsWorkItems>();
        services.AddHostedService<Workbench.IncidentsWorkbenchBridge>();
        services.AddSingleton(new Platform.Workbench.WorkbenchPanel(typeof(Workbench.TodayCountersPanel), 10));
        services.AddSingleton(new Platform.Workbench.WorkbenchPanel(typeof(Workbench.OnDutyPanel), 30));
        return services;
    }

    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup();
        var reporters = api.MapGroup("").RequireAuthorization(ReporterPolicy);
        var admin = api.MapGroup("").RequireAuthorization(PlatformModule.AdministratorPolicy);
        ReportIncidentEndpoint.Map(reporters);
        SubmitReportEndpoint.Map(reporters);
        LogPhoneReportEndpoint.Map(reporters);
        GetIncidentEndpoint.Map(api);
        ListObligationsEndpoint.Map(api);
        ReportingRulesEndpoint.Map(api, admin);
        Escalation.SignForReceipt.EscalationEndpoints.Map(reporters);
        Escalation.Inbox.InboxEndpoint.Map(api);
        Deadlines.OverdueAlerts.OverdueAlertEndpoints.Map(api);
        Documents.ExportsEndpoints.Map(api);
        Verification.RequestVerification.VerificationEndpoints.Map(api, reporters);
        Clues.CluesEndpoints.Map(api, reporters);
        Duty.ShiftsEndpoints.Map(api, reporters);
        Duty.DutyLogEndpoints.Map(api, reporters);
        Instructions.ListInstructions.ListInstructionsEndpoints.Map(api);
        Instructions.IssueInstruction.IssueInstructionEndpoint.Map(api);
        Instructions.CarryOut.CarryOutEndpoints.Map(reporters);
        Instructions.Supervise.SuperviseEndpoint.Map(api);
        DutyBoard.DutyCountersEndpoint.Map(api);
        Attachments.AttachmentsEndpoints.Map(api, reporters);
        endpoints.MapHub<DutyBoard.DutyBoardHub>(DutyBoard.DutyBoardHub.Path).RequireAuthorization();
        return endpoints;
    }
}
