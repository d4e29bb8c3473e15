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
    [Fact]
    public async Task A_writes_answer_is_rendered_after_its_steps_and_committed_with_its_idempotency_key()
    {
        var commits = Beacon.Services.GetRequiredService<GroupCommit>();
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

        // The stage's own step fills the new name in the transaction; the answer, rendered after it, must carry it.
        var answer = await commits.SaveAsync(Actor.System, pending, "tests", db =>
        {
            db.Add(change);
            db.BeforeSave((_, _) =>
            {
                change.NewName = "新名" + key[^4..];
                return Task.CompletedTask;
            });
        }, () => PreparedAnswer.Created($"/changes/{change.Id}", new { change.Id, change.NewName }, JsonSerializerOptions.Web), Ct);

        Assert.True(pending.Written);
        Assert.Equal("新名" + key[^4..], JsonDocument.Parse(Assert.IsType<byte[]>(pending.Record.Body)).RootElement.GetProperty("newName").GetString());
        await using var check = Beacon.Db();
        // Read straight after the commit, before anything else could store an answer: it is there, with the change.
        var kept = await check.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Key == key, Ct);
        Assert.Equal(201, kept.StatusCode);
        Assert.Equal($"/changes/{change.Id}", kept.Location);
        Assert.Equal("application/json; charset=utf-8", kept.ContentType);
        Assert.Equal(pending.Record.Body, kept.Body);
        Assert.Equal(201, answer.StatusCode);
        Assert.Equal(change.NewName, (await check.UnitNameChanges.AsNoTracking().SingleAsync(c => c.Id == change.Id, Ct)).NewName);
    }
}

public sealed class GroupCommitTestsOnSqlite(SqliteBeacon beacon) : GroupCommitTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class GroupCommitTestsOnPostgres(PostgresBeacon beacon) : GroupCommitTests(beacon), IClassFixture<PostgresBeacon>;
