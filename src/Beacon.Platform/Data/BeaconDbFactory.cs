using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Data;

/// <summary>
/// Creates a <see cref="BeaconDb"/> per operation, carrying the current actor for the audit trail.
/// Handlers take one context per operation so the same code serves API requests, Blazor circuits and workers.
/// </summary>
public sealed class BeaconDbFactory(DbContextOptions<BeaconDb> options, CurrentActor? current, TimeProvider clock,
    Http.PendingIdempotency? idempotency = null, GroupCommit? groupCommit = null)
    : IDbContextFactory<BeaconDb>
{
    /// <summary>A context of the current actor; in an API request with an <c>Idempotency-Key</c>, its first save also stores the key.</summary>
    public BeaconDb CreateDbContext() => new(options, current?.Actor ?? Actor.System, clock) { Idempotency = idempotency };

    /// <summary>
    /// Saves what <paramref name="stage"/> adds, as the current actor, in a transaction shared with other requests'
    /// writes (<see cref="GroupCommit"/>), for hot paths; with the request's <c>Idempotency-Key</c> like a save of
    /// <see cref="CreateDbContext"/>. <paramref name="stage"/> may run more than once and must only add. Writes with the
    /// same <paramref name="laneKey"/> (e.g. the counter they take a number from) are saved one after the other.
    /// <paramref name="answer"/> renders the request's answer inside the transaction, once the stage's steps have run (its
    /// number taken); with <paramref name="keepAnswer"/> the key's answer commits with the change (decision 0011). The
    /// endpoint returns the answer this gives back.
    /// </summary>
    public Task<Http.PreparedAnswer> SaveInGroupAsync(string laneKey, Action<BeaconDb> stage, Func<Http.PreparedAnswer> answer, bool keepAnswer,
        CancellationToken ct) =>
        (groupCommit ?? throw new InvalidOperationException("Group commit is not running in this process."))
        .SaveAsync(current?.Actor ?? Actor.System, idempotency, laneKey, stage, answer, keepAnswer, ct);

    /// <summary>
    /// A connection to Beacon's database without a context, for a hot read made on every request (the
    /// <c>Idempotency-Key</c> lookup): creating a context costs more than the query. Reads only: writes go through a context.
    /// </summary>
    public System.Data.Common.DbConnection CreateReadConnection()
    {
        var target = DbTarget.Of(options);
        return target.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection(target.ConnectionString)
            : new Npgsql.NpgsqlConnection(target.ConnectionString);
    }

    /// <summary>A context whose writes are audited as the system (start-up, seeding, background jobs).</summary>
    public BeaconDb CreateForSystem() => new(options, Actor.System, clock);

    /// <summary>A context whose writes are audited as <paramref name="actor"/>.</summary>
    public BeaconDb CreateFor(Actor actor) => new(options, actor, clock);
}

/// <summary>
/// The provider and connection string of each options instance, found once: finding them sorts the options' extensions,
/// and <c>Database.ProviderName</c> reads the provider assembly's name on every call; the write path asks several times
/// per write (decision 0037).
/// </summary>
internal static class DbTarget
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions, Target> Targets = new();

    public static Target Of(Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions options) => Targets.GetValue(options, static o =>
    {
        var extension = Microsoft.EntityFrameworkCore.Infrastructure.RelationalOptionsExtension.Extract(o);
        return new Target(extension is Microsoft.EntityFrameworkCore.Sqlite.Infrastructure.Internal.SqliteOptionsExtension, extension.ConnectionString);
    });

    internal sealed record Target(bool Sqlite, string? ConnectionString);
}
