using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Incidents.GetIncident;

public sealed record IncidentSummary(
    Guid Id, string Number, string Title, string EventTypeCode, string EventTypeName, Severity Severity, bool IsSensitive,
    DateTimeOffset OccurredAt, DateTimeOffset LearnedAt, string LocationCode, string LocationName, IncidentStatus Status,
    Casualties Casualties, int ReportCount, string OriginUnitName, int Version);

public sealed record ReportView(
    Guid Id, string Title, ReportKind Kind, int Sequence, DateTimeOffset SubmittedAt, string SubmittedBy, string UnitName,
    Severity Severity, bool IsSensitive, Casualties Casualties, string Narrative, string? Measures, string? NextSteps, string Signer, string? Phone);

public sealed record PhoneReportView(Guid Id, string FromUnit, string ToUnit, string Caller, string Callee, DateTimeOffset CalledAt, string Summary);

public sealed record IncidentDetail(
    IncidentSummary Incident, string? Address, double? Latitude, double? Longitude, string? TownshipCode, InformationSource Source,
    IReadOnlyList<ReportView> Reports, IReadOnlyList<PhoneReportView> PhoneReports, IReadOnlyList<ObligationView> Obligations,
    IReadOnlyList<Escalation.SignForReceipt.SubmissionView> Chain);

/// <summary>Reads incidents in the caller's scope: the register (台账) and one incident with its report chain and clocks.</summary>
public sealed class GetIncidentHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<IncidentsOptions> options)
{
    public async Task<IncidentDetail?> FindAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var summary = await Summaries(db, Incidents(db, scope).Where(i => i.Id == id)).SingleOrDefaultAsync(ct);
        if (summary is null)
        {
            return null;
        }

        var incident = await db.Set<Incident>().AsNoTracking().SingleAsync(i => i.Id == id, ct);
        var units = db.Units.AsNoTracking();
        var reports = await db.Set<IncidentReport>().AsNoTracking().Where(r => r.IncidentId == id).OrderBy(r => r.Sequence).ToListAsync(ct);
        var unitNames = await units.Where(u => reports.Select(r => r.UnitId).Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var phones = await db.Set<PhoneReport>().AsNoTracking().Where(p => p.IncidentId == id).OrderBy(p => p.CalledAt)
            .Select(p => new PhoneReportView(p.Id, units.Where(u => u.Id == p.FromUnitId).Select(u => u.Name).First(),
                units.Where(u => u.Id == p.ToUnitId).Select(u => u.Name).First(), p.Caller, p.Callee, p.CalledAt, p.Summary))
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var obligations = (await db.Set<ReportingObligation>().AsNoTracking().Where(o => o.IncidentId == id).ToListAsync(ct))
            .OrderBy(o => o.DueAt).Select(o => ObligationView.Of(o, now, options.Value.DueSoon)).ToList();
        return new IncidentDetail(summary, incident.Address, incident.Latitude, incident.Longitude, incident.TownshipCode, incident.Source,
            reports.Select(r => new ReportView(r.Id, r.Title, r.Kind, r.Sequence, r.SubmittedAt, r.SubmittedBy, unitNames.GetValueOrDefault(r.UnitId, ""),
                r.Severity, r.IsSensitive, r.Casualties, r.Narrative, r.Measures, r.NextSteps, r.Signer, r.Phone)).ToList(),
            phones, obligations, await Escalation.SignForReceipt.EscalationHandler.ChainAsync(db, id, ct));
    }

    public async Task<List<IncidentSummary>> ListAsync(IncidentStatus? status, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = Incidents(db, scope);
        if (status is not null)
        {
            query = query.Where(i => i.Status == status);
        }

        if (from is { } f)
        {
            var fu = f.ToUniversalTime();
            query = query.Where(i => i.LearnedAt >= fu);
        }

        if (to is { } t)
        {
            var tu = t.ToUniversalTime();
            query = query.Where(i => i.LearnedAt < tu);
        }

        return await Summaries(db, query.OrderByDescending(i => i.LearnedAt).Take(1000)).ToListAsync(ct);
    }

    private static IQueryable<Incident> Incidents(BeaconDb db, DataScope scope) =>
        db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId);

    private static IQueryable<IncidentSummary> Summaries(BeaconDb db, IQueryable<Incident> incidents) =>
        incidents
            .Select(i => new IncidentSummary(
                i.Id, i.Number, i.Title, i.EventTypeCode,
                db.Set<Classification.EventType>().Where(t => t.Code == i.EventTypeCode).Select(t => t.Name).First(),
                i.Severity, i.IsSensitive, i.OccurredAt, i.LearnedAt,
                db.Jurisdictions.Where(j => j.Id == i.LocationJurisdictionId).Select(j => j.Code).First(),
                db.Jurisdictions.Where(j => j.Id == i.LocationJurisdictionId).Select(j => j.Name).First(),
                i.Status, i.Casualties, i.ReportCount,
                db.Units.Where(u => u.Id == i.OriginUnitId).Select(u => u.Name).First(),
                i.Version));
}

internal static class GetIncidentEndpoint
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/incidents", async (GetIncidentHandler handler, IncidentStatus? status, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
                TypedResults.Ok(await handler.ListAsync(status, from, to, ct)))
            .WithName("ListIncidents").WithTags("Incidents")
            .WithSummary("The incident register (突发事件台账) of the caller's scope, newest first");

        api.MapGet("/incidents/{id:guid}", async Task<IResult> (GetIncidentHandler handler, HttpContext http, Guid id, CancellationToken ct) =>
            {
                var detail = await handler.FindAsync(id, ct);
                if (detail is null)
                {
                    return ApiResults.NotFound("Incident");
                }

                ApiResults.SetETag(http, detail.Incident.Version);
                return TypedResults.Ok(detail);
            })
            .Produces<IncidentDetail>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("GetIncident").WithTags("Incidents")
            .WithSummary("One incident with its report chain, phone reports and reporting clocks");
    }
}
