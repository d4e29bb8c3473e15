using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Data;

/// <summary>
/// Creates a <see cref="BeaconDb"/> per operation, carrying the current actor for the audit trail.
/// Handlers take one context per operation so the same code serves API requests, Blazor circuits and workers.
/// </summary>
public sealed class BeaconDbFactory(DbContextOptions<BeaconDb> options, CurrentActor? current, TimeProvider clock,
    Http.PendingIdempotency? idempotency = null)
    : IDbContextFactory<BeaconDb>
{
    /// <summary>A context of the current actor; in an API request with an <c>Idempotency-Key</c>, its first save also stores the key.</summary>
    public BeaconDb CreateDbContext() => new(options, current?.Actor ?? Actor.System, clock) { Idempotency = idempotency };

    /// <summary>A context whose writes are audited as the system (start-up, seeding, background jobs).</summary>
    public BeaconDb CreateForSystem() => new(options, Actor.System, clock);

    /// <summary>A context whose writes are audited as <paramref name="actor"/>.</summary>
    public BeaconDb CreateFor(Actor actor) => new(options, actor, clock);
}
