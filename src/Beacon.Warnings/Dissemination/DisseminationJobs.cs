using Beacon.Platform.Data;
using Beacon.Warnings.Warnings;

namespace Beacon.Warnings.Dissemination;

/// <summary>Queues a published message for dissemination, inside the transaction of its sign-off.</summary>
internal static class DisseminationJobs
{
    /// <summary>
    /// Adds the job to <paramref name="db"/> (saved with the sign-off). Real warnings and exercises are disseminated
    /// (an exercise says 【演练】); test messages (CAP <c>Test</c>: to be disregarded by everyone) reach no one, and
    /// received warnings only once they are re-published with a sign-off of our own. Updates, changes of level,
    /// extensions and cancels are disseminated like the first message, to the same recipients and any new ones.
    /// </summary>
    /// <param name="db">The context of the sign-off.</param>
    /// <param name="warning">The message signed off.</param>
    /// <param name="channels">The channels chosen at sign-off; null: every channel.</param>
    public static void Enqueue(BeaconDb db, Warning warning, IReadOnlyCollection<WarningChannel>? channels = null)
    {
        if (warning.Status == WarningStatus.Test || warning.Origin != WarningOrigin.Local)
        {
            return;
        }

        db.Add(new DisseminationJob
        {
            WarningId = warning.Id,
            CreatedAt = db.Clock.GetUtcNow(),
            Channels = channels is null ? null : string.Join(',', channels.Distinct().Order()),
        });
    }
}
