using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Incidents.DutyBoard;

/// <summary>
/// The duty board's live feed (值班台实时推送) at <c>/hubs/duty-board</c>, for wall displays and integrations that
/// are not a Blazor circuit. Requires a signed-in account or API token of a unit (the token may come as the
/// <c>access_token</c> query parameter on this path only). Clients receive <see cref="EventMethod"/> with an
/// <see cref="IncidentEvent"/>; they call nothing.
/// </summary>
/// <remarks>
/// Scope is decided on the server when the connection opens, by the same rule as the Blazor board: a connection
/// joins the group of every jurisdiction in its data scope (its own and everything below; the region's units
/// join one group for everything) and the group of its own unit (for reports addressed to its duty room).
/// Delivery is best effort, at most once per group, in publication order per node: a board that is addressed
/// and in scope receives the event twice and should deduplicate by (<see cref="IncidentEvent.IncidentId"/>,
/// <see cref="IncidentEvent.Kind"/>, <see cref="IncidentEvent.At"/>); a board reloads on reconnect, so a missed
/// event is never a lost report. A jurisdiction added after the connection opened is seen after a reconnect.
/// </remarks>
[Authorize]
internal sealed class DutyBoardHub(JurisdictionTree tree) : Hub
{
    public const string Path = "/hubs/duty-board";

    /// <summary>The client method every event is sent to.</summary>
    public const string EventMethod = "incident";

    internal const string EverythingGroup = "scope:*";

    internal static string ScopeGroup(Guid jurisdictionId) => "scope:" + jurisdictionId.ToString("N");

    internal static string UnitGroup(Guid unitId) => "unit:" + unitId.ToString("N");

    public override async Task OnConnectedAsync()
    {
        var actor = Actor.FromPrincipal(Context.User ?? new(), null);
        if (actor.UnitId is not { } unit || actor.JurisdictionId is not { } jurisdiction)
        {
            // An account without a unit has no board: nothing it could see.
            Context.Abort();
            return;
        }

        var scope = (await tree.GetAsync(Context.ConnectionAborted)).ScopeOf(jurisdiction);
        IEnumerable<string> groups = scope.IsEverything ? [EverythingGroup] : scope.JurisdictionIds.Select(ScopeGroup);
        foreach (var group in groups.Append(UnitGroup(unit)))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        }

        await base.OnConnectedAsync();
    }
}

/// <summary>
/// Forwards every <see cref="IncidentEvent"/> raised on this node to the hub groups that may see it: everything,
/// the origin jurisdiction's group and the addressed duty rooms; an alert only to the duty rooms alerted. The send is not awaited by the publisher, so a
/// slow board never delays the report that raised the event.
/// </summary>
internal sealed partial class DutyBoardBroadcaster(IncidentEvents events, IHubContext<DutyBoardHub> hub, ILogger<DutyBoardBroadcaster> log)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.Raised += OnRaised;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.Raised -= OnRaised;
        return Task.CompletedTask;
    }

    private void OnRaised(IncidentEvent e)
    {
        // An alert goes to the duty rooms alerted and no one else (decision 0040); everything else to the boards that may see it.
        var groups = e.IsAlert ? new List<string>(e.ToUnitIds.Count) : [DutyBoardHub.EverythingGroup, DutyBoardHub.ScopeGroup(e.OriginJurisdictionId)];
        groups.AddRange(e.ToUnitIds.Select(DutyBoardHub.UnitGroup));
        if (groups.Count == 0)
        {
            return;
        }

        _ = SendAsync(groups, e);
    }

    private async Task SendAsync(List<string> groups, IncidentEvent e)
    {
        try
        {
            await hub.Clients.Groups(groups).SendAsync(DutyBoardHub.EventMethod, e);
        }
#pragma warning disable CA1031 // A failed push must not surface in the request that raised it; boards reload anyway.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSendFailed(log, ex, e.IncidentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Duty board push of incident {IncidentId} failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid incidentId);
}
