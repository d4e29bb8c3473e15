using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Audit;

public sealed class AuditOptions
{
    public const string Section = "Beacon:Audit";

    /// <summary>How often new audit rows are sealed into the hash chain (default 250 ms).</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How old an unsealed row may be before verification reports it: longer than any sealing tick takes, so only a
    /// row the sealer refused (not marked by Beacon's writer) or a stopped sealer shows (default 5 minutes).
    /// </summary>
    public TimeSpan UnsealedGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The key file (relative to the data folder), used when <see cref="Keys"/> is empty. Decision 0014.</summary>
    public string KeyFile { get; set; } = "audit-keys";

    /// <summary>The MAC of a key made by Beacon (a new key file, a rotation): <c>HMAC-SHA256</c> or <c>HMAC-SM3</c>.</summary>
    public string Algorithm { get; set; } = AuditKeyRing.HmacSha256;

    /// <summary>Keys given in configuration instead of a key file (e.g. from a secret store).</summary>
    public List<AuditKeyOptions> Keys { get; set; } = [];

    /// <summary>With <see cref="Keys"/>: the id of the key new rows use (default: the last one).</summary>
    public string? CurrentKeyId { get; set; }
}

/// <summary>
/// Seals new audit rows into the hash chain a moment after they are written (see <see cref="AuditChain.SealAsync"/>
/// and decision 0007). Runs on wall-clock time, whatever clock the application reads.
/// </summary>
internal sealed class AuditSealer(DbContextOptions<BeaconDb> options, TimeProvider clock, IOptions<AuditOptions> settings,
    ILogger<AuditSealer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.SealInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var db = new BeaconDb(options, Actor.System, clock);
                await AuditChain.SealAllAsync(db, stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // Nothing is lost: the rows stay unsealed and the next tick seals them.
                logger.LogWarning(e, "Sealing the audit trail failed; retrying on the next tick");
            }
        }
    }
}
