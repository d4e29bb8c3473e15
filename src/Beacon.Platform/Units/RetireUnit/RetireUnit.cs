using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Units.ListUnits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Units.RetireUnit;

/// <summary>
/// Retires a unit (撤销): it stays in the database with its history and records, but takes no new accounts.
/// A unit that still has active accounts cannot be retired; move or merge them first.
/// </summary>
public sealed class RetireUnitHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(Guid id, HttpContext http, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unit = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null)
        {
            return ApiResults.NotFound("Unit");
        }

        if (http.Request.Headers.IfMatch.Count > 0 && ApiResults.CheckIfMatch(http, unit.Version) is { } precondition)
        {
            return precondition;
        }

        if (unit.IsRetired)
        {
            return ApiResults.Conflict("The unit is already retired.");
        }

        if (await db.Users.AnyAsync(u => u.UnitId == id && !u.IsDisabled, ct))
        {
            return ApiResults.Conflict("The unit still has active accounts. Move them or merge the unit into another.");
        }

        unit.IsRetired = true;
        unit.RetiredAt = clock.GetUtcNow();
        unit.Version++;
        await db.SaveChangesAsync(ct);
        ApiResults.SetETag(http, unit.Version);
        return TypedResults.Ok(ListUnitsHandler.ToView(unit));
    }
}

internal static class RetireUnitEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/units/{id:guid}/retire", (RetireUnitHandler handler, HttpContext http, Guid id, CancellationToken ct) =>
                handler.HandleAsync(id, http, ct))
            .WithName("RetireUnit").WithTags("Units");
}
