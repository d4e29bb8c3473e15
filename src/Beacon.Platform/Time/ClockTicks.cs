namespace Beacon.Platform.Time;

/// <summary>
/// The rounds of a background job on the injected clock (a <see cref="PeriodicTimer"/> built with the
/// <see cref="TimeProvider"/>). A round never runs inside the clock's timer callback: whoever moves the clock (a timer
/// thread, or a test moving a fake clock by days) gets its thread back at once, and the ticks that pass meanwhile fold
/// into one round, as a periodic timer's ticks do when its reader is busy.
/// </summary>
public static class ClockTicks
{
    /// <summary>Waits for the next tick, then leaves the clock's thread; false when the timer was stopped.</summary>
    /// <remarks>
    /// Without the yield, the continuation after a tick runs synchronously in the timer's callback. A fake clock moved
    /// by 80 days fires a 15-second timer 460,800 times within its <c>Advance</c> call, and where the round itself
    /// completes synchronously (Microsoft.Data.Sqlite's async methods do) every one of those ticks ran a whole round
    /// before <c>Advance</c> returned: the test hung for as long as half a million database scans take.
    /// </remarks>
    public static async ValueTask<bool> NextRoundAsync(this PeriodicTimer timer, CancellationToken ct)
    {
        if (!await timer.WaitForNextTickAsync(ct))
        {
            return false;
        }

        await Task.Yield();
        return true;
    }
}
