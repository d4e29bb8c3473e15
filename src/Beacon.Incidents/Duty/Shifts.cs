using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Duty;

/// <summary>
/// One shift of a unit's duty roster (排班): who is the duty officer (值班员, one or two) and the leader on duty
/// (带班领导) from when to when, with their phones.
/// </summary>
public sealed class Shift
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UnitId { get; set; }

    public Guid JurisdictionId { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public string DutyOfficers { get; set; } = "";

    public string LeaderOnDuty { get; set; } = "";

    public string? Phone { get; set; }

    public string? Note { get; set; }

    public int Version { get; set; } = 1;
}

public sealed record ShiftRequest(
    [property: Required] DateTimeOffset? StartsAt,
    [property: Required] DateTimeOffset? EndsAt,
    [property: Required, StringLength(100, MinimumLength = 1)] string DutyOfficers,
    [property: Required, StringLength(50, MinimumLength = 1)] string LeaderOnDuty,
    [property: StringLength(40), Phone] string? Phone,
    [property: StringLength(500)] string? Note);

public sealed record ShiftView(
    Guid Id, Guid UnitId, string UnitName, string JurisdictionCode, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string DutyOfficers, string LeaderOnDuty, string? Phone, string? Note, int Version);

/// <summary>A duty room now: who is on duty, or that nobody is rostered (缺岗).</summary>
public sealed record OnDutyNow(Guid UnitId, string UnitName, string JurisdictionCode, string? DutyPhone, ShiftView? Shift);

/// <summary>Rosters of the caller's unit, the calendar of shifts in scope, and who is on duty now below (查询下级值班).</summary>
public sealed class ShiftsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock)
{
    /// <summary>The longest shift (a swap included).</summary>
    private static readonly TimeSpan MaxLength = TimeSpan.FromHours(72);

    public async Task<IResult> AddAsync(ShiftRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.PlanRoster, ct: ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unit || actor.JurisdictionId is not { } jurisdiction)
        {
            return ApiResults.Forbidden(IncidentErrors.RosterNoUnit, "Only a unit keeps a roster.");
        }

        await using var db = dbs.CreateDbContext();
        if (await RefuseAsync(db, unit, null, r, ct) is { } refused)
        {
            return refused;
        }

        var start = r.StartsAt!.Value.ToUniversalTime();
        var end = r.EndsAt!.Value.ToUniversalTime();

        var shift = new Shift
        {
            UnitId = unit,
            JurisdictionId = jurisdiction,
            StartsAt = start,
            EndsAt = end,
            DutyOfficers = r.DutyOfficers.Trim(),
            LeaderOnDuty = r.LeaderOnDuty.Trim(),
            Phone = r.Phone?.Trim(),
            Note = r.Note?.Trim(),
        };
        db.Add(shift);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/duty/shifts/{shift.Id}", (await ViewsAsync(db, q => q.Where(s => s.Id == shift.Id), ct)).Single());
    }

    /// <summary>A swap or correction (换班): needs If-Match; only the unit's own shifts.</summary>
    public async Task<IResult> UpdateAsync(Guid id, ShiftRequest r, string? ifMatch, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.PlanRoster, id, ct);
        await using var db = dbs.CreateDbContext();
        var shift = await db.Set<Shift>().SingleOrDefaultAsync(s => s.Id == id && s.UnitId == scopes.Actor.UnitId, ct);
        if (shift is null)
        {
            return ApiResults.NotFound(IncidentErrors.ShiftNotFound, "Shift");
        }

        if (ApiResults.CheckIfMatch(ifMatch, shift.Version) is { } precondition)
        {
            return precondition;
        }

        // A swap (换班) is held to the rules of a new shift: at most 72 hours, no overlap with the unit's other shifts.
        if (await RefuseAsync(db, shift.UnitId, shift.Id, r, ct) is { } refused)
        {
            return refused;
        }

        shift.StartsAt = r.StartsAt!.Value.ToUniversalTime();
        shift.EndsAt = r.EndsAt!.Value.ToUniversalTime();
        shift.DutyOfficers = r.DutyOfficers.Trim();
        shift.LeaderOnDuty = r.LeaderOnDuty.Trim();
        shift.Phone = r.Phone?.Trim();
        shift.Note = r.Note?.Trim();
        shift.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await ViewsAsync(db, q => q.Where(s => s.Id == id), ct)).Single());
    }

    /// <summary>One shift in scope (GET /api/v1/duty/shifts/{id}), or null.</summary>
    public async Task<ShiftView?> FindAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        return (await ViewsAsync(db, q => q.InScope(scope, s => s.JurisdictionId).Where(s => s.Id == id), ct)).SingleOrDefault();
    }

    /// <summary>The checks every shift passes, new or swapped: ends after it starts, lasts at most 72 hours, overlaps no other shift of the unit.</summary>
    private static async Task<IResult?> RefuseAsync(BeaconDb db, Guid unit, Guid? except, ShiftRequest r, CancellationToken ct)
    {
        if (r.EndsAt <= r.StartsAt || r.EndsAt - r.StartsAt > MaxLength)
        {
            return ApiResults.Invalid("endsAt", IncidentErrors.ShiftEndsAt, "must be after startsAt and at most 72 hours later");
        }

        var start = r.StartsAt!.Value.ToUniversalTime();
        var end = r.EndsAt!.Value.ToUniversalTime();
        if (await db.Set<Shift>().AnyAsync(s => s.UnitId == unit && s.Id != except && s.StartsAt < end && s.EndsAt > start, ct))
        {
            return ApiResults.Invalid("startsAt", IncidentErrors.ShiftOverlap, "overlaps another shift of your unit; change that shift instead (换班)");
        }

        return null;
    }

    /// <summary>One page of the shifts in scope that overlap the period, earliest start first, then by id.</summary>
    public async Task<Paged<ShiftView>> CalendarAsync(DateTimeOffset from, DateTimeOffset to, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var f = from.ToUniversalTime();
        var t = to.ToUniversalTime();
        var matching = db.Set<Shift>().InScope(scope, s => s.JurisdictionId).Where(s => s.StartsAt < t && s.EndsAt > f);
        var total = await matching.CountAsync(ct);
        var items = total <= page.Skip ? [] : await ViewsAsync(db, q => q.InScope(scope, s => s.JurisdictionId).Where(s => s.StartsAt < t && s.EndsAt > f).Skip(page.Skip).Take(page.PageSize), ct);
        return new Paged<ShiftView>(items, total, page.Page, page.PageSize);
    }

    /// <summary>Every shift in scope that overlaps the period (the roster page's calendar): never truncated.</summary>
    public async Task<List<ShiftView>> CalendarAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var f = from.ToUniversalTime();
        var t = to.ToUniversalTime();
        return await ViewsAsync(db, q => q.InScope(scope, s => s.JurisdictionId).Where(s => s.StartsAt < t && s.EndsAt > f), ct);
    }

    /// <summary>Every duty room in scope with the shift on now, or none (查询下级值班).</summary>
    public async Task<List<OnDutyNow>> NowAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        var rooms = await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId)
            .Where(u => u.Kind == Platform.Units.UnitKind.DutyRoom && !u.IsRetired)
            .OrderBy(u => u.Jurisdiction!.Path)
            .Select(u => new { u.Id, u.Name, u.Jurisdiction!.Code, u.DutyPhone })
            .ToListAsync(ct);
        var current = (await ViewsAsync(db, q => q.InScope(scope, s => s.JurisdictionId).Where(s => s.StartsAt <= now && s.EndsAt > now), ct))
            .ToLookup(s => s.UnitId);
        return rooms.Select(r => new OnDutyNow(r.Id, r.Name, r.Code, r.DutyPhone, current[r.Id].FirstOrDefault())).ToList();
    }

    private static Task<List<ShiftView>> ViewsAsync(BeaconDb db, Func<IQueryable<Shift>, IQueryable<Shift>> filter, CancellationToken ct) =>
        filter(db.Set<Shift>().AsNoTracking().OrderBy(s => s.StartsAt).ThenBy(s => s.Id))
            .Select(s => new ShiftView(
                s.Id, s.UnitId,
                db.Units.Where(u => u.Id == s.UnitId).Select(u => u.Name).First(),
                db.Jurisdictions.Where(j => j.Id == s.JurisdictionId).Select(j => j.Code).First(),
                s.StartsAt, s.EndsAt, s.DutyOfficers, s.LeaderOnDuty, s.Phone, s.Note, s.Version))
            .ToListAsync(ct);
}

internal static class ShiftsEndpoints
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder reporters)
    {
        api.MapGet("/duty/shifts", async Task<IResult> (ShiftsHandler h, TimeProvider clock, HttpContext http, DateTimeOffset? from, DateTimeOffset? to,
                int? page, int? pageSize, CancellationToken ct) =>
            {
                var start = from ?? clock.GetUtcNow().AddDays(-1);
                var end = to ?? start.AddDays(8);
                if (end <= start || end - start > TimeSpan.FromDays(62))
                {
                    return ApiResults.Invalid("to", IncidentErrors.RosterRange, "must be after from and at most 62 days later");
                }

                return (await Paging.AnswerAsync(http, page, pageSize, p => h.CalendarAsync(start, end, p, ct))).Result;
            })
            .Produces<Paged<ShiftView>>()
            .WithName("ListShifts").WithTags("Duty")
            .WithSummary("The roster calendar (排班) of the units in scope; by default from yesterday for eight days; earliest start first, then id; paged");
        api.MapGet("/duty/shifts/{id:guid}", async Task<IResult> (ShiftsHandler h, HttpContext http, Guid id, CancellationToken ct) =>
            {
                if (await h.FindAsync(id, ct) is not { } view)
                {
                    return ApiResults.NotFound(IncidentErrors.ShiftNotFound, "Shift");
                }

                ApiResults.SetETag(http, view.Version);
                return TypedResults.Ok(view);
            })
            .Produces<ShiftView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("GetShift").WithTags("Duty").WithSummary("One shift in scope, with its ETag for a swap (换班)");
        api.MapGet("/duty/now", async (ShiftsHandler h, CancellationToken ct) => TypedResults.Ok(await h.NowAsync(ct)))
            .WithName("OnDutyNow").WithTags("Duty").WithSummary("Who is on duty now at every duty room in scope (查询下级值班); one row per duty room, complete and unpaged");
        reporters.MapPost("/duty/shifts", (ShiftsHandler h, ShiftRequest r, CancellationToken ct) => h.AddAsync(r, ct))
            .RequirePermission(IncidentPermissions.PlanRoster)
            .WithName("AddShift").WithTags("Duty").Produces<ShiftView>(StatusCodes.Status201Created);
        reporters.MapPut("/duty/shifts/{id:guid}", async (ShiftsHandler h, HttpContext http, Guid id, ShiftRequest r, CancellationToken ct) =>
            {
                var result = await h.UpdateAsync(id, r, http.Request.Headers.IfMatch.ToString(), ct);
                if (result is Ok<ShiftView> { Value: { } view })
                {
                    ApiResults.SetETag(http, view.Version);
                }

                return result;
            })
            .RequirePermission(IncidentPermissions.PlanRoster)
            .WithName("UpdateShift").WithTags("Duty")
            .Produces<ShiftView>().AnswersETag(StatusCodes.Status200OK).NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("A swap or correction (换班); needs If-Match; held to a new shift's checks (at most 72 hours, no overlap)");
    }
}
