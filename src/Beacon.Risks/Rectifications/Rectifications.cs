using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Workbench;
using Beacon.Risks.Hazards;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Risks.Rectifications;

public sealed record RequireRectificationRequest(
    [property: Required] Guid? HazardId,
    [property: Required, StringLength(200, MinimumLength = 2)] string Title,
    [property: Required, StringLength(50, MinimumLength = 2)] string Owner,
    [property: Required, StringLength(2000, MinimumLength = 2)] string Measures,
    [property: Required] DateTimeOffset? DueAt);

public sealed record CompleteRectificationRequest([property: Required, StringLength(2000, MinimumLength = 2)] string Note);

public sealed record VerifyRectificationRequest(bool Accept, [property: Required, StringLength(2000, MinimumLength = 2)] string Note);

/// <summary>Which rectifications to list.</summary>
public enum RectificationFilter
{
    All = 0,

    /// <summary>Not yet verified.</summary>
    Open = 1,

    /// <summary>Open past its deadline (逾期).</summary>
    Overdue = 2,

    /// <summary>Reported done, awaiting verification by the upper level.</summary>
    AwaitingVerification = 3,
}

public sealed record RectificationView(
    Guid Id, string Title, Guid UnitId, string Unit, string Jurisdiction, Guid? HazardId, string? HazardName, Guid? RoundId, string Owner, string Measures,
    DateTimeOffset DueAt, RectificationStatus Status, bool Overdue, DateTimeOffset? DoneAt, string? DoneNote, DateTimeOffset? VerifiedAt, string? VerifiedByName,
    string? VerificationNote, DateTimeOffset? EscalatedAt, bool IsResponsible, bool CanVerify, string CreatedBy, DateTimeOffset CreatedAt, int Version);

/// <summary>
/// Rectification (整改): the responsible unit carries it out and reports it done; the level above verifies it (验收) or
/// sends it back; past its deadline it shows as overdue to both, and the due-check escalates it once.
/// </summary>
public sealed class RectificationsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, JurisdictionTree tree, People people, WorkbenchSignal workbench)
{
    public async Task<IResult> RequireAsync(RequireRectificationRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.Rectify, r.HazardId, ct);
        var actor = scopes.Actor;
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var hazard = await db.Set<Hazard>().AsTracking().InScope(scope, h => h.JurisdictionId).SingleOrDefaultAsync(h => h.Id == r.HazardId, ct);
        if (hazard is null)
        {
            return ApiResults.NotFound(RisksErrors.HazardNotFound, "Hazard");
        }

        var now = clock.GetUtcNow();
        if (r.DueAt!.Value <= now)
        {
            return ApiResults.Invalid("dueAt", RisksErrors.RectificationDue, "must be in the future");
        }

        var rectification = new Rectification
        {
            Title = r.Title.Trim(),
            UnitId = hazard.UnitId,
            JurisdictionId = hazard.JurisdictionId,
            HazardId = hazard.Id,
            Owner = r.Owner.Trim(),
            Measures = r.Measures.Trim(),
            DueAt = r.DueAt.Value.ToUniversalTime(),
            CreatedBy = actor.UserName,
            CreatedAt = now,
        };
        if (hazard.Status == HazardStatus.Active)
        {
            hazard.Status = HazardStatus.Rectifying;
            hazard.Version++;
        }

        db.Add(rectification);
        await db.SaveChangesAsync(ct);
        workbench.Raise(WorkbenchChange.For(hazard.JurisdictionId));
        return TypedResults.Created($"/api/v1/risks/rectifications/{rectification.Id}", (await ViewsAsync(db, [rectification], ct)).Single());
    }

    public async Task<IResult> CompleteAsync(Guid id, CompleteRectificationRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.Rectify, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rect = await db.Set<Rectification>().AsTracking().InScope(scope, x => x.JurisdictionId).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (rect is null)
        {
            return ApiResults.NotFound(RisksErrors.RectificationNotFound, "Rectification");
        }

        if (rect.JurisdictionId != scopes.Actor.JurisdictionId)
        {
            return ApiResults.Forbidden(RisksErrors.NotResponsible, "Only the responsible unit reports its rectification done.");
        }

        if (rect.Status != RectificationStatus.Open)
        {
            return ApiResults.Conflict(RisksErrors.RectificationState, "The rectification is not open.");
        }

        rect.Status = RectificationStatus.Done;
        rect.DoneAt = clock.GetUtcNow();
        rect.DoneNote = r.Note.Trim();
        rect.Version++;
        await db.SaveChangesAsync(ct);
        workbench.Raise(WorkbenchChange.For([.. Above(await tree.GetAsync(ct), rect.JurisdictionId)]));
        return TypedResults.Ok((await ViewsAsync(db, [rect], ct)).Single());
    }

    public async Task<IResult> VerifyAsync(Guid id, VerifyRectificationRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.VerifyRectification, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rect = await db.Set<Rectification>().AsTracking().InScope(scope, x => x.JurisdictionId).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (rect is null)
        {
            return ApiResults.NotFound(RisksErrors.RectificationNotFound, "Rectification");
        }

        if (rect.JurisdictionId == scopes.Actor.JurisdictionId)
        {
            return ApiResults.Forbidden(RisksErrors.NotUpperLevel, "Only a level above the responsible unit verifies its rectification.");
        }

        if (rect.Status != RectificationStatus.Done)
        {
            return ApiResults.Conflict(RisksErrors.RectificationState, "Only a rectification reported done is verified.");
        }

        var now = clock.GetUtcNow();
        rect.Status = r.Accept ? RectificationStatus.Verified : RectificationStatus.Open;
        rect.VerifiedAt = r.Accept ? now : null;
        rect.VerifiedBy = scopes.Actor.UserName;
        rect.VerificationNote = r.Note.Trim();
        rect.Version++;
        if (r.Accept && rect.HazardId is { } hid
            && !await db.Set<Rectification>().AnyAsync(x => x.HazardId == hid && x.Id != rect.Id && x.Status != RectificationStatus.Verified, ct)
            && await db.Set<Hazard>().AsTracking().SingleOrDefaultAsync(h => h.Id == hid, ct) is { Status: HazardStatus.Rectifying } hazard)
        {
            hazard.Status = HazardStatus.Active;
            hazard.Version++;
        }

        await db.SaveChangesAsync(ct);
        workbench.Raise(WorkbenchChange.For(rect.JurisdictionId));
        return TypedResults.Ok((await ViewsAsync(db, [rect], ct)).Single());
    }

    public async Task<Paged<RectificationView>> ListAsync(RectificationFilter filter, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var now = clock.GetUtcNow();
        var query = db.Set<Rectification>().AsNoTracking().InScope(scope, x => x.JurisdictionId);
        query = filter switch
        {
            RectificationFilter.Open => query.Where(x => x.Status != RectificationStatus.Verified),
            RectificationFilter.Overdue => query.Where(x => x.Status == RectificationStatus.Open && x.DueAt < now),
            RectificationFilter.AwaitingVerification => query.Where(x => x.Status == RectificationStatus.Done),
            _ => query,
        };
        var paged = await query.OrderBy(x => x.DueAt).ThenBy(x => x.Id).ToPagedAsync(page, ct);
        return new Paged<RectificationView>(await ViewsAsync(db, paged.Items, ct), paged.Total, paged.Page, paged.PageSize);
    }

    public async Task<RectificationView?> GetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rect = await db.Set<Rectification>().AsNoTracking().InScope(scope, x => x.JurisdictionId).SingleOrDefaultAsync(x => x.Id == id, ct);
        return rect is null ? null : (await ViewsAsync(db, [rect], ct)).Single();
    }

    internal static IEnumerable<Guid> Above(JurisdictionTree.Snapshot divisions, Guid id)
    {
        for (var node = divisions.Find(id); node is not null; node = node.ParentId is { } p ? divisions.Find(p) : null)
        {
            yield return node.Id;
        }
    }

    private async Task<List<RectificationView>> ViewsAsync(BeaconDb db, IReadOnlyList<Rectification> items, CancellationToken ct)
    {
        var divisions = await tree.GetAsync(ct);
        var unitIds = items.Select(i => i.UnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var hazardIds = items.Where(i => i.HazardId != null).Select(i => i.HazardId!.Value).Distinct().ToList();
        var hazards = await db.Set<Hazard>().AsNoTracking().Where(h => hazardIds.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Name, ct);
        var names = await people.ResolveAsync(items.Select(i => i.VerifiedBy), ct);
        var now = clock.GetUtcNow();
        var own = scopes.Actor.JurisdictionId;
        return [.. items.Select(x => new RectificationView(x.Id, x.Title, x.UnitId, units.GetValueOrDefault(x.UnitId, ""), divisions.Find(x.JurisdictionId)?.Name ?? "",
            x.HazardId, x.HazardId is { } h ? hazards.GetValueOrDefault(h) : null, x.RoundId, x.Owner, x.Measures, x.DueAt, x.Status,
            x.Status == RectificationStatus.Open && x.DueAt < now, x.DoneAt, x.DoneNote, x.VerifiedAt, names[x.VerifiedBy], x.VerificationNote, x.EscalatedAt,
            x.JurisdictionId == own, x.JurisdictionId != own, x.CreatedBy, x.CreatedAt, x.Version))];
    }
}

internal static class RectificationsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/risks/rectifications", (RectificationsHandler h, RequireRectificationRequest r, CancellationToken ct) => h.RequireAsync(r, ct))
            .RequirePermission(RisksPermissions.Rectify)
            .WithName("RequireRectification").WithTags("Risks").Produces<RectificationView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Requires rectification (整改) of a hazard by its unit: owner, measures, deadline; honours Idempotency-Key");
        api.MapGet("/risks/rectifications", (RectificationsHandler h, HttpContext http, RectificationFilter? filter, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(filter ?? RectificationFilter.All, p, ct)))
            .WithName("ListRectifications").WithTags("Risks")
            .WithSummary("Rectifications in the caller's scope, soonest deadline first, then id; filter Open, Overdue or AwaitingVerification; paged");
        api.MapGet("/risks/rectifications/{id:guid}", async (RectificationsHandler h, Guid id, CancellationToken ct) =>
                await h.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : ApiResults.NotFound(RisksErrors.RectificationNotFound, "Rectification"))
            .WithName("GetRectification").WithTags("Risks").Produces<RectificationView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One rectification");
        api.MapPost("/risks/rectifications/{id:guid}/done", (RectificationsHandler h, Guid id, CompleteRectificationRequest r, CancellationToken ct) => h.CompleteAsync(id, r, ct))
            .RequirePermission(RisksPermissions.Rectify)
            .WithName("CompleteRectification").WithTags("Risks").Produces<RectificationView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The responsible unit reports its rectification done; it then awaits verification by the level above");
        api.MapPost("/risks/rectifications/{id:guid}/verification", (RectificationsHandler h, Guid id, VerifyRectificationRequest r, CancellationToken ct) => h.VerifyAsync(id, r, ct))
            .RequirePermission(RisksPermissions.VerifyRectification)
            .WithName("VerifyRectification").WithTags("Risks").Produces<RectificationView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The level above verifies a rectification reported done (验收), or sends it back open");
    }
}
