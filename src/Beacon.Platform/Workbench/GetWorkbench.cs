using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Beacon.Platform.Workbench;

/// <summary>The items of one kind, in the order the viewer should take them (most urgent, then soonest due, then newest).</summary>
public sealed record WorkItemGroup(string Kind, string Title, int Priority, IReadOnlyList<WorkItem> Items);

/// <summary>What awaits the caller, groups in the order that suits its roles; <see cref="Incomplete"/> when a module could not answer.</summary>
public sealed record WorkbenchView(IReadOnlyList<WorkItemGroup> Groups, bool Incomplete);

/// <summary>
/// Asks every module's <see cref="IWorkItemSource"/> what awaits the caller (its actor and data scope) and groups the
/// answers: groups by priority for the caller (a leader's 待批示 first, a duty officer's 待签收 first), items by
/// urgency, deadline and age. A source that fails is logged and left out, and the view says it is incomplete.
/// </summary>
public sealed class WorkbenchHandler(IEnumerable<IWorkItemSource> sources, ScopeService scopes, ILogger<WorkbenchHandler> log)
{
    public async Task<WorkbenchViewer> ViewerAsync(CancellationToken ct) => new(scopes.Actor, await scopes.GetAsync(ct));

    public async Task<WorkbenchView> HandleAsync(CancellationToken ct)
    {
        var viewer = await ViewerAsync(ct);
        var items = new List<WorkItem>();
        var incomplete = false;
        foreach (var source in sources)
        {
            try
            {
                items.AddRange(await source.GetAsync(viewer, ct));
            }
#pragma warning disable CA1031 // One module's failure must not hide the others' items; the view says some are missing.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                incomplete = true;
                log.LogWarning(e, "Workbench source {Source} failed", source.GetType().Name);
            }
        }

        var groups = items.GroupBy(i => i.Kind)
            .Select(g => new WorkItemGroup(g.Key, g.First().KindTitle, g.Min(i => i.Priority),
                [.. g.OrderByDescending(i => i.Urgency).ThenBy(i => i.DueAt ?? DateTimeOffset.MaxValue).ThenByDescending(i => i.At)]))
            .OrderBy(g => g.Priority).ThenBy(g => g.Kind, StringComparer.Ordinal)
            .ToList();
        return new WorkbenchView(groups, incomplete);
    }
}

internal static class WorkbenchEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/workbench", async (WorkbenchHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithName("Workbench").WithTags("Workbench")
            .WithSummary("What awaits the caller (工作台待办): reports to sign for, instructions to give or carry out, warnings to review or sign off …, grouped in the order that suits the caller's roles");
}
