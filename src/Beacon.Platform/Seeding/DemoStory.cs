using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Platform.Seeding;

/// <summary>
/// A module's demo records, written once after start-up (so <c>/health/ready</c> and the cold start do not wait for
/// them) through the module's own handlers, as the demo accounts would write them: the same checks, numbers, deadlines
/// and audit entries as real work. Runs only in demo mode (<see cref="PlatformModule.IsDemo"/>), when the story's
/// switch is on and the module has no records yet; a story cut short (the process killed meanwhile) is not resumed.
/// </summary>
public abstract class DemoStory(IServiceProvider services, IConfiguration config, IHostEnvironment environment,
    IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    /// <summary>The configuration switch (true by default) that turns this story off, e.g. in tests that count records.</summary>
    protected abstract string Switch { get; }

    /// <summary>Whether the module already has records (then nothing is written).</summary>
    protected abstract Task<bool> HasRecordsAsync(BeaconDb db, CancellationToken ct);

    /// <summary>Writes the story; <paramref name="as"/> opens a scope acting as a demo account.</summary>
    protected abstract Task TellAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!PlatformModule.IsDemo(config, environment) || !config.GetValue(Switch, true))
        {
            return;
        }

        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        try
        {
            await using (var scope = services.CreateAsyncScope())
            await using (var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem())
            {
                if (await HasRecordsAsync(db, stoppingToken))
                {
                    return;
                }
            }

            await TellAsync(ActAsAsync, stoppingToken);
            logger.LogInformation("Demo records written by {Story}", GetType().Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Demo records are a convenience: a failure is logged and the server keeps serving.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "Demo records of {Story} could not be written", GetType().Name);
        }
    }

    /// <summary>
    /// Sets this story's own clock back by <paramref name="ago"/> until the handle is disposed, so what it writes meanwhile
    /// carries that time (<see cref="DemoClock"/>); without the demo clock (a test's fake clock) it refuses.
    /// </summary>
    protected IDisposable Back(TimeSpan ago) => services.GetRequiredService<TimeProvider>() is DemoClock
        ? DemoClock.Back(ago)
        : throw new InvalidOperationException("The demo clock is not the server's clock; history cannot be written.");

    /// <summary>The value a handler answered with; a refusal (4xx/5xx) stops the story with what was refused and why.</summary>
    protected static object? Accepted(Microsoft.AspNetCore.Http.IResult result, string step)
    {
        var status = (result as Microsoft.AspNetCore.Http.IStatusCodeHttpResult)?.StatusCode ?? 200;
        var value = (result as Microsoft.AspNetCore.Http.IValueHttpResult)?.Value;
        return status >= 400 ? throw new InvalidOperationException($"Demo step '{step}' was refused with {status}: {value}") : value;
    }

    /// <summary>A scope whose actor is the demo account of <paramref name="role"/> in jurisdiction <paramref name="code"/>.</summary>
    private async Task<AsyncServiceScope> ActAsAsync(string role, string code, CancellationToken ct)
    {
        var scope = services.CreateAsyncScope();
        var userName = DemoAccounts.UserName(role, code);
        await using var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem();
        var user = await db.Users.AsNoTracking().Include(u => u.Unit).SingleAsync(u => u.UserName == userName, ct);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(
            new Actor(user.Id, userName, user.UnitId, user.Unit!.JurisdictionId, "demo", [role]));
        return scope;
    }
}
