using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Time;
using Beacon.Platform.Workbench;
using Beacon.Risks.Rectifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Risks.Rounds;

/// <summary>What one due-check did.</summary>
public sealed record DueCheckResult(int Reminded, int Escalated);

/// <summary>
/// The due-check of the risks module, run by <see cref="RisksDueWatcher"/> every <see cref="RisksOptions.DueScanSeconds"/>
/// (and by tests on the fake clock): reminds each unit that has not reported once its round's reminder time has come
/// (催报, audited, on its workbench), and escalates each rectification once it is past its deadline (逾期督办, audited,
/// on the workbench of the unit and the level above). Idempotent: each reminder and escalation happens once.
/// </summary>
public sealed class RisksDueCheck(BeaconDbFactory dbs, TimeProvider clock, JurisdictionTree tree, WorkbenchSignal workbench)
{
    public async Task<DueCheckResult> ScanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateForSystem();
        var due = await db.Set<RoundTarget>().AsTracking()
            .Where(t => t.ReturnedAt == null && t.RemindedAt == null && t.RemindAt <= now && t.DueAt > now).ToListAsync(ct);
        foreach (var t in due)
        {
            t.RemindedAt = now;
            db.Audit("risk.round.reminded", "round-target", t.Id.ToString(), new { t.RoundId, t.UnitId, t.DueAt });
        }

        var overdue = await db.Set<Rectification>().AsTracking()
            .Where(r => r.Status == RectificationStatus.Open && r.EscalatedAt == null && r.DueAt < now).ToListAsync(ct);
        foreach (var r in overdue)
        {
            r.EscalatedAt = now;
            db.Audit("risk.rectification.escalated", "rectification", r.Id.ToString(), new { r.UnitId, r.DueAt });
        }

        if (due.Count + overdue.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            var divisions = await tree.GetAsync(ct);
            workbench.Raise(WorkbenchChange.For([.. due.Select(t => t.JurisdictionId)
                .Concat(overdue.SelectMany(r => RectificationsHandler.Above(divisions, r.JurisdictionId))).Distinct()]));
        }

        return new DueCheckResult(due.Count, overdue.Count);
    }
}

/// <summary>Runs the due-check on a timer; <c>Beacon:Risks:DueScanSeconds</c> = 0 turns it off (tests run it themselves).</summary>
internal sealed class RisksDueWatcher(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RisksOptions> options, ILogger<RisksDueWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DueScanSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.DueScanSeconds), clock);
        while (await timer.NextRoundAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RisksDueCheck>().ScanAsync(stoppingToken);
            }
#pragma warning disable CA1031 // A failed scan is logged and retried on the next tick.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Risks due-check failed; it runs again on the next tick");
            }
        }
    }
}
