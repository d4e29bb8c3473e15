using Beacon.Platform;
using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Warnings;

/// <summary>
/// Early warnings (预警), clause 六(一)(二) of the work points: warnings with review and sign-off, CAP 1.2 in and
/// out with China's profile (GB/T 35965.1), the public feed and targeted dissemination. Its two doors are
/// <see cref="AddWarnings"/> and <see cref="MapWarnings"/>.
/// </summary>
public static class WarningsModule
{
    public static IServiceCollection AddWarnings(this IServiceCollection services, IConfiguration configuration)
    {
        BeaconModules.RegisterModel(typeof(WarningsModule).Assembly);
        services.Configure<WarningsOptions>(configuration.GetSection(WarningsOptions.Section));
        services.AddScoped<IModuleSeed, WarningsSeed>();
        services.AddScoped<Drafting.DraftingHandler>();
        services.AddScoped<Release.ReleaseHandler>();
        services.AddScoped<ListWarnings.ListWarningsHandler>();
        services.AddSingleton<CapOut.PublicWarnings>();
        services.AddScoped<CapIn.ImportCapHandler>();
        services.AddSingleton<CapIn.CapImporter>();
        services.AddScoped<Statistics.WarningStatisticsHandler>();
        services.AddHttpClient(CapIn.FeedPoller.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<CapIn.FeedPoller>();
        services.AddHostedService<CapIn.FeedPolling>();

        // Pages
        services.AddScoped<Drafting.WarningLookups>();
        services.AddSingleton(new Platform.Modules.MenuEntry("main", "Menu.Warnings", "warnings", "notification", 40));
        services.AddScoped<Platform.Workbench.IWorkItemSource, Workbench.WarningsWorkItems>();
        services.AddSingleton(new Platform.Workbench.WorkbenchPanel(typeof(Workbench.CurrentWarningsPanel), 20));

        // Dissemination
        services.AddScoped<Dissemination.RecipientsHandler>();
        services.AddScoped<Dissemination.DeliveryReportHandler>();
        services.AddSingleton<Dissemination.Dispatcher>();
        services.AddSingleton<Dissemination.IWarningChannel, Dissemination.RecordingSmsChannel>();
        services.AddSingleton<Dissemination.IWarningChannel, Dissemination.RecordingEmailChannel>();
        services.AddSingleton<Dissemination.IWarningChannel, Dissemination.WebhookChannel>();
        services.AddHttpClient(Dissemination.WebhookChannel.ClientName);
        services.AddHostedService<Dissemination.DispatcherService>();
        return services;
    }

    public static IEndpointRouteBuilder MapWarnings(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup();
        Drafting.DraftingEndpoints.Map(api);
        Release.ReleaseEndpoints.Map(api);
        Statistics.WarningStatisticsEndpoints.Map(api);
        ListWarnings.ListWarningsEndpoints.Map(api);
        CapIn.ImportCapEndpoint.Map(api);
        CapOut.PublicWarningsEndpoints.Map(endpoints);

        // Dissemination
        Dissemination.RecipientEndpoints.Map(api);
        Dissemination.DeliveryReportEndpoints.Map(api);
        return endpoints;
    }
}
