using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Units.ListUnits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Units.UpdateUnit;

/// <summary>Renames a unit (the old name is kept in its history) or changes its kind and contact data.</summary>
public sealed record UpdateUnitRequest(
    [property: Required, StringLength(100, MinimumLength = 2)] string Name,
    [property: Required] UnitKind? Kind,
    [property: StringLength(40), Phone] string? DutyPhone,
    [property: StringLength(40), Phone] string? Fax,
    [property: StringLength(200)] string? Address);

public sealed class UpdateUnitHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(Guid id, UpdateUnitRequest request, HttpContext http, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unit = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null)
        {
            return ApiResults.NotFound("Unit");
        }

        if (ApiResults.CheckIfMatch(http, unit.Version) is { } precondition)
        {
            return precondition;
        }

        if (unit.IsRetired)
        {
            return ApiResults.Conflict("A retired unit cannot be changed.");
        }

        var name = request.Name.Trim();
        if (name != unit.Name && await db.Units.AnyAsync(u => u.JurisdictionId == unit.JurisdictionId && u.Name == name && !u.IsRetired && u.Id != id, ct))
        {
            return ApiResults.Invalid("name", "another active unit of this jurisdiction has this name");
        }

        unit.Rename(name, clock.GetUtcNow());
        unit.Kind = request.Kind!.Value;
        unit.DutyPhone = request.DutyPhone?.Trim();
        unit.Fax = request.Fax?.Trim();
        unit.Address = request.Address?.Trim();
        unit.Version++;
        await db.SaveChangesAsync(ct);
        ApiResults.SetETag(http, unit.Version);
        return TypedResults.Ok(ListUnitsHandler.ToView(unit));
    }
}

internal static class UpdateUnitEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPut("/units/{id:guid}", (UpdateUnitHandler handler, HttpContext http, Guid id, UpdateUnitRequest request, CancellationToken ct) =>
                handler.HandleAsync(id, request, http, ct))
            .WithName("UpdateUnit").WithTags("Units")
            .WithSummary("Renames a unit or changes its contact data; needs If-Match");
}
