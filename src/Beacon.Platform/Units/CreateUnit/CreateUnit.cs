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

/// <summary>What <see cref="CreateUnitHandler.CreateAsync"/> decided: the new unit, or why there is none.</summary>
public abstract record CreateUnitOutcome
{
    private CreateUnitOutcome()
    {
    }

    public sealed record Created(UnitView Unit) : CreateUnitOutcome;

    /// <summary>The jurisdiction is unknown, retired or outside the caller's scope.</summary>
    public sealed record JurisdictionNotInScope : CreateUnitOutcome;

    /// <summary>Another active unit of the jurisdiction already has this name.</summary>
    public sealed record NameTaken : CreateUnitOutcome;
}

public sealed class CreateUnitHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, DutyRooms dutyRooms)
{
    /// <summary>Adds the unit. The request must already be valid (DataAnnotations); the API's filter and the page check it.</summary>
    public async Task<CreateUnitOutcome> CreateAsync(CreateUnitRequest request, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var jurisdiction = await db.Jurisdictions.InScope(scope, j => j.Id)
            .SingleOrDefaultAsync(j => j.Code == request.JurisdictionCode && !j.IsRetired, ct);
        if (jurisdiction is null)
        {
            return new CreateUnitOutcome.JurisdictionNotInScope();
        }

        var name = request.Name.Trim();
        if (await db.Units.AnyAsync(u => u.JurisdictionId == jurisdiction.Id && u.Name == name && !u.IsRetired, ct))
        {
            return new CreateUnitOutcome.NameTaken();
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
        dutyRooms.Invalidate();
        return new CreateUnitOutcome.Created(new UnitView(
            unit.Id, unit.Name, unit.Kind, jurisdiction.Code, jurisdiction.Name, unit.DutyPhone, unit.Fax, unit.Address,
            false, null, null, unit.Version));
    }

    public async Task<IResult> HandleAsync(CreateUnitRequest request, CancellationToken ct) =>
        await CreateAsync(request, ct) switch
        {
            CreateUnitOutcome.Created c => TypedResults.Created($"/api/v1/units/{c.Unit.Id}", c.Unit),
            CreateUnitOutcome.JurisdictionNotInScope => ApiResults.Invalid("jurisdictionCode", "is not an active jurisdiction in your scope"),
            CreateUnitOutcome.NameTaken => ApiResults.Invalid("name", "another active unit of this jurisdiction has this name"),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}."),
        };
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
            .WithName("CreateUnit").WithTags("Units").Produces<UnitView>(StatusCodes.Status201Created).AnswersETag(StatusCodes.Status201Created)
            .WithSummary("Adds a unit to a jurisdiction in the caller's scope");
}
