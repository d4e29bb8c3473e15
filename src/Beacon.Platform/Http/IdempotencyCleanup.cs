using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Beacon.Platform.Http;

/// <summary>Forgets <c>Idempotency-Key</c> answers after a day: retries come within minutes, not days.</summary>
internal sealed class IdempotencyCleanup(DbContextOptions<BeaconDb> options, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var db = new BeaconDb(options, Actor.System, clock);
                var before = clock.GetUtcNow() - KeepFor;
                await db.IdempotencyRecords.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // The next round tries again; a failed cleanup loses nothing.
            }
        }
        while (await timer.NextRoundAsync(stoppingToken));
    }
}
