using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Units;
using Beacon.Platform.Workbench;
using Beacon.Risks.Grading;
using Beacon.Risks.Hazards;
using Beacon.Risks.Rectifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Risks.Rounds;

public sealed record OpenRoundRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string Title,
    [property: Required, EnumDataType(typeof(RoundKind))] RoundKind? Kind,
    [property: MaxLength(20)] IReadOnlyList<string>? KindCodes,
    [property: Required, MinLength(1, ErrorMessage = "name at least one jurisdiction"), MaxLength(200)] IReadOnlyList<string>? JurisdictionCodes,
    [property: Required] DateTimeOffset? DueAt,
    DateTimeOffset? RemindAt,
    [property: StringLength(2000)] string? Notes);

public sealed record RectifyRequest(
    [property: Required, StringLength(50, MinimumLength = 2)] string Owner,
    [property: Required, StringLength(2000, MinimumLength = 2)] string Measures,
    [property: Required] DateTimeOffset? DueAt);

public sealed record FindingRequest(
    [property: Required, EnumDataType(typeof(FindingKind))] FindingKind? Kind,
    [property: Required, StringLength(2000, MinimumLength = 2)] string Description,
    Guid? HazardId,
    RectifyRequest? Rectify);

public sealed record ReportRoundRequest(
    bool IsNil,
    [property: Required, StringLength(4000, MinimumLength = 2)] string Summary,
    [property: MaxLength(100)] IReadOnlyList<FindingRequest>? Findings);

/// <summary>Where a unit's return stands: awaiting it before the deadline, on time, late, or missing after the deadline.</summary>
public enum ReturnStatus
{
    Pending = 1,
    OnTime = 2,
    Late = 3,
    Missing = 4,
}

public sealed record FindingView(Guid Id, FindingKind Kind, string Description, Guid? HazardId, Guid? RectificationId);

public sealed record TargetView(
    Guid Id, Guid UnitId, string Unit, string JurisdictionCode, string Jurisdiction, DateTimeOffset DueAt, DateTimeOffset RemindAt,
    DateTimeOffset? RemindedAt, ReturnStatus Status, DateTimeOffset? ReturnedAt, string? ReturnedBy, string? ReturnedByName, bool IsNil,
    string? Summary, IReadOnlyList<FindingView> Findings);

public sealed record RoundView(
    Guid Id, string Title, RoundKind Kind, IReadOnlyList<string> KindCodes, string? Notes, string IssuerUnit, string OpenedBy, string? OpenedByName,
    DateTimeOffset OpenedAt, DateTimeOffset DueAt, DateTimeOffset RemindAt, bool IssuedInScope, int OnTime, int Late, int Missing, int Pending,
    IReadOnlyList<TargetView> Targets);

/// <summary>
/// Investigation rounds (隐患排查): the region or a prefecture opens one for the jurisdictions below it; each unit's
/// return (on time, late, missing) at a glance; the units that have not reported are reminded at the round's
/// reminder time by the due-check (<see cref="RisksDueCheck"/>).
/// </summary>
public sealed class RoundsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, JurisdictionTree tree, DutyRooms dutyRooms,
    People people, IOptions<RisksOptions> options, WorkbenchSignal workbench)
{
    public async Task<IResult> OpenAsync(OpenRoundRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.OpenRound, null, ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } own)
        {
            return ApiResults.Forbidden(RisksErrors.NoUnit, "Only a unit opens rounds.");
        }

        var now = clock.GetUtcNow();
        var due = r.DueAt!.Value.ToUniversalTime();
        var remind = (r.RemindAt ?? due - options.Value.ReminderLead).ToUniversalTime();
        if (due <= now)
        {
            return ApiResults.Invalid("dueAt", RisksErrors.RoundDates, "must be in the future");
        }

        if (remind >= due)
        {
            return ApiResults.Invalid("remindAt", RisksErrors.RoundDates, "must be before the deadline");
        }

        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        var codes = r.JurisdictionCodes!.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var nodes = codes.Select(c => divisions.Nodes.FirstOrDefault(n => n.Code == c && !n.IsRetired)).ToList();
        if (nodes.Any(n => n is null || n.Id == own || !scope.Contains(n.Id)))
        {
            return ApiResults.Invalid("jurisdictionCodes", RisksErrors.RoundTargets, "must be jurisdictions below yours");
        }

        var rooms = await dutyRooms.OfAsync(nodes.Select(n => n!.Id), ct);
        if (rooms.Count != nodes.Count)
        {
            return ApiResults.Invalid("jurisdictionCodes", RisksErrors.RoundTargets, "every jurisdiction named needs a duty room");
        }

        await using var db = dbs.CreateDbContext();
        var kindCodes = (r.KindCodes ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (kindCodes.Count > 0 && await db.Set<HazardKind>().CountAsync(k => kindCodes.Contains(k.Code), ct) != kindCodes.Count)
        {
            return ApiResults.Invalid("kindCodes", RisksErrors.RoundKinds, "must be configured hazard kinds");
        }

        var round = new InvestigationRound
        {
            Title = r.Title.Trim(),
            Kind = r.Kind!.Value,
            KindCodes = kindCodes,
            Notes = r.Notes?.Trim(),
            IssuerUnitId = unitId,
            IssuerJurisdictionId = own,
            OpenedBy = actor.UserName,
            OpenedAt = now,
            DueAt = due,
            RemindAt = remind,
        };
        round.Targets = [.. nodes.Select(n => new RoundTarget { RoundId = round.Id, UnitId = rooms[n!.Id], JurisdictionId = n.Id, DueAt = due, RemindAt = remind })];
        db.Add(round);
        await db.SaveChangesAsync(ct);
        workbench.Raise(WorkbenchChange.For([.. nodes.Select(n => n!.Id)]));
        return TypedResults.Created($"/api/v1/risks/rounds/{round.Id}", (await ViewsAsync(db, scope, db.Set<InvestigationRound>().Where(x => x.Id == round.Id), ct)).Single());
    }

    public async Task<IResult> ReportAsync(Guid roundId, ReportRoundRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.ReportRound, roundId, ct);
        var actor = scopes.Actor;
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var round = await Visible(db, scope).AsTracking().Include(x => x.Targets).SingleOrDefaultAsync(x => x.Id == roundId, ct);
        if (round is null)
        {
            return ApiResults.NotFound(RisksErrors.RoundNotFound, "Round");
        }

        var target = round.Targets.FirstOrDefault(t => t.JurisdictionId == actor.JurisdictionId);
        if (target is null)
        {
            return ApiResults.Forbidden(RisksErrors.NotATarget, "Your unit is not in this round's scope.");
        }

        if (target.ReturnedAt is not null)
        {
            return ApiResults.Conflict(RisksErrors.AlreadyReported, "Your unit has already reported to this round.");
        }

        var findings = r.Findings ?? [];
        if (r.IsNil == findings.Count > 0)
        {
            return ApiResults.Invalid("findings", RisksErrors.ReturnFindings, r.IsNil ? "a nil return carries no findings" : "name at least one finding, or report nil");
        }

        var now = clock.GetUtcNow();
        var hazardIds = findings.Where(f => f.HazardId is not null).Select(f => f.HazardId!.Value).Distinct().ToList();
        var hazards = await db.Set<Hazard>().AsTracking().Where(h => hazardIds.Contains(h.Id) && h.JurisdictionId == target.JurisdictionId).ToDictionaryAsync(h => h.Id, ct);
        var errors = new List<FieldError>();
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (f.HazardId is { } hid && !hazards.ContainsKey(hid))
            {
                errors.Add(new($"findings[{i}].hazardId", RisksErrors.FindingHazard, "must be a hazard of your jurisdiction"));
            }

            if (f.Rectify is { } rect && (rect.DueAt is not { } d || d <= now || string.IsNullOrWhiteSpace(rect.Owner) || string.IsNullOrWhiteSpace(rect.Measures)))
            {
                errors.Add(new($"findings[{i}].rectify", RisksErrors.FindingRectification, "needs an owner, measures and a future deadline"));
            }
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        target.ReturnedAt = now;
        target.ReturnedBy = actor.UserName;
        target.IsNil = r.IsNil;
        target.Summary = r.Summary.Trim();
        foreach (var f in findings)
        {
            var finding = new RoundFinding { TargetId = target.Id, Kind = f.Kind!.Value, Description = f.Description.Trim(), HazardId = f.HazardId };
            if (f.Rectify is { } rect)
            {
                var rectification = new Rectification
                {
                    Title = f.Description.Trim().Length > 200 ? f.Description.Trim()[..200] : f.Description.Trim(),
                    UnitId = target.UnitId,
                    JurisdictionId = target.JurisdictionId,
                    HazardId = f.HazardId,
                    RoundId = round.Id,
                    Owner = rect.Owner.Trim(),
                    Measures = rect.Measures.Trim(),
                    DueAt = rect.DueAt!.Value.ToUniversalTime(),
                    CreatedBy = actor.UserName,
                    CreatedAt = now,
                };
                db.Add(rectification);
                finding.RectificationId = rectification.Id;
                if (f.HazardId is { } h && hazards[h].Status == HazardStatus.Active)
                {
                    hazards[h].Status = HazardStatus.Rectifying;
                    hazards[h].Version++;
                }
            }

            db.Add(finding);
        }

        round.Version++;
        await db.SaveChangesAsync(ct);
        workbench.Raise(WorkbenchChange.For(round.IssuerJurisdictionId, target.JurisdictionId));
        return TypedResults.Ok((await ViewsAsync(db, scope, db.Set<InvestigationRound>().Where(x => x.Id == round.Id), ct)).Single());
    }

    /// <summary>The jurisdictions directly below the caller's, for the scope of a new round.</summary>
    public async Task<List<JurisdictionChoice>> ChildrenAsync(CancellationToken ct)
    {
        var divisions = await tree.GetAsync(ct);
        var own = scopes.Actor.JurisdictionId;
        return [.. divisions.Nodes.Where(n => n.ParentId == own && own != null && !n.IsRetired).OrderBy(n => n.Code, StringComparer.Ordinal)
            .Select(n => new JurisdictionChoice(n.Id, n.Code, n.Name))];
    }

    public async Task<Paged<RoundView>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = Visible(db, scope);
        var total = await query.CountAsync(ct);
        var items = total <= page.Skip ? [] : await ViewsAsync(db, scope, query, ct, page);
        return new Paged<RoundView>(items, total, page.Page, page.PageSize);
    }

    public async Task<RoundView?> GetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        return (await ViewsAsync(db, scope, Visible(db, scope).Where(x => x.Id == id), ct)).SingleOrDefault();
    }

    /// <summary>A round is seen by the issuing jurisdiction and those above it, and by every jurisdiction in its scope (its own part only).</summary>
    internal static IQueryable<InvestigationRound> Visible(BeaconDb db, DataScope scope)
    {
        if (scope.IsEverything)
        {
            return db.Set<InvestigationRound>().AsNoTracking();
        }

        var targeted = db.Set<RoundTarget>().InScope(scope, t => t.JurisdictionId).Select(t => t.RoundId);
        var issued = db.Set<InvestigationRound>().InScope(scope, r => r.IssuerJurisdictionId).Select(r => r.Id);
        return db.Set<InvestigationRound>().AsNoTracking().Where(r => issued.Contains(r.Id) || targeted.Contains(r.Id));
    }

    internal static ReturnStatus StatusOf(RoundTarget t, DateTimeOffset now) =>
        t.ReturnedAt is { } at ? (at <= t.DueAt ? ReturnStatus.OnTime : ReturnStatus.Late) : now > t.DueAt ? ReturnStatus.Missing : ReturnStatus.Pending;

    internal async Task<List<RoundView>> ViewsAsync(BeaconDb db, DataScope scope, IQueryable<InvestigationRound> query, CancellationToken ct, PageRequest? page = null)
    {
        var ordered = query.Include(r => r.Targets).ThenInclude(t => t.Findings).OrderByDescending(r => r.OpenedAt).ThenByDescending(r => r.Id);
        var items = await (page is { } p ? ordered.Skip(p.Skip).Take(p.PageSize) : ordered).AsSplitQuery().ToListAsync(ct);
        var divisions = await tree.GetAsync(ct);
        var unitIds = items.SelectMany(r => r.Targets.Select(t => t.UnitId).Append(r.IssuerUnitId)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var names = await people.ResolveAsync(items.SelectMany(r => r.Targets.Select(t => t.ReturnedBy).Append(r.OpenedBy)), ct);
        var now = clock.GetUtcNow();
        return [.. items.Select(r =>
        {
            var issuer = scope.Contains(r.IssuerJurisdictionId);
            var mine = issuer ? r.Targets : r.Targets.Where(t => scope.Contains(t.JurisdictionId)).ToList();
            var targets = mine.OrderBy(t => divisions.Find(t.JurisdictionId)?.Code, StringComparer.Ordinal).Select(t => new TargetView(
                t.Id, t.UnitId, units.GetValueOrDefault(t.UnitId, ""), divisions.Find(t.JurisdictionId)?.Code ?? "", divisions.Find(t.JurisdictionId)?.Name ?? "",
                t.DueAt, t.RemindAt, t.RemindedAt, StatusOf(t, now), t.ReturnedAt, t.ReturnedBy, names[t.ReturnedBy], t.IsNil, t.Summary,
                [.. t.Findings.OrderBy(f => f.Id).Select(f => new FindingView(f.Id, f.Kind, f.Description, f.HazardId, f.RectificationId))])).ToList();
            return new RoundView(r.Id, r.Title, r.Kind, r.KindCodes, r.Notes, units.GetValueOrDefault(r.IssuerUnitId, ""), r.OpenedBy, names[r.OpenedBy],
                r.OpenedAt, r.DueAt, r.RemindAt, issuer,
                targets.Count(t => t.Status == ReturnStatus.OnTime), targets.Count(t => t.Status == ReturnStatus.Late),
                targets.Count(t => t.Status == ReturnStatus.Missing), targets.Count(t => t.Status == ReturnStatus.Pending), targets);
        })];
    }

    /// <summary>Each round the caller issued (or above): how many units reported on time, late, not at all, and what they found.</summary>
    internal static async Task<List<RoundTrendRow>> TrendAsync(BeaconDb db, DataScope scope, CancellationToken ct)
    {
        var rounds = await db.Set<InvestigationRound>().AsNoTracking().InScope(scope, r => r.IssuerJurisdictionId)
            .Include(r => r.Targets).ThenInclude(t => t.Findings).OrderBy(r => r.DueAt).ThenBy(r => r.Id).Take(24).AsSplitQuery().ToListAsync(ct);
        var now = DateTimeOffset.MaxValue;
        return [.. rounds.Select(r => new RoundTrendRow(r.Id, r.Title, r.DueAt, r.Targets.Count,
            r.Targets.Count(t => StatusOf(t, now) == ReturnStatus.OnTime), r.Targets.Count(t => StatusOf(t, now) == ReturnStatus.Late),
            r.Targets.Count(t => t.ReturnedAt == null), r.Targets.Sum(t => t.Findings.Count)))];
    }
}

internal static class RoundsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/risks/rounds", (RoundsHandler h, OpenRoundRequest r, CancellationToken ct) => h.OpenAsync(r, ct))
            .RequirePermission(RisksPermissions.OpenRound)
            .WithName("OpenRound").WithTags("Risks").Produces<RoundView>(StatusCodes.Status201Created)
            .WithSummary("Opens an investigation round (部署排查) for jurisdictions below the caller's (their duty rooms report) with a deadline and a reminder time; honours Idempotency-Key");
        api.MapGet("/risks/rounds", (RoundsHandler h, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(p, ct)))
            .WithName("ListRounds").WithTags("Risks")
            .WithSummary("Rounds the caller issued or is in the scope of, newest first, then id; a unit in scope sees only its own return; paged");
        api.MapGet("/risks/rounds/{id:guid}", async (RoundsHandler h, Guid id, CancellationToken ct) =>
                await h.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : ApiResults.NotFound(RisksErrors.RoundNotFound, "Round"))
            .WithName("GetRound").WithTags("Risks").Produces<RoundView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One round with each unit's return status (on time, late, missing, pending) and reminder time");
        api.MapPost("/risks/rounds/{id:guid}/returns", (RoundsHandler h, Guid id, ReportRoundRequest r, CancellationToken ct) => h.ReportAsync(id, r, ct))
            .RequirePermission(RisksPermissions.ReportRound)
            .WithName("ReportRound").WithTags("Risks").Produces<RoundView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The caller's unit reports its return to a round: findings (new hazards, changed risks, rectified items) or nil; a finding may require rectification");
    }
}
