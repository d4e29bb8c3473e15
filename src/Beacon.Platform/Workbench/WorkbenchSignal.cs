using Microsoft.Extensions.Logging;

namespace Beacon.Platform.Workbench;

/// <summary>
/// Items may have changed for these jurisdictions (the record's jurisdiction and, where it moved, the one it came
/// from) and these units (the duty rooms or units it was addressed to).
/// </summary>
public sealed record WorkbenchChange(IReadOnlyCollection<Guid> JurisdictionIds, IReadOnlyCollection<Guid> UnitIds)
{
    public static WorkbenchChange For(params Guid[] jurisdictionIds) => new(jurisdictionIds, []);

    /// <summary>True when the viewer may be concerned: a jurisdiction is in its scope or its own unit is addressed.</summary>
    public bool Concerns(WorkbenchViewer viewer) =>
        (viewer.Actor.UnitId is { } unit && UnitIds.Contains(unit)) || JurisdictionIds.Any(viewer.Scope.Contains);
}

/// <summary>
/// In-process signal that to-do items may have changed, so open workbenches reload without a page reload. Modules
/// raise it <b>after</b> their change is committed. Delivery is best effort and only to this node: a listener's
/// failure is logged and never reaches the caller, and a workbench also reloads when opened, so a missed signal
/// loses nothing. Listeners are called synchronously on the raising thread and must only queue work.
/// </summary>
public sealed class WorkbenchSignal(ILogger<WorkbenchSignal> logger)
{
    public event Action<WorkbenchChange>? Changed;

    public void Raise(WorkbenchChange change)
    {
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<WorkbenchChange>>())
        {
            try
            {
                handler(change);
            }
#pragma warning disable CA1031 // Best effort: the change is committed; a failing listener must not turn it into an error.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                logger.LogWarning(failure, "A workbench listener failed");
            }
        }
    }
}
