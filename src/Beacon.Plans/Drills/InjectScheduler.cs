using Beacon.Incidents.Contracts;
using Beacon.Platform.Data;
using Beacon.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Plans.Drills;

/// <summary>
/// Delivers the injects that are due into the participants' duty boards through the incidents module's
/// <see cref="IDrillInjects"/>. An inject is claimed first (its version is a concurrency token), so two nodes or two
/// ticks never deliver it twice.
/// </summary>
public sealed class InjectDelivery(BeaconDbFactory dbs, IDrillInjects injects, TimeProvider clock)
{
    /// <summary>Delivers every inject due by now; returns how many this call delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateForSystem();
        var due = await db.Set<DrillInject>().Where(i => i.DeliveredAt == null && i.ScheduledAt <= now).OrderBy(i => i.ScheduledAt).Take(50).ToListAsync(ct);
        var delivered = 0;
        foreach (var inject in due)
        {
            inject.DeliveredAt = now;
            inject.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(inject).State = EntityState.Detached;
                continue;
            }

            var drill = await db.Set<Drill>().AsNoTracking().SingleAsync(d => d.Id == inject.DrillId, ct);
            var units = await db.Units.AsNoTracking().Where(u => drill.ParticipantUnitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.JurisdictionId, ct);
            foreach (var unitId in drill.ParticipantUnitIds.Where(units.ContainsKey))
            {
                var incidentId = await injects.DeliverAsync(new DrillInjectDelivery(drill.Id, inject.Title, inject.EventTypeCode, inject.Text, drill.OrganiserUnitId, unitId), ct);
                db.Add(new DrillDelivery { DrillId = drill.Id, InjectId = inject.Id, UnitId = unitId, JurisdictionId = units[unitId], IncidentId = incidentId, DeliveredAt = now });
            }

            db.Audit("drill.inject-delivered", "drill-inject", inject.Id.ToString(), new { drillId = drill.Id, participants = drill.ParticipantUnitIds.Count });
            await db.SaveChangesAsync(ct);
            delivered++;
        }

        return delivered;
    }
}

/// <summary>Ticks on the injected clock (every <see cref="PlansOptions.InjectPollSeconds"/>) and delivers the injects due.</summary>
internal sealed class InjectScheduler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<PlansOptions> options, ILogger<InjectScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.InjectPollSeconds)), clock);
        while (await timer.NextRoundAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<InjectDelivery>().DeliverDueAsync(stoppingToken);
            }
#pragma warning disable CA1031 // A failing tick is logged and the next one retries; the scheduler must keep running.
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                log.LogWarning(failure, "Delivering drill injects failed");
            }
        }
    }
}
