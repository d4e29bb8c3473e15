using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Units.ListUnits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Units.CreateUnit;

public sealed record CreateUnitRequest(
    [property: Required, RegularExpression("^[0-9]{6}$", ErrorMessage = "must be a six-digit jurisdiction code")] string JurisdictionCode,
    [property: Required, StringLength(100, MinimumLength = 2)] string Name,
    [property: Required] UnitKind? Kind,
    [property: StringLength(40), Phone] string? DutyPhone,
    [property: StringLength(40), Phone] string? Fax,
    [property: StringLength(200)] string? Address);

public sealed class CreateUnitHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(CreateUnitRequest request, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var jurisdiction = await db.Jurisdictions.InScope(scope, j => j.Id)
            .SingleOrDefaultAsync(j => j.Code == request.JurisdictionCode && !j.IsRetired, ct);
        if (jurisdiction is null)
        {
            return ApiResults.Invalid("jurisdictionCode", "is not an active jurisdiction in your scope");
        }

        var name = request.Name.Trim();
        if (await db.Units.AnyAsync(u => u.JurisdictionId == jurisdiction.Id && u.Name == name && !u.IsRetired, ct))
        {
            return ApiResults.Invalid("name", "another active unit of this jurisdiction has this name");
        }

        var unit = new Unit
        {
            JurisdictionId = jurisdiction.Id,
            Name = name,
            Kind = request.Kind!.Value,
            DutyPhone = request.DutyPhone?.Trim(),
            Fax = request.Fax?.Trim(),
            Address = request.Address?.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/units/{unit.Id}", new UnitView(
            unit.Id, unit.Name, unit.Kind, jurisdiction.Code, jurisdiction.Name, unit.DutyPhone, unit.Fax, unit.Address,
            false, null, null, unit.Version));
    }
}

internal static class CreateUnitEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/units", async (CreateUnitHandler handler, HttpContext http, CreateUnitRequest request, CancellationToken ct) =>
            {
                var result = await handler.HandleAsync(request, ct);
                if (result is Microsoft.AspNetCore.Http.HttpResults.Created<UnitView> created)
                {
                    ApiResults.SetETag(http, created.Value!.Version);
                }

                return result;
            })
            .WithName("CreateUnit").WithTags("Units")
            .WithSummary("Adds a unit to a jurisdiction in the caller's scope");
}
