using Beacon.Incidents.Incidents;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beacon.Incidents.Reporting.DutyRoomsAbove;

/// <summary>
/// The duty rooms above the caller's unit (上级值班室), nearest first: the units a phone report may go to. Units
/// outside the caller's scope by design (<c>/units</c> lists only its own level and below), so this answers only
/// the caller's own chain: name, jurisdiction, level and duty phone, nothing else.
/// </summary>
internal static class DutyRoomsAboveEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/duty-rooms/above", async (IncidentLookups lookups, ScopeService scopes, CancellationToken ct) =>
                TypedResults.Ok(await lookups.DutyRoomsAboveDetailedAsync(scopes.Actor.JurisdictionId, ct)))
            .WithName("DutyRoomsAbove").WithTags("Duty")
            .Produces<List<DutyRoomAbove>>()
            .WithSummary("The duty rooms above the caller's unit (上级值班室), nearest first: whom a phone report goes to; complete and unpaged (a chain of at most three)");
}
