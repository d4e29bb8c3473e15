using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Deadlines.ListObligations;

public sealed record BoardObligation(ObligationView Obligation, string IncidentNumber, string IncidentTitle, string UnitName);

/// <summary>Open reporting obligations in scope, soonest first: what the duty board shows as due soon and overdue.</summary>
public sealed class ListObligationsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<IncidentsOptions> options)
{
    public async Task<List<BoardObligation>> HandleAsync(bool includeMet, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Set<ReportingObligation>().AsNoTracking().InScope(scope, o => o.JurisdictionId).Where(o => o.CancelledAt == null);
        if (!includeMet)
        {
            query = query.Where(o => o.MetAt == null);
        }

        var rows = await query.OrderBy(o => o.DueAt).Take(500)
            .Select(o => new
            {
                Obligation = o,
                Incident = db.Set<Incident>().Where(i => i.Id == o.IncidentId).Select(i => new { i.Number, i.Title }).First(),
                Unit = db.Units.Where(u => u.Id == o.UnitId).Select(u => u.Name).First(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => new BoardObligation(ObligationView.Of(r.Obligation, now, options.Value.DueSoon), r.Incident.Number, r.Incident.Title, r.Unit)).ToList();
    }
}

internal static class ListObligationsEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/obligations", async (ListObligationsHandler handler, bool? includeMet, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(includeMet ?? false, ct)))
            .WithName("ListObligations").WithTags("Incidents")
            .WithSummary("Reporting obligations (报告时限) in scope with their status now: on time, due soon, overdue, met, met late");
}
