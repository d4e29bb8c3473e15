using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Verification.RequestVerification;

public sealed record RequestVerificationRequest(
    [property: Required] Guid? ToUnitId,
    [property: Required, StringLength(4000, MinimumLength = 2)] string Clue,
    [property: StringLength(200)] string? Source,
    [property: Range(1, 10080)] int? DueMinutes,
    Guid? IncidentId);

/// <summary>Links a verification request to an existing incident (关联事件).</summary>
public sealed record LinkVerificationRequest([property: Required] Guid? IncidentId);

public sealed record AnswerVerificationRequest(
    [property: Required, EnumDataType(typeof(VerificationResult))] VerificationResult? Result,
    [property: Required, StringLength(4000, MinimumLength = 2)] string Text);

public sealed record VerificationView(
    Guid Id, string FromUnit, string ToUnit, string Clue, string? Source, DateTimeOffset RequestedAt, string RequestedBy, DateTimeOffset DueAt,
    DateTimeOffset? AnsweredAt, VerificationResult? Result, string? AnswerText, Guid? IncidentId, ObligationStatus Status,
    Guid FromUnitId, Guid ToUnitId, string? AnsweredBy);

/// <summary>
/// Verification requests (核报): an upper level asks a unit below it; the unit answers confirmed, partly confirmed
/// or unfounded, or turns the clue into a first report in one step. Due by the first-report written deadline
/// of the active rules (40 minutes by default) unless the request names its own.
/// </summary>
public sealed class VerificationHandler(
    BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<IncidentsOptions> options, ReportIncidentHandler reports,
    ReportingReferenceData reference, Platform.Workbench.WorkbenchSignal workbench)
{
    public async Task<IResult> RequestAsync(RequestVerificationRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.RequestVerification, ct: ct);
        var actor = scopes.Actor;
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var target = await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == r.ToUnitId && !u.IsRetired, ct);
        if (target is null || actor.UnitId is not { } fromUnit || target.Id == fromUnit)
        {
            return ApiResults.Invalid("toUnitId", IncidentErrors.VerificationUnitNotInScope, "must be another active unit in your scope");
        }

        if (r.IncidentId is { } incidentId && !await IncidentInScopeAsync(db, scope, incidentId, ct))
        {
            return ApiResults.Invalid("incidentId", IncidentErrors.VerificationIncidentNotInScope, "is not an incident in your scope");
        }

        var now = clock.GetUtcNow();
        var minutes = r.DueMinutes ?? (await reference.ActiveRulesAsync(ct)).Min(x => x.WrittenMinutes) ?? 40;
        var request = new VerificationRequest
        {
            FromUnitId = fromUnit,
            ToUnitId = target.Id,
            ToJurisdictionId = target.JurisdictionId,
            Clue = r.Clue.Trim(),
            Source = r.Source?.Trim(),
            RequestedAt = now,
            RequestedBy = actor.UserName,
            DueAt = now.AddMinutes(minutes),
            IncidentId = r.IncidentId,
        };
        db.Add(request);
        await db.SaveChangesAsync(ct);
        workbench.Raise(new Platform.Workbench.WorkbenchChange([request.ToJurisdictionId], [request.ToUnitId]));
        return TypedResults.Created($"/api/v1/verification-requests/{request.Id}", (await ViewsAsync(db, q => q.Where(v => v.Id == request.Id), ct)).Single());
    }

    public async Task<IResult> AnswerAsync(Guid id, AnswerVerificationRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.AnswerVerification, id, ct);
        await using var db = dbs.CreateDbContext();
        var request = await FindForAnswerAsync(db, id, ct);
        if (request is null)
        {
            return ApiResults.NotFound(IncidentErrors.VerificationNotFound, "Verification request");
        }

        if (request.AnsweredAt is not null)
        {
            return ApiResults.Conflict(IncidentErrors.VerificationAnswered, "This verification request has already been answered.");
        }

        request.AnsweredAt = clock.GetUtcNow();
        request.AnsweredBy = scopes.Actor.UserName;
        request.Result = r.Result;
        request.AnswerText = r.Text.Trim();
        await db.SaveChangesAsync(ct);
        workbench.Raise(new Platform.Workbench.WorkbenchChange([request.ToJurisdictionId], [request.ToUnitId]));
        return TypedResults.Ok((await ViewsAsync(db, q => q.Where(v => v.Id == id), ct)).Single());
    }

    /// <summary>
    /// Links the request to an existing incident (关联事件), by the asked unit or the asking unit; the incident must be in
    /// the caller's scope. Linking again replaces the link.
    /// </summary>
    public async Task<IResult> LinkAsync(Guid id, LinkVerificationRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.AnswerVerification, id, ct);
        var scope = await scopes.GetAsync(ct);
        var unit = scopes.Actor.UnitId;
        await using var db = dbs.CreateDbContext();
        var request = await db.Set<VerificationRequest>().SingleOrDefaultAsync(v => v.Id == id && (v.ToUnitId == unit || v.FromUnitId == unit), ct);
        if (request is null)
        {
            return ApiResults.NotFound(IncidentErrors.VerificationNotFound, "Verification request");
        }

        if (!await IncidentInScopeAsync(db, scope, r.IncidentId!.Value, ct))
        {
            return ApiResults.Invalid("incidentId", IncidentErrors.VerificationIncidentNotInScope, "is not an incident in your scope");
        }

        request.IncidentId = r.IncidentId;
        await db.SaveChangesAsync(ct);
        workbench.Raise(new Platform.Workbench.WorkbenchChange([request.ToJurisdictionId], [request.ToUnitId, request.FromUnitId]));
        return TypedResults.Ok((await ViewsAsync(db, q => q.Where(v => v.Id == id), ct)).Single());
    }

    private static Task<bool> IncidentInScopeAsync(BeaconDb db, DataScope scope, Guid incidentId, CancellationToken ct) =>
        db.Set<Incidents.Incident>().InScope(scope, i => i.OriginJurisdictionId).AnyAsync(i => i.Id == incidentId, ct);

    /// <summary>Turns the clue into a first report (核报转首报) and answers the request as confirmed, in one step.</summary>
    public async Task<IResult> ReportAsync(Guid id, ReportIncidentRequest first, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.AnswerVerification, id, ct);
        await using var db = dbs.CreateDbContext();
        var request = await FindForAnswerAsync(db, id, ct);
        if (request is null)
        {
            return ApiResults.NotFound(IncidentErrors.VerificationNotFound, "Verification request");
        }

        if (request.AnsweredAt is not null)
        {
            return ApiResults.Conflict(IncidentErrors.VerificationAnswered, "This verification request has already been answered.");
        }

        // The report and the answer to the request are two saves: the key's answer is kept after the second (409 until then).
        var result = await reports.HandleAsync(first, keepAnswerWithReport: false, ct);
        if (result is not PreparedAnswer { Value: ReportedIncident created })
        {
            return result;
        }

        request.AnsweredAt = clock.GetUtcNow();
        request.AnsweredBy = scopes.Actor.UserName;
        request.Result = VerificationResult.Confirmed;
        request.AnswerText = "已核实属实，转为首报 " + created.Number;
        request.IncidentId = created.Id;
        await db.SaveChangesAsync(ct);
        workbench.Raise(new Platform.Workbench.WorkbenchChange([request.ToJurisdictionId], [request.ToUnitId]));
        return result;
    }

    /// <summary>One page of the requests sent by the caller's unit or to units in its scope, newest first, then by id.</summary>
    public async Task<Paged<VerificationView>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var unit = scopes.Actor.UnitId;
        await using var db = dbs.CreateDbContext();
        var visible = db.Set<VerificationRequest>().InScope(scope, v => v.ToJurisdictionId).Select(v => v.Id);
        var matching = db.Set<VerificationRequest>().AsNoTracking().Where(v => v.FromUnitId == unit || visible.Contains(v.Id));
        var total = await matching.CountAsync(ct);
        var items = total <= page.Skip ? [] : await ViewsAsync(db, q => q.Where(v => v.FromUnitId == unit || visible.Contains(v.Id)).Skip(page.Skip).Take(page.PageSize), ct);
        return new Paged<VerificationView>(items, total, page.Page, page.PageSize);
    }

    /// <summary>One request sent by the caller's unit or to a unit in its scope; null when there is none.</summary>
    public async Task<VerificationView?> GetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var unit = scopes.Actor.UnitId;
        await using var db = dbs.CreateDbContext();
        var visible = db.Set<VerificationRequest>().InScope(scope, v => v.ToJurisdictionId).Select(v => v.Id);
        return (await ViewsAsync(db, q => q.Where(v => v.Id == id && (v.FromUnitId == unit || visible.Contains(v.Id))), ct)).SingleOrDefault();
    }

    private Task<VerificationRequest?> FindForAnswerAsync(BeaconDb db, Guid id, CancellationToken ct)
    {
        // Only the unit that was asked answers.
        var unit = scopes.Actor.UnitId;
        return db.Set<VerificationRequest>().SingleOrDefaultAsync(v => v.Id == id && v.ToUnitId == unit, ct);
    }

    private async Task<List<VerificationView>> ViewsAsync(BeaconDb db, Func<IQueryable<VerificationRequest>, IQueryable<VerificationRequest>> filter, CancellationToken ct)
    {
        var rows = await filter(db.Set<VerificationRequest>().AsNoTracking().OrderByDescending(v => v.RequestedAt).ThenByDescending(v => v.Id))
            .Select(v => new
            {
                Request = v,
                From = db.Units.Where(u => u.Id == v.FromUnitId).Select(u => u.Name).First(),
                To = db.Units.Where(u => u.Id == v.ToUnitId).Select(u => u.Name).First(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(x => new VerificationView(
            x.Request.Id, x.From, x.To, x.Request.Clue, x.Request.Source, x.Request.RequestedAt, x.Request.RequestedBy, x.Request.DueAt,
            x.Request.AnsweredAt, x.Request.Result, x.Request.AnswerText, x.Request.IncidentId, x.Request.StatusAt(now, options.Value.DueSoon),
            x.Request.FromUnitId, x.Request.ToUnitId, x.Request.AnsweredBy)).ToList();
    }
}

internal static class VerificationEndpoints
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder reporters)
    {
        api.MapGet("/verification-requests", (VerificationHandler h, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(p, ct)))
            .WithName("ListVerificationRequests").WithTags("Verification")
            .WithSummary("Verification requests (核报) sent by the caller's unit or to units in its scope, with their status; newest first, then id; paged");
        reporters.MapPost("/verification-requests", (VerificationHandler h, RequestVerificationRequest r, CancellationToken ct) => h.RequestAsync(r, ct))
            .RequirePermission(IncidentPermissions.RequestVerification)
            .WithName("RequestVerification").WithTags("Verification").Produces<VerificationView>(StatusCodes.Status201Created)
            .WithSummary("Asks a unit below to verify a clue (核报); due by the first-report deadline unless dueMinutes is given");
        reporters.MapPost("/verification-requests/{id:guid}/answer", (VerificationHandler h, Guid id, AnswerVerificationRequest r, CancellationToken ct) => h.AnswerAsync(id, r, ct))
            .RequirePermission(IncidentPermissions.AnswerVerification)
            .WithName("AnswerVerification").WithTags("Verification")
            .Produces<VerificationView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        reporters.MapPost("/verification-requests/{id:guid}/link", (VerificationHandler h, Guid id, LinkVerificationRequest r, CancellationToken ct) => h.LinkAsync(id, r, ct))
            .RequirePermission(IncidentPermissions.AnswerVerification)
            .WithName("LinkVerification").WithTags("Verification")
            .Produces<VerificationView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Links a verification request to an existing incident in the caller's scope (关联事件), by the asked or the asking unit");
        reporters.MapPost("/verification-requests/{id:guid}/report", (VerificationHandler h, Guid id, ReportIncidentRequest r, CancellationToken ct) => h.ReportAsync(id, r, ct))
            .RequirePermission(IncidentPermissions.AnswerVerification)
            .WithName("ReportFromVerification").WithTags("Verification")
            .Produces<ReportedIncident>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Turns the clue into a first report and answers the request as confirmed, in one step");
    }
}
