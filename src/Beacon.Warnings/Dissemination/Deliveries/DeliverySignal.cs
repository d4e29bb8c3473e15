using Microsoft.Extensions.Logging;

namespace Beacon.Warnings.Dissemination.Deliveries;

/// <summary>
/// In-process signal that deliveries of these warnings changed (expanded, sent, failed, retried), raised after the
/// change is committed, so an open deliveries page reloads without a page reload. It carries warning ids only: a page
/// listens for the warning it loaded through its scope-checked handler and reloads through it again, so what a push
/// shows never leaves the viewer's scope. Best effort and only on this node; listeners must only queue work.
/// </summary>
public sealed class DeliverySignal(ILogger<DeliverySignal> logger)
{
    public event Action<IReadOnlyCollection<Guid>>? Changed;

    public void Raise(IReadOnlyCollection<Guid> warningIds)
    {
        var handlers = Changed;
        if (handlers is null || warningIds.Count == 0)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<IReadOnlyCollection<Guid>>>())
        {
            try
            {
                handler(warningIds);
            }
#pragma warning disable CA1031 // Best effort: the change is committed; a failing listener must not fail the dispatcher.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                logger.LogWarning(failure, "A deliveries listener failed");
            }
        }
    }
}
