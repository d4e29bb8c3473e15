using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file in the background, a few times a second, so the
/// writers rarely do it themselves. A writer checkpoints on the commit that takes the log past <c>wal_autocheckpoint</c>
/// pages (SQLite's 1,000; 20,000 while this runs, decision 0045): that commit then copies every page and waits for two flushes to disk while all other writers queue behind it. A passive
/// checkpoint here runs beside the writers (it takes no write lock), and the log starts again from its beginning
/// once it has all been copied. Nothing changes for durability: a commit is in the log either way. Decision 0010.
/// </summary>
internal sealed partial class SqliteCheckpointer(DbContextOptions<BeaconDb> options, IOptions<DatabaseOptions> database, TimeProvider clock,
    ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = database.Value.SqliteCheckpointInterval;
        if (database.Value.IsPostgres || interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var db = new BeaconDb(options, Actor.System, clock);
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)", stoppingToken);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // Nothing is lost: the log keeps every commit, and the next tick (or a writer) copies it.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A background WAL checkpoint failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
