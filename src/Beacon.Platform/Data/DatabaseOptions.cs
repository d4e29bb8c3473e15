using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Beacon.Platform.Data;

/// <summary>Configuration section <c>Beacon:Database</c> (environment: <c>Beacon__Database__…</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Beacon:Database";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Connection string; for SQLite the default is <c>Data Source={DataFolder}/beacon.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up (otherwise run the <c>migrate</c> verb).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// SQLite <c>synchronous</c> pragma in WAL mode. NORMAL keeps every acknowledged write across a killed
    /// process; FULL also across a power cut, at a cost in write throughput (see docs/benchmarks.md).
    /// </summary>
    public string SqliteSynchronous { get; set; } = "NORMAL";

    /// <summary>
    /// How often the server copies SQLite's write-ahead log back into the database file in the background
    /// (<see cref="SqliteCheckpointer"/>); zero leaves it to the writers alone.
    /// </summary>
    public TimeSpan SqliteCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// SQLite <c>wal_autocheckpoint</c>: pages of log (4 KiB each) after which the writer that commits copies the log back
    /// itself, inside its commit. SQLite's default, 1,000, was reached within one interval of the background checkpoint at
    /// 4,000 first reports a second, so the group commit's one lane did the copying and its two flushes while every
    /// write waited (decision 0045). 20,000 (about 78 MiB) leaves it to <see cref="SqliteCheckpointer"/>; a writer steps in
    /// only when the background falls that far behind. Used only while the background checkpoint runs: with
    /// <see cref="SqliteCheckpointInterval"/> zero the writers checkpoint at SQLite's 1,000 whatever this says. A value of
    /// zero here stops the writers' checkpoints altogether, so the log grows without bound whenever the background cannot finish
    /// one (a long read holding an old snapshot): keep a bound.
    /// </summary>
    public int SqliteAutoCheckpointPages { get; set; } = 20_000;

    /// <summary>How long a SQLite writer waits for the lock before failing.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 10000;

    /// <summary>
    /// Lanes of the group commit of first reports (<see cref="GroupCommit"/>) on PostgreSQL at start, and the fewest the
    /// governor keeps (<see cref="LaneGovernor"/>, decision 0034); SQLite always has one (one writer per file). One by
    /// default: on two cores more lanes queued for the audit chain's head and cost more CPU (decision 0011), so more are
    /// opened only while the lanes measure that they fall behind and that another lane commits more.
    /// </summary>
    public int PostgresWriteLanes { get; set; } = 1;

    /// <summary>
    /// PostgreSQL only: the most lanes the group commit's governor opens when writes wait longer than
    /// <see cref="GroupCommitTargetWait"/> (decision 0034). Equal to <see cref="PostgresWriteLanes"/> fixes the count.
    /// </summary>
    public int PostgresMaxWriteLanes { get; set; } = 4;

    /// <summary>The fewest writes the group commit's batch limit shrinks to when its lanes are quiet (decision 0034).</summary>
    public int GroupCommitMinBatch { get; set; } = 50;

    /// <summary>
    /// The most writes one group-commit batch (one transaction) takes when a backlog has built up (decision 0034). 200, not
    /// 1,000 (decision 0045): on SQLite a batch of 400–800 first reports cost 0.24–0.32 ms of lane time per write against
    /// 0.16–0.20 ms for one of 20–50, so a backlog of large batches drained more slowly than the writes came in.
    /// </summary>
    public int GroupCommitMaxBatch { get; set; } = 200;

    /// <summary>
    /// How long a write may wait in its group-commit lane before its batch begins; past it (in most batches of a window) the
    /// lanes count as behind and the governor tries another lane (decision 0034).
    /// </summary>
    public TimeSpan GroupCommitTargetWait { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the group commit's governor keeps a lane count before judging it by what was committed (decision 0034).</summary>
    public TimeSpan GroupCommitSettle { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// PostgreSQL only: the most connections this process opens to the server (Npgsql's <c>Maximum Pool Size</c>), unless
    /// the connection string sets it.
    /// </summary>
    public int PostgresMaxPoolSize { get; set; } = 20;

    /// <summary>
    /// PostgreSQL only: how many statements each connection keeps prepared on the server (Npgsql's <c>Max Auto
    /// Prepare</c>), unless the connection string sets it: a statement run again and again (the <c>Idempotency-Key</c>
    /// lookup on every keyed request, the chain head, the number counter) is then parsed and planned once per
    /// connection instead of on every run. 0 turns it off.
    /// </summary>
    public int PostgresMaxAutoPrepare { get; set; } = 64;

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Builds the EF Core options for the configured provider.</summary>
public static class DatabaseSetup
{
    /// <summary>
    /// The <c>wal_autocheckpoint</c> of every SQLite connection: <see cref="DatabaseOptions.SqliteAutoCheckpointPages"/> while the
    /// background checkpoint runs, SQLite's own 1,000 when it does not (decision 0045).
    /// </summary>
    internal static int WalAutoCheckpointPages(DatabaseOptions options) =>
        options.SqliteCheckpointInterval > TimeSpan.Zero ? Math.Max(0, options.SqliteAutoCheckpointPages) : 1000;

    public const string SqliteMigrations = "Beacon.Migrations.Sqlite";
    public const string PostgresMigrations = "Beacon.Migrations.Postgres";

    public static string ResolveSqliteConnectionString(DatabaseOptions options, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        Directory.CreateDirectory(dataFolder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, "beacon.db"),
            ForeignKeys = true,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The context options; with <paramref name="logging"/>, EF Core logs through the application's logging.</summary>
    public static DbContextOptions<BeaconDb> Build(DatabaseOptions options, string dataFolder, IReadOnlyList<Modules.BeaconModule> modules,
        Microsoft.Extensions.Logging.ILoggerFactory? logging = null, Audit.AuditKeyRing? auditKeys = null)
    {
        var builder = new DbContextOptionsBuilder<BeaconDb>();
        Configure(builder, options, dataFolder);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new BeaconModelExtension(modules));
        if (auditKeys is not null)
        {
            ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new AuditKeysExtension(auditKeys));
        }

        if (logging is not null)
        {
            builder.UseLoggerFactory(logging);
        }

        return builder.Options;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options, string dataFolder)
    {
        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException(
                    "Beacon:Database:Provider is Postgres but Beacon:Database:ConnectionString is empty.");
            }

            builder.UseNpgsql(PostgresConnectionString(options), o => o.MigrationsAssembly(PostgresMigrations));
        }
        else
        {
            var cs = new SqliteConnectionStringBuilder(ResolveSqliteConnectionString(options, dataFolder))
            {
                ForeignKeys = true,
                DefaultTimeout = Math.Max(1, options.BusyTimeoutMilliseconds / 1000),
            }.ToString();
            builder.UseSqlite(cs, o => o.MigrationsAssembly(SqliteMigrations))
                .AddInterceptors(new SqlitePragmas(options));
        }

        builder.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>
    /// The PostgreSQL connection string with Beacon's pool limit (<see cref="DatabaseOptions.PostgresMaxPoolSize"/>),
    /// statement preparation (<see cref="DatabaseOptions.PostgresMaxAutoPrepare"/>) and no reset on close, each unless it
    /// names that setting itself: every pooled connection is a server process, and a burst of requests opening a hundred
    /// of them at once costs the database server more than queueing for a few.
    /// </summary>
    public static string PostgresConnectionString(DatabaseOptions options)
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        // What the administrator wrote wins. (NpgsqlConnectionStringBuilder.ContainsKey says yes to every keyword it
        // knows, so the keys written are read from a plain builder, spaces and case aside.)
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = options.ConnectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!written.Contains("MaximumPoolSize") && !written.Contains("MaxPoolSize"))
        {
            cs.MaxPoolSize = Math.Max(1, options.PostgresMaxPoolSize);
        }

        if (!written.Contains("MaxAutoPrepare"))
        {
            cs.MaxAutoPrepare = Math.Max(0, options.PostgresMaxAutoPrepare);
        }

        // A connection going back to the pool is not reset (DISCARD ALL, or a string of resets once statements are
        // prepared), which cost the server a statement for nearly every request. Safe only while Beacon keeps no session
        // state: its one SET is SET LOCAL, inside a transaction, and an open transaction is still rolled back. A
        // session-level SET, LISTEN, advisory lock or temporary table added later would carry over to the connection's
        // next user (decision 0011).
        if (!written.Contains("NoResetOnClose"))
        {
            cs.NoResetOnClose = true;
        }

        return cs.ConnectionString;
    }

    /// <summary>
    /// WAL once per file; busy timeout, synchronous, in-memory temp store and memory mapping on every native connection. A pooled connection keeps its
    /// settings, so the pragmas run the first time a native handle is opened, not on every logical open (EF opens
    /// and closes the connection around each command).
    /// </summary>
    private sealed class SqlitePragmas(DatabaseOptions options) : DbConnectionInterceptor
    {
        private static readonly ConditionalWeakTable<object, object> Prepared = [];

        private readonly string _pragmas =
            $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={options.BusyTimeoutMilliseconds}; " +
            $"PRAGMA synchronous={Sanitise(options.SqliteSynchronous)}; PRAGMA foreign_keys=ON; " +
            // Temporary tables and statement journals in memory, not in files created and deleted per statement; the
            // file memory-mapped, so pages another connection wrote are read from the OS cache without a copy.
            "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456; " +
            $"PRAGMA wal_autocheckpoint={WalAutoCheckpointPages(options)};";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (FirstOpen(connection))
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = _pragmas;
                cmd.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (FirstOpen(connection))
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = _pragmas;
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private static bool FirstOpen(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || Prepared.TryAdd(handle, handle);

        private static string Sanitise(string mode) => mode.ToUpperInvariant() switch
        {
            "OFF" or "NORMAL" or "FULL" or "EXTRA" => mode.ToUpperInvariant(),
            _ => "FULL",
        };
    }
}
