using Beacon.Platform;
using Beacon.Platform.Modules;
using Beacon.Platform.Permissions;
using Beacon.Platform.Seeding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings;

/// <summary>
/// Early warnings (预警), clause 六(一)(二) of the work points: warnings with review and sign-off, CAP 1.2 in and
/// out with China's profile (GB/T 35965.1), the public feed and targeted dissemination. Declared once here
/// (docs/modules.md); listed in the module catalogue.
/// </summary>
public sealed class WarningsModule : BeaconModule
{
    public override string Name => "warnings";

    public override Type Resources => typeof(Localization.WarningsResource);

    public override IEnumerable<MenuEntry> Menu =>
    [
        new("main", "Menu.Warnings", "warnings", "notification", 40),
        new("main", "Menu.Recipients", "warnings/recipients", "contacts", 41) { Permission = WarningPermissions.ManageRecipients },
    ];

    public override IEnumerable<EntityScope> Scopes =>
    [
        EntityScope.For<Warnings.Warning>(w => w.IssuingJurisdictionId),
        EntityScope.Through<Warnings.WarningArea, Warnings.Warning>(),
        EntityScope.Global<Warnings.WarningEventType>("the warning event-type code list every account reads"),
        EntityScope.For<CapIn.FeedState>(f => f.JurisdictionId),
        EntityScope.For<Dissemination.Recipient>(r => r.OwnerJurisdictionId),
        EntityScope.Through<Dissemination.RecipientArea, Dissemination.Recipient>(),
        EntityScope.Through<Dissemination.DisseminationJob, Warnings.Warning>(),
        EntityScope.Through<Dissemination.Delivery, Warnings.Warning>(),
        EntityScope.Through<Dissemination.RecordedMessage, Dissemination.Delivery>(),
        EntityScope.Through<Dissemination.Sms.SmsPart, Dissemination.Delivery>(),
        EntityScope.Through<Upstream.UpstreamPush, Warnings.Warning>(),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WarningsOptions>(configuration.GetSection(WarningsOptions.Section));
        services.AddScoped<IModuleSeed, WarningsSeed>();
        services.AddPermissions(typeof(WarningPermissions)).AddOptions<PermissionOptions>().Configure<IOptions<WarningsOptions>>((p, o) => WarningPermissions.FromOptions(p, o.Value));
        services.AddScoped<Drafting.DraftingHandler>();
        services.AddScoped<Release.ReleaseHandler>();
        services.AddScoped<ListWarnings.ListWarningsHandler>();
        services.AddSingleton<CapOut.PublicWarnings>();
        services.AddScoped<CapIn.ImportCapHandler>();
        services.AddScoped<CapIn.Feeds.FeedsHandler>();
        services.AddSingleton<CapIn.CapImporter>();
        services.AddScoped<Statistics.WarningStatisticsHandler>();
        services.AddScoped<Contracts.IWarningQueries, Contracts.WarningQueries>();
        services.AddScoped<IMapLayer, Map.WarningsLayer>();
        services.AddScoped<Platform.Workbench.IWorkItemSource, Workbench.WarningsWorkItems>();
        services.AddSingleton(new Platform.Workbench.WorkbenchPanel(typeof(Workbench.CurrentWarningsPanel), 20));
        services.AddHttpClient(CapIn.FeedPoller.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<CapIn.FeedPoller>();
        services.AddHostedService<CapIn.FeedPolling>();

        // Pages
        services.AddScoped<Drafting.WarningLookups>();
        services.AddSingleton(new Platform.Audit.AuditVocabulary(typeof(Localization.WarningsAuditResource)));

        // Dissemination
        services.AddScoped<Dissemination.RecipientsHandler>();
        services.AddScoped<Dissemination.RecipientsWorkbooksHandler>();
        services.AddScoped<Dissemination.DeliveryReportHandler>();
        services.AddScoped<Dissemination.Deliveries.RetryDeliveriesHandler>();
        services.AddSingleton<Dissemination.Deliveries.DeliverySignal>();
        services.AddScoped<Dissemination.WarningReachHandler>();
        services.AddSingleton<Dissemination.Dispatcher>();
        // SMS: the recorder unless Sms:Gateway names a real gateway (checked at start: Sms/SmsOptions.cs).
        services.AddSingleton<IValidateOptions<WarningsOptions>, Dissemination.Sms.SmsOptionsValidation>();
        services.AddOptions<WarningsOptions>().ValidateOnStart();
        services.AddSingleton<Dissemination.IWarningChannel>(sp => sp.GetRequiredService<IOptions<WarningsOptions>>().Value.Dissemination.Sms.Gateway switch
        {
            Dissemination.Sms.SmsGateway.Cmpp => ActivatorUtilities.CreateInstance<Dissemination.Sms.CmppSmsChannel>(sp),
            Dissemination.Sms.SmsGateway.Http => ActivatorUtilities.CreateInstance<Dissemination.Sms.HttpSmsChannel>(sp),
            _ => ActivatorUtilities.CreateInstance<Dissemination.RecordingSmsChannel>(sp),
        });
        services.AddHttpClient(Dissemination.Sms.HttpSmsChannel.ClientName);
        // Each channel is carried by the recorder (development, demos: 演示记录, not sent) or its real far end.
        var email = configuration.GetSection($"{WarningsOptions.Section}:Dissemination:Email").Get<Dissemination.Email.EmailOptions>() ?? new();
        if (email.Mode == Dissemination.Email.EmailMode.Smtp)
        {
            services.AddSingleton<Dissemination.IWarningChannel, Dissemination.Email.SmtpEmailChannel>();
        }
        else
        {
            services.AddSingleton<Dissemination.IWarningChannel, Dissemination.RecordingEmailChannel>();
        }

        services.AddSingleton<Dissemination.IWarningChannel, Dissemination.WebhookChannel>();
        services.AddHttpClient(Dissemination.WebhookChannel.ClientName);
        services.AddHostedService<Dissemination.DispatcherService>();

        // Upstream publishing (上报国家预警发布系统)
        services.AddScoped<Upstream.UpstreamStatusHandler>();
        services.AddSingleton<Upstream.UpstreamPublisher>();
        services.AddHttpClient(Upstream.UpstreamPublisher.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<Upstream.UpstreamPublishing>();
        services.AddHostedService<Demo.DemoWarnings>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup();
        Drafting.DraftingEndpoints.Map(api);
        Release.ReleaseEndpoints.Map(api);
        Statistics.WarningStatisticsEndpoints.Map(api);
        ListWarnings.ListWarningsEndpoints.Map(api);
        CapIn.ImportCapEndpoint.Map(api);
        CapIn.Feeds.FeedsEndpoints.Map(api);
        CapOut.PublicWarningsEndpoints.Map(endpoints);

        // Dissemination
        Dissemination.RecipientEndpoints.Map(api);
        Dissemination.RecipientsWorkbooksEndpoints.Map(api);
        Dissemination.DeliveryReportEndpoints.Map(api);
        Dissemination.Deliveries.RetryDeliveriesEndpoint.Map(api);
        Dissemination.WarningReachEndpoints.Map(api);
        Upstream.UpstreamEndpoints.Map(api);
    }
}
