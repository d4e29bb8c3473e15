using Beacon.Incidents.Incidents;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beacon.Incidents.DutyBoard;

internal static class DutyCountersEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/duty/counters", async (IncidentLookups lookups, BeijingTime beijing, DateTimeOffset? since, CancellationToken ct) =>
                TypedResults.Ok(await lookups.CountersAsync(since ?? beijing.ToUtc(beijing.Now.Date), ct)))
            .WithName("DutyCounters").WithTags("Duty")
            .WithSummary("The duty room's counters (接报 / 上报 / 在办 / 完结) since a moment (default: today, Beijing time), and its instructions awaiting feedback");
}
