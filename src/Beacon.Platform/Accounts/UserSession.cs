namespace Beacon.Platform.Accounts;

/// <summary>
/// A browser session, known on the server (decision 0015): the session cookie names it, every request's check finds
/// it still open and within its absolute lifetime, and its owner (or an administrator) can end it — one, or all.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Last request seen, updated at most once a minute (bookkeeping, not audited).</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The absolute end, however active the session is (<c>Beacon:Security:AbsoluteSessionLifetime</c>).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public string? ClientAddress { get; set; }

    public string? UserAgent { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary><c>signout</c>, <c>signout-everywhere</c>, <c>password-changed</c>, <c>ended-by-owner</c> …</summary>
    public string? EndReason { get; set; }
}
