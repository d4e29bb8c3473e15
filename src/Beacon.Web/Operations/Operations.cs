using Beacon.Platform;
using Beacon.Platform.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Beacon.Web.Operations;

/// <summary>Ready when the database answers and every migration is applied.</summary>
internal sealed class DatabaseReadyCheck(DbContextOptions<BeaconDb> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = new BeaconDb(options, Platform.Scope.Actor.System, clock);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("database unreachable");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName}: migrations applied")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: run 'migrate'");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database check failed", e);
        }
    }
}

internal static class OperationsEndpoints
{
    public static void MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        // Metrics tell an attacker about load and errors: only for the configured networks or with the metrics token.
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(MetricsGuard.CheckAsync), optionsName: null)
            .AllowAnonymous();
    }
}

/// <summary>
/// Who may read <c>/metrics</c> (<c>Beacon:Metrics</c>): a caller from <c>AllowedNetworks</c> (CIDR, default the loopback
/// networks) or one sending <c>X-Metrics-Token</c> equal to <c>Token</c>. Everyone else gets 403.
/// </summary>
internal static class MetricsGuard
{
    public const string TokenHeader = "X-Metrics-Token";

    public static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        var config = http.RequestServices.GetRequiredService<IConfiguration>();
        var networks = config.GetSection("Beacon:Metrics:AllowedNetworks").Get<string[]>() ?? ["127.0.0.0/8", "::1/128"];
        var address = http.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        var fromNetwork = address is not null && networks.Any(n => System.Net.IPNetwork.TryParse(n, out var net) && net.Contains(address));
        var token = config["Beacon:Metrics:Token"];
        var given = http.Request.Headers[TokenHeader].ToString();
        var withToken = !string.IsNullOrEmpty(token) && given.Length > 0
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(given));
        if (fromNetwork || withToken)
        {
            await next(http);
            return;
        }

        await Platform.Http.ApiResults.Problem(StatusCodes.Status403Forbidden, "Forbidden", Platform.Http.PlatformErrors.MetricsForbidden,
            $"Metrics are served to the configured networks or with the {TokenHeader} header.").ExecuteAsync(http);
    }
}

/// <summary>
/// The initial administrator's password never goes to a log: it is written to a file only its owner can read
/// (<c>initial-admin-password</c> in the data folder), and shown on the console only when that is a terminal.
/// </summary>
internal static class InitialPassword
{
    public static IEnumerable<string> Hand(IConfiguration config, string password)
    {
        var file = Path.Combine(PlatformModule.DataFolder(config), "initial-admin-password");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(file, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(password);
        }

        yield return $"初始密码已写入（仅所有者可读，首次登录后请删除）Password written to (owner-only; delete after first sign-in): {file}";
        if (!Console.IsOutputRedirected)
        {
            yield return $"初始密码（仅显示一次）Password (shown once): {password}";
        }
    }
}

/// <summary>What the first command prints: where Beacon listens, where its data is, how to sign in.</summary>
internal sealed class StartupBanner(IServiceProvider services, DatabaseStartup database, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Print(services, database.InitialPassword));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Print(IServiceProvider services, string? initialPassword)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        var addresses = services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        var urls = string.Join(", ", addresses);
        var database = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var where = database.IsPostgres ? "PostgreSQL" : Path.Combine(PlatformModule.DataFolder(config), "beacon.db");
        var lines = new List<string>
        {
            "",
            "  烽火 Beacon 应急平台 已启动 / started",
            $"  地址 URL:        {urls}",
            $"  数据 Data:       {where}",
            $"  环境 Environment: {environment.EnvironmentName}",
        };
        if (PlatformModule.IsDemo(config, environment))
        {
            lines.Add($"  演示账号 Demo accounts: admin.150000, duty.150203, duty.150200 … password {Platform.Seeding.DemoAccounts.Password}");
            lines.Add($"  演示管理员动态口令密钥 Demo admin authenticator key: {Platform.Seeding.DemoAccounts.AdministratorTotpKey}");
        }

        if (initialPassword is not null)
        {
            lines.Add("  初始管理员 Initial administrator: admin");
            lines.AddRange(InitialPassword.Hand(config, initialPassword).Select(l => "  " + l));
            lines.Add("  首次登录须绑定动态口令 Sign in once to enrol the authenticator (TOTP).");
        }

        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
