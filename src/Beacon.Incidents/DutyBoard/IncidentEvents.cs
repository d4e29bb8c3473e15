using Microsoft.Extensions.Logging;

namespace Beacon.Incidents.DutyBoard;

/// <summary>What happened to an incident, as the duty board needs to know.</summary>
public enum IncidentEventKind
{
    Reported = 1,
    ReportAdded = 2,
    PhoneReportLogged = 3,
    SignedFor = 4,
    Forwarded = 5,
    ObligationOverdue = 6,
    InstructionIssued = 7,
    InstructionFeedback = 8,
    InstructionSupervised = 9,

    /// <summary>A drill inject (演练) arrived; no integration event is published for it.</summary>
    DrillInjected = 10,

    /// <summary>
    /// An overdue alert (超时提醒) of a verification request or a supervised instruction was raised for <see cref="IncidentEvent.ToUnitIds"/>;
    /// <see cref="IncidentEvent.IncidentId"/> is empty for a verification request not linked to an incident.
    /// </summary>
    AlertRaised = 11,

    /// <summary>A due-soon alert (临期提醒) was raised for <see cref="IncidentEvent.ToUnitIds"/> (the obligated duty room only).</summary>
    AlertDueSoon = 12,

    /// <summary>An unacknowledged overdue alert escalated (升级提醒) to <see cref="IncidentEvent.ToUnitIds"/>, the level one further up.</summary>
    AlertEscalated = 13,
}

/// <summary>
/// An incident changed. <see cref="OriginJurisdictionId"/> lets a listener check scope (a board shows only
/// events of its jurisdiction and below); <see cref="ToUnitIds"/> names the duty rooms a report was sent to.
/// <see cref="IsDrill"/> marks an event of a drill incident (演练): boards reload on it, but it never becomes an
/// integration event, so no statistic, map or notification of another module hears of it.
/// </summary>
public sealed record IncidentEvent(
    IncidentEventKind Kind, Guid IncidentId, string Number, string Title, Guid OriginJurisdictionId, IReadOnlyList<Guid> ToUnitIds, DateTimeOffset At,
    bool IsDrill = false)
{
    /// <summary>
    /// An alert to <see cref="ToUnitIds"/> (核报/督办/签收 overdue, due soon, escalated): the live feed carries it to those
    /// duty rooms only, not to every board whose scope holds the origin (decision 0040).
    /// </summary>
    public bool IsAlert => Kind is IncidentEventKind.AlertRaised or IncidentEventKind.AlertDueSoon or IncidentEventKind.AlertEscalated;
}

/// <summary>
/// In-process publication of incident events to open duty boards (Blazor circuits push the change to the
/// browser over their SignalR connection). Delivery is best effort and only to this node: a board also
/// reloads on open and periodically, so nothing is lost if an event is missed. Raised after the change is committed, so
/// a listener's failure is logged and never reaches the request whose change it reports.
/// </summary>
public sealed class IncidentEvents(ILogger<IncidentEvents> logger)
{
    public event Action<IncidentEvent>? Raised;

    /// <summary>
    /// The module's read models of incidents (the map's, decision 0041), told before every listener of <see cref="Raised"/>:
    /// a listener that reads again on the event (a map page told by the integration event) then reads the change.
    /// </summary>
    internal event Action<IncidentEvent>? Committed;

    public void Publish(IncidentEvent e)
    {
        Committed?.Invoke(e);
        var handlers = Raised;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<IncidentEvent>>())
        {
            try
            {
                handler(e);
            }
            catch (InvalidOperationException)
            {
                // A board whose circuit is gone (ObjectDisposedException included) must not stop the others.
            }
#pragma warning disable CA1031 // Best effort: the change is committed; a failing listener must not turn it into an error.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                logger.LogWarning(failure, "A duty-board listener failed on {Kind} of incident {Number}", e.Kind, e.Number);
            }
        }
    }
}
