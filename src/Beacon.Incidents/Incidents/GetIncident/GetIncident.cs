using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Accounts;
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
    Casualties Casualties, int ReportCount, string OriginUnitName, int Version)
{
    /// <summary>A drill inject (演练), shown marked; the register lists drills only when asked (<see cref="DrillFilter.Only"/>).</summary>
    public bool IsDrill { get; init; }
}

/// <summary>
/// Which incidents a register read holds: real ones (the default, what every figure and export counts), only drill
/// incidents (演练, the drills' own view, marked), or both (the duty board, where injects are handled like real reports).
/// </summary>
public enum DrillFilter
{
    Exclude = 0,
    Only = 1,
    Include = 2,
}

public sealed record ReportView(
    Guid Id, string Title, ReportKind Kind, int Sequence, DateTimeOffset SubmittedAt, string SubmittedBy, string UnitName,
    Severity Severity, bool IsSensitive, Casualties Casualties, string Narrative, string? Measures, string? NextSteps, string Signer, string? Phone)
{
    /// <summary>Who submitted the report, as people read it: display name（unit）; <see cref="SubmittedBy"/> keeps the login.</summary>
    public string? SubmittedByName { get; init; }

    /// <summary>The level the figures give (建议级别), null when they reach no threshold of the event type.</summary>
    public Severity? ProposedSeverity { get; init; }

    /// <summary>Why: the figure and threshold reached, e.g. <c>Deaths:3:3</c>.</summary>
    public string? ProposedReason { get; init; }

    /// <summary>A final report filed with leaders' instructions open: the filer's reason (确认终报说明).</summary>
    public string? FinalConfirmation { get; init; }
}

public sealed record PhoneReportView(Guid Id, string FromUnit, string ToUnit, string Caller, string Callee, DateTimeOffset CalledAt, string Summary)
{
    /// <summary>A back-dated entry (补录), logged well after the call, with its reason.</summary>
    public bool IsLateEntry { get; init; }

    public string? LateEntryReason { get; init; }

    public DateTimeOffset? LoggedAt { get; init; }
}

public sealed record IncidentDetail(
    IncidentSummary Incident, string? Address, double? Latitude, double? Longitude, string? TownshipCode, InformationSource Source,
    IReadOnlyList<ReportView> Reports, IReadOnlyList<PhoneReportView> PhoneReports, IReadOnlyList<ObligationView> Obligations,
    IReadOnlyList<Escalation.SignForReceipt.SubmissionView> Chain);

/// <summary>Reads incidents in the caller's scope: the register (台账) and one incident with its report chain and clocks.</summary>
public sealed class GetIncidentHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<IncidentsOptions> options, People people)
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
                units.Where(u => u.Id == p.ToUnitId).Select(u => u.Name).First(), p.Caller, p.Callee, p.CalledAt, p.Summary)
            {
                IsLateEntry = p.IsLateEntry,
                LateEntryReason = p.LateEntryReason,
                LoggedAt = p.LoggedAt,
            })
            .ToListAsync(ct);
        var names = await people.ResolveAsync(reports.Select(r => r.SubmittedBy), ct);
        var now = clock.GetUtcNow();
        var obligations = (await db.Set<ReportingObligation>().AsNoTracking().Where(o => o.IncidentId == id).ToListAsync(ct))
            .OrderBy(o => o.DueAt).Select(o => ObligationView.Of(o, now, options.Value.DueSoon)).ToList();
        return new IncidentDetail(summary, incident.Address, incident.Latitude, incident.Longitude, incident.TownshipCode, incident.Source,
            reports.Select(r => new ReportView(r.Id, r.Title, r.Kind, r.Sequence, r.SubmittedAt, r.SubmittedBy, unitNames.GetValueOrDefault(r.UnitId, ""),
                r.Severity, r.IsSensitive, r.Casualties, r.Narrative, r.Measures, r.NextSteps, r.Signer, r.Phone)
            {
                SubmittedByName = names[r.SubmittedBy],
                ProposedSeverity = r.ProposedSeverity,
                ProposedReason = r.ProposedReason,
                FinalConfirmation = r.FinalConfirmation,
            }).ToList(),
            phones, obligations, await Escalation.SignForReceipt.EscalationHandler.ChainAsync(db, id, people, ct));
    }

    /// <summary>One page of the register, newest first (time learned of, then id, so pages never overlap or skip).</summary>
    public async Task<Paged<IncidentSummary>> ListAsync(IncidentStatus? status, DateTimeOffset? from, DateTimeOffset? to, PageRequest page, DrillFilter drills, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var matching = Filtered(Incidents(db, scope), status, from, to, drills);
        var total = await matching.CountAsync(ct);
        var items = total <= page.Skip ? [] : await Summaries(db, Ordered(matching).Skip(page.Skip).Take(page.PageSize)).ToListAsync(ct);
        return new Paged<IncidentSummary>(items, total, page.Page, page.PageSize);
    }

    /// <summary>Every matching incident in register order, for exports and the duty board: never a page, never truncated.</summary>
    public async Task<List<IncidentSummary>> ListAllAsync(IncidentStatus? status, DateTimeOffset? from, DateTimeOffset? to, DrillFilter drills, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        return await Summaries(db, Ordered(Filtered(Incidents(db, scope), status, from, to, drills))).ToListAsync(ct);
    }

    private static IQueryable<Incident> Filtered(IQueryable<Incident> query, IncidentStatus? status, DateTimeOffset? from, DateTimeOffset? to, DrillFilter drills)
    {
        query = drills switch
        {
            DrillFilter.Only => query.Where(i => i.IsDrill),
            DrillFilter.Include => query,
            _ => query.Where(i => !i.IsDrill),
        };

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

        return query;
    }

    private static IQueryable<Incident> Ordered(IQueryable<Incident> query) =>
        query.OrderByDescending(i => i.LearnedAt).ThenByDescending(i => i.Id);

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
                i.Version)
            { IsDrill = i.IsDrill });
}

internal static class GetIncidentEndpoint
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/incidents", (GetIncidentHandler handler, HttpContext http, IncidentStatus? status, DateTimeOffset? from, DateTimeOffset? to,
                DrillFilter? drills, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => handler.ListAsync(status, from, to, p, drills ?? DrillFilter.Exclude, ct)))
            .WithName("ListIncidents").WithTags("Incidents")
            .WithSummary("The incident register (突发事件台账) of the caller's scope, newest first (time learned of, then id); paged. Real incidents only, unless drills=Only (the drill incidents, 演练) or Include");

        api.MapGet("/incidents/{id:guid}", async Task<IResult> (GetIncidentHandler handler, HttpContext http, Guid id, CancellationToken ct) =>
            {
                var detail = await handler.FindAsync(id, ct);
                if (detail is null)
                {
                    return ApiResults.NotFound(IncidentErrors.NotFound, "Incident");
                }

                ApiResults.SetETag(http, detail.Incident.Version);
                return TypedResults.Ok(detail);
            })
            .Produces<IncidentDetail>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("GetIncident").WithTags("Incidents")
            .WithSummary("One incident with its report chain, phone reports and reporting clocks");
    }
}
