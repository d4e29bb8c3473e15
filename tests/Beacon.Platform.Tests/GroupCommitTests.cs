using System.Text.Json;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Units;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>The group commit of hot writes (decisions 0009–0011), called directly, without a request around it.</summary>
public abstract class GroupCommitTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private GroupCommit Commits => Beacon.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task A_writes_answer_is_rendered_after_its_steps_and_committed_with_its_idempotency_key()
    {
        var (pending, change, stage, answer) = await WriteAsync();

        var answered = await Commits.SaveAsync(Actor.System, pending, "tests", stage, answer, keepAnswer: true, Ct);

        Assert.True(pending.Written);
        Assert.Equal(201, answered.StatusCode);
        // Read straight after the commit, before anything else could store an answer: it is there, with the change.
        var kept = await KeptAsync(pending.Record!.Key);
        Assert.Equal(201, kept.StatusCode);
        Assert.Equal($"/changes/{change.Id}", kept.Location);
        Assert.Equal("application/json; charset=utf-8", kept.ContentType);
        // Rendered after the stage's own step, which gave the change its name inside the transaction.
        Assert.Equal(change.NewName, NameIn(kept));
        Assert.StartsWith("新名", change.NewName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_whose_answer_is_not_kept_leaves_its_key_stored_without_an_answer()
    {
        var (pending, _, stage, answer) = await WriteAsync();

        await Commits.SaveAsync(Actor.System, pending, "tests", stage, answer, keepAnswer: false, Ct);

        Assert.True(pending.Written);
        Assert.Equal(0, (await KeptAsync(pending.Record!.Key)).StatusCode);
    }

    [Fact]
    public async Task When_a_batch_fails_each_write_is_saved_alone_and_the_good_ones_keep_their_answers()
    {
        // A first write holds the lane inside its transaction until released, so the next two queue into one batch.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (holdKey, held, holdStage, holdAnswer) = await WriteAsync();
        var holding = Commits.SaveAsync(Actor.System, holdKey, "tests", db =>
        {
            holdStage(db);
            db.BeforeSave(async (_, _) =>
            {
                entered.TrySetResult();
                await release.Task;
            });
        }, holdAnswer, keepAnswer: true, Ct);
        await entered.Task.WaitAsync(TestTimeouts.Expectation, Ct);

        var (goodKey, good, goodStage, goodAnswer) = await WriteAsync();
        var (badKey, bad, _, badAnswer) = await WriteAsync();
        bad.Id = held.Id; // stored by the first write: the batch holding it fails on the primary key
        var saving = Commits.SaveAsync(Actor.System, goodKey, "tests", goodStage, goodAnswer, keepAnswer: true, Ct);
        var failing = Commits.SaveAsync(Actor.System, badKey, "tests", db => db.Add(bad), badAnswer, keepAnswer: true, Ct);
        release.SetResult();

        await holding;
        await saving;
        await Assert.ThrowsAnyAsync<Exception>(() => failing);
        var kept = await KeptAsync(goodKey.Record!.Key);
        Assert.Equal(201, kept.StatusCode);
        await using var check = Beacon.Db();
        var stored = await check.UnitNameChanges.AsNoTracking().SingleAsync(c => c.Id == good.Id, Ct);
        // Tried in the batch (attempt 1), then saved alone (attempt 2): the kept answer is the second one's.
        Assert.EndsWith("-2", stored.NewName, StringComparison.Ordinal);
        Assert.Equal(stored.NewName, NameIn(kept));
        Assert.Empty(await check.IdempotencyRecords.Where(r => r.Key == badKey.Record!.Key).ToListAsync(Ct));
        Assert.False(badKey.Written);
        Assert.True(goodKey.Written);
    }

    [Fact]
    public async Task In_a_batch_of_statements_the_one_refused_by_its_row_count_fails_only_its_own_write()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (holdKey, _, holdStage, holdAnswer) = await WriteAsync();
        var holding = Commits.SaveAsync(Actor.System, holdKey, "tests", db =>
        {
            holdStage(db);
            db.BeforeSave(async (_, _) =>
            {
                entered.TrySetResult();
                await release.Task;
            });
        }, holdAnswer, keepAnswer: true, Ct);
        await entered.Task.WaitAsync(TestTimeouts.Expectation, Ct);

        // Three writes queue into one batch, each with a statement touching one unit row (and no other step, so on PostgreSQL
        // the three statements go as one batch of statements); the second names no unit.
        Guid unitId;
        await using (var db = Beacon.Db())
        {
            unitId = await db.Units.Select(u => u.Id).FirstAsync(Ct);
        }

        var counts = new System.Collections.Concurrent.ConcurrentQueue<(string Write, int Rows)>();
        async Task<(Task<PreparedAnswer> Saving, PendingIdempotency Key, UnitNameChange Change)> QueueAsync(string name, Guid target)
        {
            var (key, change, _, answer) = await WriteAsync();
            change.NewName = "新名" + name;
            return (Commits.SaveAsync(Actor.System, key, "tests", db =>
            {
                db.Add(change);
                db.BeforeSave(new SaveStatement($"UPDATE {db.TableOf<Unit>()} SET \"Name\" = \"Name\" WHERE \"Id\" = @id",
                    [("@id", db.IsSqlite ? target.ToString().ToUpperInvariant() : target)],
                    rows =>
                    {
                        counts.Enqueue((name, rows));
                        if (rows != 1)
                        {
                            throw new InvalidOperationException($"{name}: no such unit");
                        }
                    }));
            }, answer, keepAnswer: true, Ct), key, change);
        }

        var (first, firstKey, firstChange) = await QueueAsync("first", unitId);
        var (refused, refusedKey, refusedChange) = await QueueAsync("refused", Guid.CreateVersion7());
        var (third, thirdKey, thirdChange) = await QueueAsync("third", unitId);
        release.SetResult();

        await holding;
        Assert.Equal(201, (await first).StatusCode);
        Assert.Equal(201, (await third).StatusCode);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => refused);
        Assert.Equal("refused: no such unit", error.Message);
        // Each statement got its own row count: in the batch, then alone after the batch failed.
        Assert.All(counts.Where(c => c.Write != "refused"), c => Assert.Equal(1, c.Rows));
        Assert.All(counts.Where(c => c.Write == "refused"), c => Assert.Equal(0, c.Rows));
        Assert.Contains(counts, c => c.Write == "third");
        await using var check = Beacon.Db();
        var ids = new[] { firstChange.Id, refusedChange.Id, thirdChange.Id };
        var stored = await check.UnitNameChanges.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(Ct);
        Assert.Equal(new[] { firstChange.Id, thirdChange.Id }.Order(), stored.Order());
        Assert.True(firstKey.Written);
        Assert.True(thirdKey.Written);
        Assert.False(refusedKey.Written);
    }

    /// <summary>A unit name change whose new name is given by a step inside the transaction, with its key and answer.</summary>
    private async Task<(PendingIdempotency Key, UnitNameChange Change, Action<BeaconDb> Stage, Func<PreparedAnswer> Answer)> WriteAsync()
    {
        Guid unitId;
        await using (var db = Beacon.Db())
        {
            unitId = await db.Units.Select(u => u.Id).FirstAsync(Ct);
        }

        var key = "group-" + Guid.NewGuid();
        var pending = new PendingIdempotency
        {
            Record = new IdempotencyRecord { Caller = "tests", Key = key, RequestHash = "hash", CreatedAt = Beacon.Clock.GetUtcNow() },
        };
        var change = new UnitNameChange { UnitId = unitId, OldName = "旧名", NewName = "", ChangedAt = Beacon.Clock.GetUtcNow() };
        var attempts = 0;
        void Stage(BeaconDb db)
        {
            db.Add(change);
            // Another name on every attempt (as a number taken again would be): the answer must follow the attempt that commits.
            db.BeforeSave((_, _) =>
            {
                change.NewName = $"新名{key[^6..]}-{++attempts}";
                return Task.CompletedTask;
            });
        }

        return (pending, change, Stage, () => PreparedAnswer.Created($"/changes/{change.Id}", new { change.Id, change.NewName }, JsonSerializerOptions.Web));
    }

    private async Task<IdempotencyRecord> KeptAsync(string key)
    {
        await using var check = Beacon.Db();
        return await check.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Key == key, Ct);
    }

    private static string? NameIn(IdempotencyRecord kept) =>
        JsonDocument.Parse(Assert.IsType<byte[]>(kept.Body)).RootElement.GetProperty("newName").GetString();
}

public sealed class GroupCommitTestsOnSqlite(SqliteBeacon beacon) : GroupCommitTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class GroupCommitTestsOnPostgres(PostgresBeacon beacon) : GroupCommitTests(beacon), IClassFixture<PostgresBeacon>;
