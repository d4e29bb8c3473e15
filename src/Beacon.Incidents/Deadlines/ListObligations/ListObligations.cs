using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
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
    /// <summary>Every matching obligation (the duty board): never truncated.</summary>
    public async Task<List<BoardObligation>> HandleAsync(bool includeMet, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var now = clock.GetUtcNow();
        return [.. (await Rows(db, scope, includeMet).ToListAsync(ct)).Select(r => r.View(now, options.Value.DueSoon))];
    }

    /// <summary>One page, soonest due first, then by id.</summary>
    public async Task<Paged<BoardObligation>> PageAsync(bool includeMet, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var now = clock.GetUtcNow();
        return (await Rows(db, scope, includeMet).ToPagedAsync(page, ct)).Select(r => r.View(now, options.Value.DueSoon));
    }

    private static IQueryable<Row> Rows(BeaconDb db, DataScope scope, bool includeMet)
    {
        var query = db.Set<ReportingObligation>().AsNoTracking().InScope(scope, o => o.JurisdictionId).Where(o => o.CancelledAt == null);
        if (!includeMet)
        {
            query = query.Where(o => o.MetAt == null);
        }

        return query.OrderBy(o => o.DueAt).ThenBy(o => o.Id)
            .Select(o => new Row(
                o,
                db.Set<Incident>().Where(i => i.Id == o.IncidentId).Select(i => i.Number).First(),
                db.Set<Incident>().Where(i => i.Id == o.IncidentId).Select(i => i.Title).First(),
                db.Units.Where(u => u.Id == o.UnitId).Select(u => u.Name).First()));
    }

    private sealed record Row(ReportingObligation Obligation, string Number, string Title, string Unit)
    {
        public BoardObligation View(DateTimeOffset now, TimeSpan dueSoon) => new(ObligationView.Of(Obligation, now, dueSoon), Number, Title, Unit);
    }
}

internal static class ListObligationsEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/obligations", (ListObligationsHandler handler, HttpContext http, bool? includeMet, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => handler.PageAsync(includeMet ?? false, p, ct)))
            .WithName("ListObligations").WithTags("Incidents")
            .WithSummary("Reporting obligations (报告时限) in scope with their status now: on time, due soon, overdue, met, met late; soonest due first, then id; paged");
}
