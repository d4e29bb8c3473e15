using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Units.ListUnits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Units.MergeUnits;

public sealed record MergeUnitsRequest([property: Required] Guid? IntoUnitId);

/// <summary>What <see cref="MergeUnitsHandler.MergeAsync"/> decided.</summary>
public abstract record MergeUnitsOutcome
{
    private MergeUnitsOutcome()
    {
    }

    /// <summary>Merged; <see cref="Survivor"/> is the unit that now holds the accounts and tokens.</summary>
    public sealed record Merged(UnitView Survivor) : MergeUnitsOutcome;

    public sealed record NotFound : MergeUnitsOutcome;

    /// <summary>The target is the unit itself, unknown, or outside the caller's scope.</summary>
    public sealed record TargetNotInScope : MergeUnitsOutcome;

    /// <summary>One of the two units is already retired.</summary>
    public sealed record Retired : MergeUnitsOutcome;
}

/// <summary>
/// Merges a unit into another (机构合并): its accounts and API tokens move to the surviving unit, and the
/// merged unit is retired with a pointer to the survivor, so its old records still say where they came from.
/// </summary>
public sealed class MergeUnitsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, DutyRooms dutyRooms)
{
    public async Task<MergeUnitsOutcome> MergeAsync(Guid id, MergeUnitsRequest request, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var source = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (source is null)
        {
            return new MergeUnitsOutcome.NotFound();
        }

        var target = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == request.IntoUnitId, ct);
        if (target is null || target.Id == source.Id)
        {
            return new MergeUnitsOutcome.TargetNotInScope();
        }

        if (source.IsRetired || target.IsRetired)
        {
            return new MergeUnitsOutcome.Retired();
        }

        var now = clock.GetUtcNow();
        var accounts = await db.Users.Where(u => u.UnitId == source.Id).ToListAsync(ct);
        foreach (var account in accounts)
        {
            account.UnitId = target.Id;
            account.SecurityStamp = Guid.NewGuid().ToString("N");
            account.Version++;
        }

        var tokens = await db.ApiTokens.Where(t => t.UnitId == source.Id).ToListAsync(ct);
        foreach (var token in tokens)
        {
            token.UnitId = target.Id;
        }

        source.IsRetired = true;
        source.RetiredAt = now;
        source.MergedIntoId = target.Id;
        source.Version++;
        db.Audit("unit.merged", "Unit", source.Id.ToString(),
            new { from = source.Name, into = target.Name, intoId = target.Id, accounts = accounts.Count, tokens = tokens.Count });
        await db.SaveChangesAsync(ct);
        dutyRooms.Invalidate();
        return new MergeUnitsOutcome.Merged(ListUnitsHandler.ToView(target));
    }

    public async Task<IResult> HandleAsync(Guid id, MergeUnitsRequest request, CancellationToken ct) =>
        await MergeAsync(id, request, ct) switch
        {
            MergeUnitsOutcome.Merged merged => TypedResults.Ok(merged.Survivor),
            MergeUnitsOutcome.NotFound => ApiResults.NotFound("Unit"),
            MergeUnitsOutcome.TargetNotInScope => ApiResults.Invalid("intoUnitId", "must be another unit in your scope"),
            MergeUnitsOutcome.Retired => ApiResults.Conflict("Retired units cannot be merged."),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}."),
        };
}

internal static class MergeUnitsEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/units/{id:guid}/merge", (MergeUnitsHandler handler, Guid id, MergeUnitsRequest request, CancellationToken ct) =>
                handler.HandleAsync(id, request, ct))
            .WithName("MergeUnits").WithTags("Units")
            .Produces<UnitView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Merges this unit into another; accounts and tokens move, history stays");
}
