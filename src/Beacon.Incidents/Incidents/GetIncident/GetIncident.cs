using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents.Register;
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

    /// <summary>The nearest deadline of a reporting obligation of the caller's scope still owed (报告时限), null when nothing is owed.</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>A reporting obligation of the caller's scope is unmet past its deadline (超时).</summary>
    public bool IsOverdue { get; init; }

    /// <summary>WGS-84 latitude, when the report gave the place (the register's map view).</summary>
    public double? Latitude { get; init; }

    /// <summary>WGS-84 longitude.</summary>
    public double? Longitude { get; init; }
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
        var summary = await Summaries(db, scope, Incidents(db, scope).Where(i => i.Id == id), clock.GetUtcNow()).SingleOrDefaultAsync(ct);
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
    public Task<Paged<IncidentSummary>> ListAsync(IncidentStatus? status, DateTimeOffset? from, DateTimeOffset? to, PageRequest page, DrillFilter drills, CancellationToken ct) =>
        ListAsync(RegisterCriteria.All(drills) with { Status = status, From = from?.ToUniversalTime(), To = to?.ToUniversalTime() }, page, ct);

    /// <summary>One page of the register as filtered and sorted (<see cref="RegisterFilters"/> checks the query first), with the total.</summary>
    public async Task<Paged<IncidentSummary>> ListAsync(RegisterCriteria criteria, PageRequest page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var scope = await scopes.GetAsync(ct);
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        var matching = Filtered(db, scope, Incidents(db, scope), criteria, now);
        var total = await matching.CountAsync(ct);
        var items = total <= page.Skip ? [] : await Summaries(db, scope, Ordered(db, scope, matching, criteria.Sort).Skip(page.Skip).Take(page.PageSize), now).ToListAsync(ct);
        return new Paged<IncidentSummary>(items, total, page.Page, page.PageSize);
    }

    /// <summary>Every matching incident in register order, for exports and the duty board: never a page, never truncated.</summary>
    public Task<List<IncidentSummary>> ListAllAsync(IncidentStatus? status, DateTimeOffset? from, DateTimeOffset? to, DrillFilter drills, CancellationToken ct) =>
        ListAllAsync(RegisterCriteria.All(drills) with { Status = status, From = from?.ToUniversalTime(), To = to?.ToUniversalTime() }, ct);

    /// <summary>Every incident the criteria match, in the register's order: what the Excel export holds, all pages.</summary>
    public async Task<List<IncidentSummary>> ListAllAsync(RegisterCriteria criteria, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var scope = await scopes.GetAsync(ct);
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        return await Summaries(db, scope, Ordered(db, scope, Filtered(db, scope, Incidents(db, scope), criteria, now), criteria.Sort), now).ToListAsync(ct);
    }

    private static IQueryable<Incident> Filtered(BeaconDb db, DataScope scope, IQueryable<Incident> query, RegisterCriteria c, DateTimeOffset now)
    {
        query = c.Drills switch
        {
            DrillFilter.Only => query.Where(i => i.IsDrill),
            DrillFilter.Include => query,
            _ => query.Where(i => !i.IsDrill),
        };

        if (c.Status is { } status)
        {
            query = query.Where(i => i.Status == status);
        }

        if (c.Level is { } level)
        {
            query = query.Where(i => i.Severity == level);
        }

        if (c.EventTypePrefix is { } type)
        {
            query = query.Where(i => i.EventTypeCode.StartsWith(type));
        }

        if (c.LocationIds is { } locations)
        {
            query = query.Where(i => locations.Contains(i.LocationJurisdictionId));
        }

        if (c.From is { } fu)
        {
            query = query.Where(i => i.LearnedAt >= fu);
        }

        if (c.To is { } tu)
        {
            query = query.Where(i => i.LearnedAt < tu);
        }

        if (c.Overdue)
        {
            var overdue = Unmet(db, scope).Where(o => o.DueAt < now);
            query = query.Where(i => overdue.Any(o => o.IncidentId == i.Id));
        }

        if (c.Q is { } q)
        {
            // A plain substring (instr on SQLite, strpos on PostgreSQL: the same answer on both, wildcards taken literally). A
            // register of a few thousand incidents and their reports is scanned in milliseconds (decision 0033); each incident's
            // reports are reached by their (incident, sequence) index.
            var word = q;
            var places = c.PlaceMatches ?? [];
            var reports = db.Set<Reporting.IncidentReport>();
            query = query.Where(i =>
                i.Number.Contains(word) || i.Title.Contains(word) || (i.Address != null && i.Address.Contains(word))
                || places.Contains(i.LocationJurisdictionId)
                || reports.Any(r => r.IncidentId == i.Id
                    && (r.Narrative.Contains(word) || (r.Measures != null && r.Measures.Contains(word)) || (r.NextSteps != null && r.NextSteps.Contains(word)))));
        }

        return query;
    }

    /// <summary>Reporting obligations of the caller's scope still owed: not met, not cancelled.</summary>
    private static IQueryable<ReportingObligation> Unmet(BeaconDb db, DataScope scope) =>
        db.Set<ReportingObligation>().InScope(scope, o => o.JurisdictionId).Where(o => o.MetAt == null && o.CancelledAt == null);

    private static IQueryable<Incident> Ordered(BeaconDb db, DataScope scope, IQueryable<Incident> query, RegisterSort sort = RegisterSort.Newest)
    {
        var unmet = Unmet(db, scope);
        return sort switch
        {
            RegisterSort.Oldest => query.OrderBy(i => i.LearnedAt).ThenBy(i => i.Id),
            RegisterSort.Level => query.OrderBy(i => i.Severity == Severity.NotAssessed ? 9 : (int)i.Severity).ThenByDescending(i => i.LearnedAt).ThenByDescending(i => i.Id),
            RegisterSort.Deadline => query
                .OrderBy(i => unmet.Where(o => o.IncidentId == i.Id).Min(o => (DateTimeOffset?)o.DueAt) == null ? 1 : 0)
                .ThenBy(i => unmet.Where(o => o.IncidentId == i.Id).Min(o => (DateTimeOffset?)o.DueAt))
                .ThenByDescending(i => i.LearnedAt).ThenByDescending(i => i.Id),
            _ => query.OrderByDescending(i => i.LearnedAt).ThenByDescending(i => i.Id),
        };
    }

    private static IQueryable<Incident> Incidents(BeaconDb db, DataScope scope) =>
        db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId);

    private static IQueryable<IncidentSummary> Summaries(BeaconDb db, DataScope scope, IQueryable<Incident> incidents, DateTimeOffset now)
    {
        var unmet = Unmet(db, scope);
        return incidents
            .Select(i => new IncidentSummary(
                i.Id, i.Number, i.Title, i.EventTypeCode,
                db.Set<Classification.EventType>().Where(t => t.Code == i.EventTypeCode).Select(t => t.Name).First(),
                i.Severity, i.IsSensitive, i.OccurredAt, i.LearnedAt,
                db.Jurisdictions.Where(j => j.Id == i.LocationJurisdictionId).Select(j => j.Code).First(),
                db.Jurisdictions.Where(j => j.Id == i.LocationJurisdictionId).Select(j => j.Name).First(),
                i.Status, i.Casualties, i.ReportCount,
                db.Units.Where(u => u.Id == i.OriginUnitId).Select(u => u.Name).First(),
                i.Version)
            {
                IsDrill = i.IsDrill,
                NextDueAt = unmet.Where(o => o.IncidentId == i.Id).Min(o => (DateTimeOffset?)o.DueAt),
                IsOverdue = unmet.Any(o => o.IncidentId == i.Id && o.DueAt < now),
                Latitude = i.Latitude,
                Longitude = i.Longitude,
            });
    }
}

internal static class GetIncidentEndpoint
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/incidents", async Task<IResult> (GetIncidentHandler handler, RegisterFilters filters, HttpContext http, [AsParameters] RegisterQuery query,
                int? page, int? pageSize, CancellationToken ct) =>
            {
                if (Paging.Check(page, pageSize, out _) is { } badPage)
                {
                    return badPage;
                }

                var (criteria, problem) = await filters.ResolveAsync(query, ct);
                if (problem is not null)
                {
                    return problem;
                }

                return await Paging.AnswerAsync(http, page, pageSize, p => handler.ListAsync(criteria!, p, ct));
            })
            .Produces<Paged<IncidentSummary>>().ProducesProblems(StatusCodes.Status400BadRequest)
            .WithName("ListIncidents").WithTags("Incidents")
            .WithSummary("The incident register (突发事件台账) of the caller's scope; paged with the total. Filters: q (number, title, place, text of any report), eventType (a category takes in its sub-types), level, status, jurisdiction (the place's division and below, within the caller's scope; otherwise 400), from/to (time learned of), overdue (a reporting obligation unmet past its deadline); sort Newest (default), Oldest, Level, Deadline. Real incidents only, unless drills=Only (演练) or Include");

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
