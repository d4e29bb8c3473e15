namespace Beacon.Platform.Seeding;

/// <summary>
/// The server's clock in demo mode: the system clock, except inside a demo story's own flow set back with
/// <see cref="Back"/>, so the story writes last month's work through the handlers with last month's times (numbers,
/// deadlines, on-time or late) instead of an empty history (decision 0035, "History"). The offset lives in an
/// <see cref="AsyncLocal{T}"/>: every other request, background service and timer reads the system clock. Outside demo
/// mode the server uses <see cref="TimeProvider.System"/> and this class is not registered.
/// </summary>
public sealed class DemoClock(TimeProvider system) : TimeProvider
{
    private static readonly AsyncLocal<TimeSpan> Offset = new();

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() - Offset.Value;

    public override TimeZoneInfo LocalTimeZone => system.LocalTimeZone;

    public override long TimestampFrequency => system.TimestampFrequency;

    public override long GetTimestamp() => system.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        system.CreateTimer(callback, state, dueTime, period);

    /// <summary>
    /// Sets this flow's clock <paramref name="by"/> into the past until the returned handle is disposed. Only demo stories
    /// call it, after their present-day part (so no background work is started from a flow set back).
    /// </summary>
    internal static IDisposable Back(TimeSpan by)
    {
        var before = Offset.Value;
        Offset.Value = by;
        return new Restore(before);
    }

    private sealed class Restore(TimeSpan before) : IDisposable
    {
        public void Dispose() => Offset.Value = before;
    }
}
