using Beacon.Platform.Scope;

namespace Beacon.Platform.Workbench;

/// <summary>The person the workbench (工作台) is for: the signed-in actor and the jurisdictions it may see.</summary>
public sealed record WorkbenchViewer(Actor Actor, DataScope Scope);

/// <summary>How pressing a to-do item is; the workbench lists the most urgent first within a group.</summary>
public enum WorkItemUrgency
{
    /// <summary>Nothing presses beyond the item itself (待办).</summary>
    Normal = 0,

    /// <summary>Its deadline is within the warning window (即将超时).</summary>
    DueSoon = 1,

    /// <summary>Its deadline has passed (已超时).</summary>
    Overdue = 2,
}

/// <summary>
/// One thing that awaits the person signed in (待办事项), as a module contributes it to the workbench.
/// </summary>
/// <param name="Kind">Stable code of the kind of item, <c>module.action</c> (<c>incident.sign-for</c>); items are grouped by it.</param>
/// <param name="KindTitle">The kind, localized in the module's own resources for the current UI culture (待签收).</param>
/// <param name="Priority">Where the kind's group goes for this viewer, lower first (a leader's 待批示 before a duty officer's 待签收).</param>
/// <param name="Key">Identifies the item within its kind (the submission's or the request's id), stable across reloads.</param>
/// <param name="Number">The record's human number (<c>150203-2026-0042</c>), or empty when it has none.</param>
/// <param name="Title">The record's title or headline.</param>
/// <param name="From">The unit or jurisdiction the item comes from, by name.</param>
/// <param name="At">When the item came to the viewer (submitted, requested, alerted), UTC.</param>
/// <param name="DueAt">The deadline, UTC, for a countdown; null when there is none.</param>
/// <param name="Urgency">How pressing the item is at the time it was read.</param>
/// <param name="Href">Where one click takes the viewer to act on it (relative, e.g. <c>incidents/{id}</c>).</param>
public sealed record WorkItem(
    string Kind, string KindTitle, int Priority, string Key, string Number, string Title, string From,
    DateTimeOffset At, DateTimeOffset? DueAt, WorkItemUrgency Urgency, string Href);

/// <summary>
/// A module's contribution to the workbench: what awaits the viewer in that module. Register each implementation as a
/// scoped service (<c>services.AddScoped&lt;IWorkItemSource, MySource&gt;()</c>); the workbench asks every source on
/// load and whenever <see cref="WorkbenchSignal"/> reports a change the viewer may see.
/// </summary>
/// <remarks>
/// Guarantees a source must give: it returns only items the viewer may see <b>and</b> act on, by the same scope and
/// role rules as the handler the item's link leads to (never wider); it reads, never writes; it answers within one
/// query round or a few (the page waits for every source); a source with nothing for the viewer returns an empty list.
/// </remarks>
public interface IWorkItemSource
{
    Task<IReadOnlyList<WorkItem>> GetAsync(WorkbenchViewer viewer, CancellationToken ct);
}
