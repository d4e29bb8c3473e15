using Beacon.Modules;
using Beacon.Platform;
using Beacon.Platform.Modules;
using Beacon.Web;
using Beacon.Web.Account;
using Beacon.Web.Cli;
using Beacon.Web.Components;
using Beacon.Web.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

// A Beacon started by a test ends with the test run (BEACON_PARENT_PID); a no-op otherwise.
ParentWatchdog.StartIfAsked();
var verb = args.Length > 0 && BeaconCli.Verbs.ContainsKey(args[0]) ? args[0] : null;
if (verb is null && args.Length > 0 && !args[0].StartsWith('-'))
{
    // A mistyped verb must not start the server against the configured database.
    Console.Error.WriteLine($"unknown verb '{args[0]}'; verbs: {string.Join(", ", BeaconCli.Verbs.Keys)}");
    return 2;
}

var builder = WebApplication.CreateBuilder(verb is null ? args : args[1..]);
var config = builder.Configuration;

var modules = ModuleCatalog.All;
builder.Services.AddBeaconPlatform(config, modules);
if (PlatformModule.IsDemo(config, builder.Environment))
{
    // Demo stories write last month's work with last month's times (decision 0035, "History").
    builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new Beacon.Platform.Seeding.DemoClock(TimeProvider.System)));
}

builder.Services.AddBeaconModules(config, modules);
builder.Services.AddBeaconWeb(config);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = config.GetValue<long?>("Beacon:Http:MaxRequestBodyBytes") ?? 1024 * 1024;
    k.AddServerHeader = false;
});
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
if (verb is not null)
{
    return await BeaconCli.RunAsync(app, verb, args[1..]);
}

app.UseExceptionHandler();
// API errors are ProblemDetails; a person who opens an unknown page gets the shell's "not found" page.
app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
// A hub (/hubs/…) is no page: its 401 stays a 401 for the SignalR client.
app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/hubs"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// Routing after the status-code pages: a re-executed request (/not-found) is routed to its page rather than
// answered with an empty 404 that the browser shows bare.
app.UseRouting();
app.UseRequestLocalization(BeaconWeb.Localization());
app.UseBeaconPlatform();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapBeaconPlatform();
app.MapBeaconModules(modules);
app.MapAccountEndpoints();
app.MapOperations();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapScalarApiReference("/api/reference", o => o.WithTitle("Beacon API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
    .AllowAnonymous();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AddAdditionalAssemblies([typeof(PlatformModule).Assembly, .. modules.Select(m => m.Assembly)]);

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
