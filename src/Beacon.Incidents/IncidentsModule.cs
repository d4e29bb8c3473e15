using Beacon.Incidents.Deadlines.ListObligations;
using Beacon.Incidents.Deadlines.ReportingRules;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Reporting.LogPhoneReport;
using Beacon.Incidents.Reporting.SubmitReport;
using Beacon.Platform;
using Beacon.Platform.Accounts;
using Beacon.Platform.Modules;
using Beacon.Platform.Permissions;
using Beacon.Platform.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Incidents;

/// <summary>
/// Duty watch and information reporting (值守应急与信息报告), clause 二 of the work points: incidents, the report
/// chain, phone reports and the reporting clocks. Declared once here (docs/modules.md); listed in the module catalogue.
/// </summary>
public sealed class IncidentsModule : BeaconModule
{
    /// <summary>Who may report: duty officers, leaders on duty and department liaisons (and integrations with those roles).</summary>
    public const string ReporterPolicy = "IncidentReporter";

    public override string Name => "incidents";

    public override Type Resources => typeof(Localization.IncidentsResource);

    public override IEnumerable<MenuEntry> Menu =>
    [
        new("main", "Menu.DutyBoard", "duty", "alert", 10),
        new("main", "Menu.Incidents", "incidents", "file-text", 20),
        new("main", "Menu.Roster", "duty/roster", "calendar", 15),
        new("main", "Menu.Instructions", "instructions", "solution", 25),
        new("main", "Menu.Verification", "duty/verification", "file-search", 16, Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.DepartmentLiaison),
        new("main", "Menu.Clues", "duty/clues", "eye", 17, Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.DepartmentLiaison),
        new("main", "Menu.Alerts", "duty/alerts", "bell", 18, Roles.DutyOfficer, Roles.LeaderOnDuty),
        new("main", "Menu.ReportingRules", "duty/rules", "setting", 19) { Permission = IncidentPermissions.ManageReportingRules },
        new("main", "Menu.Timeliness", "duty/timeliness", "bar-chart", 19) { Permission = IncidentPermissions.ViewTimeliness },
        new("main", "Menu.ReportIncident", "incidents/new", "plus-circle", 30) { Permission = IncidentPermissions.Report },
    ];

    public override IEnumerable<EntityScope> Scopes =>
    [
        EntityScope.Global<Classification.EventType>("the event-type code list (GB/T 35561) every account reads"),
        EntityScope.Global<IncidentNumberCounter>("the numbering counters; never served, written only by the reporting path"),
        EntityScope.Global<Deadlines.ReportingRule>("the reporting rules every duty room works to; only administrators change them"),
        EntityScope.For<Incident>(i => i.OriginJurisdictionId),
        EntityScope.Through<Reporting.IncidentReport, Incident>(),
        EntityScope.Through<Reporting.PhoneReport, Incident>(),
        EntityScope.For<Deadlines.ReportingObligation>(o => o.JurisdictionId),
        EntityScope.For<Escalation.Submission>(s => s.ToJurisdictionId),
        EntityScope.For<Reporting.LeaderApproval.ReportApproval>(a => a.JurisdictionId),
        EntityScope.For<Reporting.LeaderApproval.ReportApprovalRule>(r => r.JurisdictionId),
        EntityScope.For<Deadlines.OverdueAlerts.DutyAlert>(a => a.JurisdictionId),
        EntityScope.For<Verification.VerificationRequest>(v => v.ToJurisdictionId),
        EntityScope.For<Clues.Clue>(c => c.JurisdictionId),
        EntityScope.For<Duty.Shift>(s => s.JurisdictionId),
        EntityScope.For<Duty.DutyLogEntry>(e => e.JurisdictionId),
        EntityScope.For<Duty.Handovers.HandoverRecord>(h => h.JurisdictionId),
        EntityScope.For<Attachments.Attachment>(a => a.JurisdictionId),
        EntityScope.Through<Attachments.AttachmentContent, Attachments.Attachment>(),
        EntityScope.For<Instructions.Instruction>(i => i.IssuerJurisdictionId),
        EntityScope.For<Instructions.InstructionAssignment>(a => a.ToJurisdictionId),
        EntityScope.Through<Instructions.InstructionFeedback, Instructions.InstructionAssignment>(),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IncidentsOptions>(configuration.GetSection(IncidentsOptions.Section));
        services.AddAuthorizationBuilder()
            .AddPolicy(ReporterPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.DutyOfficer, Roles.LeaderOnDuty, Roles.DepartmentLiaison));
        services.AddScoped<IModuleSeed, IncidentsSeed>();
        services.AddPermissions(typeof(IncidentPermissions));
        services.AddSingleton<DutyBoard.IncidentEvents>();
        services.AddSignalR();
        services.AddHostedService<DutyBoard.DutyBoardBroadcaster>();
        services.Configure<Platform.ApiTokens.ApiTokenQueryOptions>(o => o.Paths.Add(DutyBoard.DutyBoardHub.Path));
        services.AddSingleton(new Platform.Audit.AuditVocabulary(typeof(Localization.IncidentsAuditResource)));
        services.AddScoped<Incidents.IncidentLookups>();
        services.AddSingleton<Deadlines.ReportingReferenceData>();
        services.AddSingleton<Classification.SeverityGrading>();
        services.AddScoped<ReportIncidentHandler>();
        services.AddScoped<SubmitReportHandler>();
        services.AddScoped<LogPhoneReportHandler>();
        services.AddScoped<GetIncidentHandler>();
        services.AddScoped<Incidents.Register.RegisterFilters>();
        services.AddScoped<Incidents.Timeline.IncidentTimelineHandler>();
        services.AddScoped<ListObligationsHandler>();
        services.AddScoped<ReportingRulesHandler>();
        services.AddScoped<Escalation.SignForReceipt.EscalationHandler>();
        services.AddScoped<Escalation.Inbox.InboxHandler>();
        services.AddScoped<Reporting.LeaderApproval.LeaderApprovalHandler>();
        services.AddScoped<Deadlines.OverdueAlerts.OverdueScanner>();
        services.AddScoped<Documents.ExportsHandler>();
        services.AddScoped<Verification.RequestVerification.VerificationHandler>();
        services.AddScoped<Clues.CluesHandler>();
        services.AddScoped<Duty.ShiftsHandler>();
        services.AddScoped<Duty.DutyLogHandler>();
        services.AddScoped<Duty.Handovers.HandoversHandler>();
        services.AddScoped<Instructions.ListInstructions.ListInstructionsHandler>();
        services.AddScoped<Instructions.IssueInstruction.IssueInstructionHandler>();
        services.AddScoped<Instructions.CarryOut.CarryOutHandler>();
        services.AddScoped<Instructions.Supervise.SuperviseHandler>();
        services.AddScoped<Attachments.AttachmentsHandler>();
        services.AddHostedService<Deadlines.OverdueAlerts.OverdueWatcher>();
        services.AddScoped<Platform.Workbench.IWorkItemSource, Workbench.IncidentsWorkItems>();
        services.AddHostedService<Workbench.IncidentsWorkbenchBridge>();
        services.AddSingleton(new Platform.Workbench.WorkbenchPanel(typeof(Deadlines.OverdueAlerts.AlertBanner), 5));
        services.AddSingleton(new Platform.Workbench.WorkbenchPanel(typeof(Workbench.TodayCountersPanel), 10));
        services.AddSingleton(new Platform.Workbench.WorkbenchPanel(typeof(Workbench.OnDutyPanel), 30));
        services.AddScoped<Contracts.IIncidentQueries, Contracts.IncidentQueries>();
        services.AddScoped<Contracts.IDrillInjects, Contracts.DrillInjects>();
        services.AddHostedService<Contracts.IncidentIntegrationEvents>();
        services.AddHostedService<Demo.DemoDutyRoom>();
        services.AddSingleton<Map.IncidentMapIndex>();
        services.AddScoped<IMapLayer, Map.IncidentsLayer>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup();
        var reporters = api.MapGroup("").RequireAuthorization(ReporterPolicy);
        var admin = api.MapGroup("").RequireAuthorization(PlatformModule.AdministratorPolicy);
        ReportIncidentEndpoint.Map(reporters);
        SubmitReportEndpoint.Map(reporters);
        LogPhoneReportEndpoint.Map(reporters);
        Reporting.DutyRoomsAbove.DutyRoomsAboveEndpoint.Map(api);
        GetIncidentEndpoint.Map(api);
        Incidents.Timeline.IncidentTimelineEndpoint.Map(api);
        ListObligationsEndpoint.Map(api);
        ReportingRulesEndpoint.Map(api, admin);
        Escalation.SignForReceipt.EscalationEndpoints.Map(reporters);
        Escalation.Inbox.InboxEndpoint.Map(api);
        Reporting.LeaderApproval.LeaderApprovalEndpoints.Map(api, admin, reporters);
        Deadlines.OverdueAlerts.OverdueAlertEndpoints.Map(api);
        Documents.ExportsEndpoints.Map(api);
        Verification.RequestVerification.VerificationEndpoints.Map(api, reporters);
        Clues.CluesEndpoints.Map(api, reporters);
        Duty.ShiftsEndpoints.Map(api, reporters);
        Duty.DutyLogEndpoints.Map(api, reporters);
        Duty.Handovers.HandoversEndpoints.Map(api, reporters);
        Instructions.ListInstructions.ListInstructionsEndpoints.Map(api);
        Instructions.IssueInstruction.IssueInstructionEndpoint.Map(api);
        Instructions.CarryOut.CarryOutEndpoints.Map(reporters);
        Instructions.Supervise.SuperviseEndpoint.Map(api);
        DutyBoard.DutyCountersEndpoint.Map(api);
        Attachments.AttachmentsEndpoints.Map(api, reporters);
        endpoints.MapHub<DutyBoard.DutyBoardHub>(DutyBoard.DutyBoardHub.Path).RequireAuthorization();
    }
}
