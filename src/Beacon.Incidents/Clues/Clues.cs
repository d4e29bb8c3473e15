using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Clues;

/// <summary>How widely a clue is being discussed (热度).</summary>
public enum ClueHeat
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>
/// A sensitive-information or public-opinion clue (舆情线索): captured with its source, link and excerpt, followed
/// closely and judged (研判), and linked to the incident or verification request it led to.
/// </summary>
public sealed class Clue
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UnitId { get; set; }

    public Guid JurisdictionId { get; set; }

    public string Source { get; set; } = "";

    public string? Link { get; set; }

    public string Excerpt { get; set; } = "";

    public ClueHeat Heat { get; set; }

    /// <summary>Judgement notes (研判意见), appended over time.</summary>
    public string? Judgement { get; set; }

    public Guid? IncidentId { get; set; }

    public Guid? VerificationRequestId { get; set; }

    public DateTimeOffset CapturedAt { get; set; }

    public string CapturedBy { get; set; } = "";

    public int Version { get; set; } = 1;
}

public sealed record CaptureClueRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string Source,
    [property: StringLength(1000), Url] string? Link,
    [property: Required, StringLength(4000, MinimumLength = 2)] string Excerpt,
    [property: Required, EnumDataType(typeof(ClueHeat))] ClueHeat? Heat,
    [property: StringLength(4000)] string? Judgement,
    Guid? IncidentId,
    Guid? VerificationRequestId);

public sealed record JudgeClueRequest(
    [property: Required, StringLength(4000, MinimumLength = 2)] string Judgement,
    [property: EnumDataType(typeof(ClueHeat))] ClueHeat? Heat,
    Guid? IncidentId,
    Guid? VerificationRequestId);

public sealed record ClueView(
    Guid Id, string Unit, string Source, string? Link, string Excerpt, ClueHeat Heat, string? Judgement, Guid? IncidentId,
    Guid? VerificationRequestId, DateTimeOffset CapturedAt, string CapturedBy, int Version);

/// <summary>Captures, lists and judges clues in the caller's scope.</summary>
public sealed class CluesHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, Platform.Time.BeijingTime beijing, People people)
{
    public async Task<IResult> CaptureAsync(CaptureClueRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.CaptureClue, ct: ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unit || actor.JurisdictionId is not { } jurisdiction)
        {
            return ApiResults.Forbidden(IncidentErrors.ClueNoUnit, "Only a unit can capture clues.");
        }

        await using var db = dbs.CreateDbContext();
        if (await CheckLinksAsync(db, r.IncidentId, r.VerificationRequestId, ct) is { } invalid)
        {
            return invalid;
        }

        var clue = new Clue
        {
            UnitId = unit,
            JurisdictionId = jurisdiction,
            Source = r.Source.Trim(),
            Link = r.Link?.Trim(),
            Excerpt = r.Excerpt.Trim(),
            Heat = r.Heat!.Value,
            Judgement = r.Judgement?.Trim(),
            IncidentId = r.IncidentId,
            VerificationRequestId = r.VerificationRequestId,
            CapturedAt = clock.GetUtcNow(),
            CapturedBy = actor.UserName,
        };
        db.Add(clue);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/clues/{clue.Id}", (await ListAsync(db, q => q.Where(c => c.Id == clue.Id), ct)).Single());
    }

    /// <summary>Adds a judgement (研判) to the clue's notes, with who and when; may raise its heat or link it.</summary>
    public async Task<IResult> JudgeAsync(Guid id, JudgeClueRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.JudgeClue, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var clue = await db.Set<Clue>().InScope(scope, c => c.JurisdictionId).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (clue is null)
        {
            return ApiResults.NotFound(IncidentErrors.ClueNotFound, "Clue");
        }

        if (await CheckLinksAsync(db, r.IncidentId, r.VerificationRequestId, ct) is { } invalid)
        {
            return invalid;
        }

        // The stamp is read by people: the judge's name and unit, not the login.
        var stamp = $"【{(await people.ResolveAsync(scopes.Actor.UserName, ct)).Label} {beijing.Format(clock.GetUtcNow())}】";
        clue.Judgement = string.IsNullOrEmpty(clue.Judgement) ? stamp + r.Judgement.Trim() : clue.Judgement + "\n" + stamp + r.Judgement.Trim();
        clue.Heat = r.Heat ?? clue.Heat;
        clue.IncidentId = r.IncidentId ?? clue.IncidentId;
        clue.VerificationRequestId = r.VerificationRequestId ?? clue.VerificationRequestId;
        clue.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await ListAsync(db, q => q.Where(c => c.Id == id), ct)).Single());
    }

    /// <summary>One page of the clues in scope, newest first, then by id.</summary>
    public async Task<Paged<ClueView>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var total = await db.Set<Clue>().InScope(scope, c => c.JurisdictionId).CountAsync(ct);
        var items = total <= page.Skip ? [] : await ListAsync(db, q => q.InScope(scope, c => c.JurisdictionId).Skip(page.Skip).Take(page.PageSize), ct);
        return new Paged<ClueView>(items, total, page.Page, page.PageSize);
    }

    /// <summary>One clue in scope; null when there is none.</summary>
    public async Task<ClueView?> GetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        return (await ListAsync(db, q => q.InScope(scope, c => c.JurisdictionId).Where(c => c.Id == id), ct)).SingleOrDefault();
    }

    private async Task<IResult?> CheckLinksAsync(BeaconDb db, Guid? incidentId, Guid? verificationId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (incidentId is { } i && !await db.Set<Incidents.Incident>().InScope(scope, x => x.OriginJurisdictionId).AnyAsync(x => x.Id == i, ct))
        {
            return ApiResults.Invalid("incidentId", IncidentErrors.ClueIncidentNotInScope, "is not an incident in your scope");
        }

        if (verificationId is { } v && !await db.Set<Verification.VerificationRequest>().InScope(scope, x => x.ToJurisdictionId).AnyAsync(x => x.Id == v, ct))
        {
            return ApiResults.Invalid("verificationRequestId", IncidentErrors.ClueVerificationNotInScope, "is not a verification request in your scope");
        }

        return null;
    }

    private static Task<List<ClueView>> ListAsync(BeaconDb db, Func<IQueryable<Clue>, IQueryable<Clue>> filter, CancellationToken ct) =>
        filter(db.Set<Clue>().AsNoTracking().OrderByDescending(c => c.CapturedAt).ThenByDescending(c => c.Id))
            .Select(c => new ClueView(c.Id, db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Name).First(), c.Source, c.Link, c.Excerpt, c.Heat,
                c.Judgement, c.IncidentId, c.VerificationRequestId, c.CapturedAt, c.CapturedBy, c.Version))
            .ToListAsync(ct);
}

internal static class CluesEndpoints
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder reporters)
    {
        api.MapGet("/clues", (CluesHandler h, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(p, ct)))
            .WithName("ListClues").WithTags("Clues").WithSummary("Sensitive-information clues (舆情线索) in scope, newest first, then id; paged");
        reporters.MapPost("/clues", (CluesHandler h, CaptureClueRequest r, CancellationToken ct) => h.CaptureAsync(r, ct))
            .RequirePermission(IncidentPermissions.CaptureClue)
            .WithName("CaptureClue").WithTags("Clues").Produces<ClueView>(StatusCodes.Status201Created);
        reporters.MapPost("/clues/{id:guid}/judgements", (CluesHandler h, Guid id, JudgeClueRequest r, CancellationToken ct) => h.JudgeAsync(id, r, ct))
            .RequirePermission(IncidentPermissions.JudgeClue)
            .WithName("JudgeClue").WithTags("Clues").Produces<ClueView>().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("Adds a judgement (研判) to a clue; may raise its heat or link it to an incident");
    }
}
