using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Units.ListUnits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Units.RetireUnit;

/// <summary>What <see cref="RetireUnitHandler.RetireAsync"/> decided.</summary>
public abstract record RetireUnitOutcome
{
    private RetireUnitOutcome()
    {
    }

    public sealed record Retired(UnitView Unit) : RetireUnitOutcome;

    public sealed record NotFound : RetireUnitOutcome;

    /// <summary>The unit changed since the caller read it; <see cref="CurrentVersion"/> is what it is now.</summary>
    public sealed record Stale(int CurrentVersion) : RetireUnitOutcome;

    public sealed record AlreadyRetired : RetireUnitOutcome;

    /// <summary>Accounts that are not disabled still belong to the unit; move them or merge the unit.</summary>
    public sealed record HasActiveAccounts : RetireUnitOutcome;
}

/// <summary>
/// Retires a unit (撤销): it stays in the database with its history and records, but takes no new accounts.
/// A unit that still has active accounts cannot be retired; move or merge them first.
/// </summary>
public sealed class RetireUnitHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, DutyRooms dutyRooms)
{
    /// <summary>
    /// Retires the unit. When <paramref name="versionMatches"/> is given it must accept the unit's current
    /// version (optimistic concurrency); without it the unit is retired whatever its version.
    /// </summary>
    public async Task<RetireUnitOutcome> RetireAsync(Guid id, Func<int, bool>? versionMatches, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unit = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null)
        {
            return new RetireUnitOutcome.NotFound();
        }

        if (versionMatches is not null && !versionMatches(unit.Version))
        {
            return new RetireUnitOutcome.Stale(unit.Version);
        }

        if (unit.IsRetired)
        {
            return new RetireUnitOutcome.AlreadyRetired();
        }

        if (await db.Users.AnyAsync(u => u.UnitId == id && !u.IsDisabled, ct))
        {
            return new RetireUnitOutcome.HasActiveAccounts();
        }

        unit.IsRetired = true;
        unit.RetiredAt = clock.GetUtcNow();
        unit.Version++;
        await db.SaveChangesAsync(ct);
        dutyRooms.Invalidate();
        return new RetireUnitOutcome.Retired(ListUnitsHandler.ToView(unit));
    }

    public async Task<IResult> HandleAsync(Guid id, HttpContext http, CancellationToken ct)
    {
        Func<int, bool>? versionMatches = http.Request.Headers.IfMatch.Count == 0 ? null : v => ApiResults.CheckIfMatch(http, v) is null;
        switch (await RetireAsync(id, versionMatches, ct))
        {
            case RetireUnitOutcome.Retired retired:
                ApiResults.SetETag(http, retired.Unit.Version);
                return TypedResults.Ok(retired.Unit);
            case RetireUnitOutcome.NotFound:
                return ApiResults.NotFound("Unit");
            case RetireUnitOutcome.Stale stale:
                return ApiResults.CheckIfMatch(http, stale.CurrentVersion) ?? ApiResults.PreconditionFailed();
            case RetireUnitOutcome.AlreadyRetired:
                return ApiResults.Conflict("The unit is already retired.");
            case RetireUnitOutcome.HasActiveAccounts:
                return ApiResults.Conflict("The unit still has active accounts. Move them or merge the unit into another.");
            case var other:
                throw new InvalidOperationException($"Unhandled outcome {other}.");
        }
    }
}

internal static class RetireUnitEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/units/{id:guid}/retire", (RetireUnitHandler handler, HttpContext http, Guid id, CancellationToken ct) =>
                handler.HandleAsync(id, http, ct))
            .WithName("RetireUnit").WithTags("Units")
            .Produces<UnitView>().AnswersETag(StatusCodes.Status200OK).HonoursIfMatch()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
