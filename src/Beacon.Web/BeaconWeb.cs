using System.Globalization;
using System.Text.Json.Serialization;
using Beacon.Web.Account;
using Beacon.Web.Operations;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Localization;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Beacon.Web;

/// <summary>The host's own services: Blazor, AntDesign, localisation, OpenAPI, health and metrics.</summary>
internal static class BeaconWeb
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en-US")];

    public static IServiceCollection AddBeaconWeb(this IServiceCollection services, IConfiguration config)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationState>();
        services.AddScoped<CircuitHandler, ActorCircuitHandler>();
        services.AddHttpContextAccessor();
        services.AddAntDesign();
        services.AddLocalization();
        // Chinese text stays readable in the HTML instead of becoming numeric character references.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Beacon (烽火) API";
            doc.Info.Description = "应急平台 HTTP API. Authenticate with a session cookie or `Authorization: Bearer bcn_…` (an API token). " +
                "Creates accept `Idempotency-Key`; updates need `If-Match` with the ETag read. Errors are RFC 9457 ProblemDetails.";
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        });
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHostedService<StartupBanner>();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("beacon"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(Beacon.Platform.Data.GroupCommit.MeterName).AddPrometheusExporter());
        return services;
    }

    public static RequestLocalizationOptions Localization()
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("zh-CN"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
        };
        // Only the user's explicit choice (cookie) or the query string switches language; zh-CN otherwise.
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        return options;
    }
}
