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

/// <summary>What <see cref="UpdateUnitHandler.UpdateAsync"/> decided.</summary>
public abstract record UpdateUnitOutcome
{
    private UpdateUnitOutcome()
    {
    }

    public sealed record Updated(UnitView Unit) : UpdateUnitOutcome;

    public sealed record NotFound : UpdateUnitOutcome;

    /// <summary>The caller did not say which version it read.</summary>
    public sealed record VersionRequired : UpdateUnitOutcome;

    /// <summary>The unit changed since the caller read it; <see cref="CurrentVersion"/> is what it is now.</summary>
    public sealed record Stale(int CurrentVersion) : UpdateUnitOutcome;

    public sealed record Retired : UpdateUnitOutcome;

    /// <summary>Another active unit of the jurisdiction already has the new name.</summary>
    public sealed record NameTaken : UpdateUnitOutcome;
}

public sealed class UpdateUnitHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, DutyRooms dutyRooms)
{
    /// <summary>
    /// Changes the unit if <paramref name="versionMatches"/> accepts its current version (optimistic concurrency);
    /// null means the caller named no version, which is refused. The request must already be valid.
    /// </summary>
    public async Task<UpdateUnitOutcome> UpdateAsync(Guid id, UpdateUnitRequest request, Func<int, bool>? versionMatches, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unit = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null)
        {
            return new UpdateUnitOutcome.NotFound();
        }

        if (versionMatches is null)
        {
            return new UpdateUnitOutcome.VersionRequired();
        }

        if (!versionMatches(unit.Version))
        {
            return new UpdateUnitOutcome.Stale(unit.Version);
        }

        if (unit.IsRetired)
        {
            return new UpdateUnitOutcome.Retired();
        }

        var name = request.Name.Trim();
        if (name != unit.Name && await db.Units.AnyAsync(u => u.JurisdictionId == unit.JurisdictionId && u.Name == name && !u.IsRetired && u.Id != id, ct))
        {
            return new UpdateUnitOutcome.NameTaken();
        }

        unit.Rename(name, clock.GetUtcNow());
        unit.Kind = request.Kind!.Value;
        unit.DutyPhone = request.DutyPhone?.Trim();
        unit.Fax = request.Fax?.Trim();
        unit.Address = request.Address?.Trim();
        unit.Version++;
        await db.SaveChangesAsync(ct);
        dutyRooms.Invalidate();
        return new UpdateUnitOutcome.Updated(ListUnitsHandler.ToView(unit));
    }

    public async Task<IResult> HandleAsync(Guid id, UpdateUnitRequest request, HttpContext http, CancellationToken ct)
    {
        Func<int, bool>? versionMatches = http.Request.Headers.IfMatch.Count == 0 ? null : v => ApiResults.CheckIfMatch(http, v) is null;
        switch (await UpdateAsync(id, request, versionMatches, ct))
        {
            case UpdateUnitOutcome.Updated updated:
                ApiResults.SetETag(http, updated.Unit.Version);
                return TypedResults.Ok(updated.Unit);
            case UpdateUnitOutcome.NotFound:
                return ApiResults.NotFound("Unit");
            case UpdateUnitOutcome.VersionRequired:
                return ApiResults.PreconditionRequired();
            case UpdateUnitOutcome.Stale stale:
                return ApiResults.CheckIfMatch(http, stale.CurrentVersion) ?? ApiResults.PreconditionFailed();
            case UpdateUnitOutcome.Retired:
                return ApiResults.Conflict("A retired unit cannot be changed.");
            case UpdateUnitOutcome.NameTaken:
                return ApiResults.Invalid("name", "another active unit of this jurisdiction has this name");
            case var other:
                throw new InvalidOperationException($"Unhandled outcome {other}.");
        }
    }
}

internal static class UpdateUnitEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPut("/units/{id:guid}", (UpdateUnitHandler handler, HttpContext http, Guid id, UpdateUnitRequest request, CancellationToken ct) =>
                handler.HandleAsync(id, request, http, ct))
            .WithName("UpdateUnit").WithTags("Units")
            .Produces<UnitView>().AnswersETag(StatusCodes.Status200OK).NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Renames a unit or changes its contact data; needs If-Match");
}
