using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Data;

/// <summary>
/// Saves many small, independent writes of the same hot path (first reports arriving by the hundred per second) in
/// one transaction: a write waits until it is committed, and the writes of every request that arrived meanwhile are
/// committed with it. Each write keeps its own actor in the audit trail and its own <c>Idempotency-Key</c>; a batch
/// that fails is rolled back and its writes are saved one by one, so one bad write never takes the others down.
/// Under load this turns a commit (a WAL append, on PostgreSQL a flush) per request into one per batch. Decision 0009.
/// Writes go through lanes, each saving its batches in turn: one for SQLite, which has one writer per file; on
/// PostgreSQL one at start, more side by side while a <see cref="LaneGovernor"/> measures that the lanes fall behind and
/// that another one commits more (decision 0034, bounds <see cref="DatabaseOptions.PostgresWriteLanes"/> and
/// <see cref="DatabaseOptions.PostgresMaxWriteLanes"/>); the governor also sizes batches. Writes with the same lane key (e.g.
/// the counter row they take a number from) share a lane while the lane count holds, so lanes rarely wait for each other's
/// row locks (just after a change, a key's earlier writes may still be in its former lane: its next batch waits for that
/// lock, and nothing is lost).
/// A write's answer is rendered in its batch's transaction and kept with its <c>Idempotency-Key</c> there (decision 0011);
/// answers known only after the commit (<see cref="SaveAnswerAsync"/>) go through the lanes too, in the transaction of
/// the next batch, or in one of their own when no write is waiting (decision 0010).
/// </summary>
public sealed class GroupCommit(DbContextOptions<BeaconDb> options, IOptions<DatabaseOptions> database, TimeProvider clock,
    ILogger<GroupCommit> log) : BackgroundService
{
    /// <summary>The meter of the write path (<c>/metrics</c>): batch sizes, how long a batch takes to save, how long a write waits.</summary>
    public const string MeterName = "Beacon.GroupCommit";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("beacon.group_commit.batch_size", "{write}", "Writes saved in one transaction");
    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("beacon.group_commit.batch_duration", "ms", "Time to save one batch, from its first statement to its commit");
    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>("beacon.group_commit.queue_wait", "ms", "Time a write waited in its lane before its batch began");
    private static readonly Counter<long> BatchFailures = Meter.CreateCounter<long>("beacon.group_commit.batch_failures", "{batch}", "Batches rolled back and saved write by write");
    private static readonly Counter<long> GovernorChanges = Meter.CreateCounter<long>("beacon.group_commit.governor_changes", "{change}", "Lane counts and batch limits changed by the governor");

    private static readonly UpDownCounter<int> LaneCount = Meter.CreateUpDownCounter<int>("beacon.group_commit.lanes", "{lane}", "Lanes new writes are spread over");

    private readonly LaneGovernor _governor = new(GroupCommitBounds.From(database.Value), clock);

    private readonly Lane[] _lanes = [.. Enumerable.Range(0, GroupCommitBounds.From(database.Value).MaxLanes).Select(_ => new Lane())];

    /// <summary>What adapts the lanes to what they measure (decision 0034).</summary>
    public LaneGovernor Governor => _governor;

    /// <summary>
    /// Adds the entities of one write to a context (<paramref name="stage"/> may also register
    /// <see cref="BeaconDb.BeforeSave(Func{BeaconDb, CancellationToken, Task})"/> steps) and completes once they are committed, audited as <paramref name="actor"/>.
    /// <paramref name="stage"/> may run twice (in a batch, then alone if the batch failed): it only adds what it was given.
    /// <paramref name="answer"/> renders the request's answer inside the transaction, after the stage's own steps (e.g. once
    /// its number is taken); with an <c>Idempotency-Key</c> and <paramref name="keepAnswer"/> it is kept with the change.
    /// The answer rendered last is returned.
    /// </summary>
    public async Task<PreparedAnswer> SaveAsync(Actor actor, PendingIdempotency? idempotency, string laneKey, Action<BeaconDb> stage,
        Func<PreparedAnswer> answer, bool keepAnswer, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // Not cancelled once queued: a write that may be committed is awaited to its end, so its answer is known.
        var write = new Write(actor, idempotency, stage, answer, null) { KeepAnswer = keepAnswer };
        await Enqueue(laneKey, write);
        return write.Answered!;
    }

    /// <summary>
    /// Stores the answer now in <paramref name="record"/> (inserted with its change, still without an answer: a write saved
    /// elsewhere than through <see cref="SaveAsync"/>, or one whose response differs from its prepared answer); completes
    /// once it is committed. On PostgreSQL an answer saved on its own does not wait for the flush: the change's own
    /// commit was durable, and if an answer is lost a retry gets 409 instead of a second record.
    /// </summary>
    public Task SaveAnswerAsync(IdempotencyRecord record) => Enqueue(record.Key, new Write(Actor.System, null, null, null, record));

    private Task Enqueue(string laneKey, Write write)
    {
        var lane = _lanes[(uint)StringComparer.Ordinal.GetHashCode(laneKey) % (uint)_governor.ActiveLanes];
        Interlocked.Increment(ref lane.Queued);
        if (!lane.Queue.Writer.TryWrite(write))
        {
            Interlocked.Decrement(ref lane.Queued);
            write.Saved.SetException(new InvalidOperationException("The server is stopping."));
        }

        return write.Saved.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LaneCount.Add(_governor.ActiveLanes);
        return Task.WhenAll(_lanes.Select(lane => RunLaneAsync(lane, stoppingToken)));
    }

    private async Task RunLaneAsync(Lane lane, CancellationToken stoppingToken)
    {
        var queue = lane.Queue;
        var batch = new List<Write>();
        await using var connection = new LaneConnection(options, postgres: database.Value.IsPostgres);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var limit = _governor.BatchLimit;
                while (batch.Count < limit && queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                var left = Interlocked.Add(ref lane.Queued, -batch.Count);
                var (oldestWait, duration) = await SaveBatchAsync(connection, batch);
                var change = _governor.Observe(batch.Count, left, oldestWait, duration);
                if (change != GovernorChange.None)
                {
                    GovernorChanges.Add(1);
                    LaneCount.Add((change & GovernorChange.LaneOpened) != 0 ? 1 : (change & GovernorChange.LaneClosed) != 0 ? -1 : 0);
                    log.LogInformation("Group commit: {Change} (now {Lanes} lanes, batches of at most {Limit}; last batch {Taken} writes, {Left} left, oldest waited {Wait} ms)",
                        change, _governor.ActiveLanes, _governor.BatchLimit, batch.Count, left, (int)oldestWait.TotalMilliseconds);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        queue.Writer.TryComplete();
        while (queue.Reader.TryRead(out var left))
        {
            left.Saved.TrySetException(new OperationCanceledException("The server is stopping."));
        }
    }

    /// <summary>Saves one batch; returns how long its oldest write had waited and how long the batch took.</summary>
    private async Task<(TimeSpan OldestWait, TimeSpan Duration)> SaveBatchAsync(LaneConnection connection, List<Write> batch)
    {
        var began = Stopwatch.GetTimestamp();
        var oldest = TimeSpan.Zero;
        foreach (var write in batch)
        {
            var waited = Stopwatch.GetElapsedTime(write.Queued, began);
            oldest = waited > oldest ? waited : oldest;
            QueueWait.Record(waited.TotalMilliseconds);
        }

        BatchSize.Record(batch.Count);
        try
        {
            await SaveBatchCoreAsync(connection, batch);
        }
        finally
        {
            BatchDuration.Record(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
        }

        return (oldest, Stopwatch.GetElapsedTime(began));
    }

    private async Task SaveBatchCoreAsync(LaneConnection connection, List<Write> batch)
    {
        var answers = batch.Where(w => w.KeptAnswer is not null).ToList();
        var writes = batch.Where(w => w.Stage is not null).ToList();
        if (writes.Count == 0)
        {
            await SaveAnswersAsync(connection, answers);
            return;
        }

        var keys = new List<PendingIdempotency>();
        try
        {
            await using (var db = await connection.ContextAsync(Actor.System, clock))
            {
                foreach (var write in writes)
                {
                    db.StageAs(write.Actor, write.Stage!);
                    write.AnswerBeforeSave(db);
                    if (write.Idempotency is { Record: { } record, Written: false } pending)
                    {
                        db.IdempotencyRecords.Add(record);
                        keys.Add(pending);
                    }
                }

                // Staged writes only add: one look for changes now, not one per look at the tracked entries while saving.
                db.ChangeTracker.DetectChanges();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                if (answers.Count > 0)
                {
                    db.BeforeSave((tx, token) => tx.UpdateAnswersAsync([.. answers.Select(a => a.KeptAnswer!)], token));
                }

                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
#pragma warning disable CA1031 // Any failure of the batch: each write is tried alone and gets its own answer.
        catch (Exception)
#pragma warning restore CA1031
        {
            BatchFailures.Add(1);
            await connection.ResetAsync();
            foreach (var write in writes)
            {
                await SaveAloneAsync(connection, write);
            }

            await SaveAnswersAsync(connection, answers);
            return;
        }

        keys.ForEach(k => k.Written = true);
        batch.ForEach(w => w.Saved.TrySetResult());
    }

    private async Task SaveAnswersAsync(LaneConnection connection, List<Write> answers)
    {
        if (answers.Count == 0)
        {
            return;
        }

        try
        {
            await using var db = await connection.ContextAsync(Actor.System, clock);
            await db.SaveAnswersAsync([.. answers.Select(a => a.KeptAnswer!)], CancellationToken.None);
            answers.ForEach(a => a.Saved.TrySetResult());
        }
#pragma warning disable CA1031 // Every waiting request gets the failure; the lane goes on with the next batch.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await connection.ResetAsync();
            answers.ForEach(a => a.Saved.TrySetException(e));
        }
    }

    private async Task SaveAloneAsync(LaneConnection connection, Write write)
    {
        try
        {
            await using var db = await connection.ContextAsync(write.Actor, clock, write.Idempotency);
            write.Stage!(db);
            write.AnswerBeforeSave(db);
            await db.SaveChangesAsync(CancellationToken.None);
            write.Saved.TrySetResult();
        }
#pragma warning disable CA1031 // The failure is the caller's answer, not this loop's.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await connection.ResetAsync();
            write.Saved.TrySetException(e);
        }
    }

    /// <summary>
    /// A lane keeps one connection of its own, open from batch to batch. On PostgreSQL it is outside the pool: from the
    /// shared pool a lane's batch queued for a connection behind every request waiting for one (each keyed request reads
    /// its <c>Idempotency-Key</c>), so under a backlog the one writer all of them wait for waited for them, and a machine
    /// short of CPU fell further and further behind; its own connection also keeps its prepared statements. On SQLite it
    /// is opened once through a context (so the connection pragmas and EF's functions are set up as for any context) and
    /// kept: a context per batch opening a pooled connection ran a <c>PRAGMA foreign_keys</c> and registered EF's SQL
    /// functions again on every batch. After a failure it is opened anew.
    /// </summary>
    private sealed class LaneConnection(DbContextOptions<BeaconDb> options, bool postgres) : IAsyncDisposable
    {
        private System.Data.Common.DbConnection? _connection;

        public async Task<BeaconDb> ContextAsync(Actor actor, TimeProvider clock, PendingIdempotency? idempotency = null)
        {
            var db = new BeaconDb(options, actor, clock) { Idempotency = idempotency };
            if (_connection is { State: System.Data.ConnectionState.Open })
            {
                db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
                return db;
            }

            try
            {
                await ResetAsync();
                var connectionString = Microsoft.EntityFrameworkCore.Infrastructure.RelationalOptionsExtension.Extract(options).ConnectionString;
                if (postgres)
                {
                    _connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                    await _connection.OpenAsync();
                    db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
                    return db;
                }

                // The same connection string as every context's, so saves queue at the same SqliteWriteGate.
                _connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
                db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
                await db.Database.OpenConnectionAsync();
                return db;
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }

        /// <summary>Drops the connection after a failure; the next batch opens a new one.</summary>
        public async Task ResetAsync()
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }

        public async ValueTask DisposeAsync() => await ResetAsync();
    }

    /// <summary>One lane's queue and how many writes are in it (counted here: not every channel counts its items).</summary>
    private sealed class Lane
    {
        public readonly Channel<Write> Queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });

        public int Queued;
    }

    /// <summary>A write to stage (<see cref="Stage"/>, with its <see cref="Answer"/>) or a kept answer to store (<see cref="KeptAnswer"/>).</summary>
    private sealed record Write(Actor Actor, PendingIdempotency? Idempotency, Action<BeaconDb>? Stage, Func<PreparedAnswer>? Answer, IdempotencyRecord? KeptAnswer)
    {
        public long Queued { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PreparedAnswer? Answered { get; private set; }

        /// <summary>Whether <see cref="Answer"/> is kept with the <c>Idempotency-Key</c> in the change's transaction.</summary>
        public bool KeepAnswer { get; init; }

        /// <summary>Renders the answer in the saving transaction, after the steps the stage registered, and keeps it with the key.</summary>
        public void AnswerBeforeSave(BeaconDb db)
        {
            if (Answer is null)
            {
                return;
            }

            // In memory only: the statements of the writes before it (e.g. balance updates) still go out together.
            db.BeforeSaveInMemory(() =>
            {
                Answered = Answer();
                if (KeepAnswer && Idempotency is { Record: { } record, Written: false })
                {
                    Answered.KeepIn(record);
                }
            });
        }
    }
}
