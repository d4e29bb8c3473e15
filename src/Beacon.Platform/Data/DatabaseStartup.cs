using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Beacon.Platform.Data;

/// <summary>
/// Applies migrations (when <c>Beacon:Database:MigrateOnStartup</c>) and seeds before anything else starts
/// (it is registered ahead of data protection and the web server), so <c>/health/ready</c> is true from the
/// first answer. Keeps the initial administrator's one-time password for the start-up banner.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IConfiguration config, IHostEnvironment environment) : IHostedService
{
    public string? InitialPassword { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var migrate = config.GetValue("Beacon:Database:MigrateOnStartup", true);
        InitialPassword = await PlatformModule.PrepareDatabaseAsync(services, migrate, PlatformModule.IsDemo(config, environment), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
