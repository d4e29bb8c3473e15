using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Beacon.Incidents.Contracts;

/// <summary>The incidents module's side of <see cref="IIncidentQueries"/>: the caller's scope, as on the register.</summary>
internal sealed class IncidentQueries(BeaconDbFactory dbs, ScopeService scopes) : IIncidentQueries
{
    public async Task<IncidentSummary?> FindAsync(Guid id, CancellationToken ct) =>
        (await QueryAsync(q => q.Where(i => i.Id == id), 1, ct)).SingleOrDefault();

    // Lists are what statistics read: drill injects (演练) never appear in them.
    public Task<IReadOnlyList<IncidentSummary>> ListAsync(IncidentQuery query, CancellationToken ct) =>
        QueryAsync(q =>
        {
            if (query.From is { } from)
            {
                q = q.Where(i => i.OccurredAt >= from);
            }

            if (query.To is { } to)
            {
                q = q.Where(i => i.OccurredAt < to);
            }

            q = q.Where(i => !i.IsDrill);
            return query.OpenOnly ? q.Where(i => i.Status == IncidentStatus.Open) : q;
        }, Math.Clamp(query.Take, 1, 1000), ct);

    private async Task<IReadOnlyList<IncidentSummary>> QueryAsync(Func<IQueryable<Incident>, IQueryable<Incident>> filter, int take, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await filter(db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId))
            .OrderByDescending(i => i.OccurredAt).ThenBy(i => i.Id).Take(take).ToListAsync(ct);
        return [.. rows.Select(i => new IncidentSummary(i.Id, i.Number, i.Title, i.EventTypeCode, i.Severity.ToString(), i.IsSensitive,
            i.Status.ToString(), i.OriginJurisdictionId, i.LocationJurisdictionId, i.Latitude, i.Longitude, i.OccurredAt, i.ClosedAt,
            i.Casualties.Deaths, i.Casualties.Injured) { IsDrill = i.IsDrill })];
    }
}

/// <summary>Turns the module's own committed incident events into the integration events of its contract.</summary>
internal sealed class IncidentIntegrationEvents(IncidentEvents events, IntegrationEvents bus) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.Raised += Relay;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.Raised -= Relay;
        return Task.CompletedTask;
    }

    private void Relay(IncidentEvent e)
    {
        // A drill incident (演练) stays inside the incidents module and the drill: nothing another module counts, maps or
        // notifies about may hear of its reports.
        if (e.IsDrill)
        {
            return;
        }

        IntegrationEvent? published = e.Kind switch
        {
            IncidentEventKind.Reported => new IncidentReported(e.IncidentId, e.Number, e.Title, e.OriginJurisdictionId, e.At),
            IncidentEventKind.ReportAdded => new IncidentReportAdded(e.IncidentId, e.Number, false, e.OriginJurisdictionId, e.At),
            _ => null,
        };
        switch (published)
        {
            case IncidentReported r:
                _ = bus.PublishAsync(r);
                break;
            case IncidentReportAdded a:
                _ = bus.PublishAsync(a);
                break;
            default:
                break;
        }
    }
}
