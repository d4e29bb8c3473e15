using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Jurisdictions.ListJurisdictions;

public sealed record JurisdictionView(
    Guid Id, string Code, string Name, JurisdictionLevel Level, string Kind, string? ParentCode, bool IsRetired);

/// <summary>Lists the jurisdictions in the caller's scope (administrative divisions; functional areas on request).</summary>
public sealed class ListJurisdictionsHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    public async Task<List<JurisdictionView>> HandleAsync(bool includeFunctionalAreas, bool includeRetired, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Jurisdictions.AsNoTracking().InScope(scope, j => j.Id);
        if (!includeFunctionalAreas)
        {
            query = query.Where(j => j.Level != JurisdictionLevel.FunctionalArea);
        }

        if (!includeRetired)
        {
            query = query.Where(j => !j.IsRetired);
        }

        return await query.OrderBy(j => j.Path)
            .Select(j => new JurisdictionView(j.Id, j.Code, j.Name, j.Level, j.Kind, j.Parent!.Code, j.IsRetired))
            .ToListAsync(ct);
    }

    public async Task<JurisdictionView?> FindAsync(string code, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        return await db.Jurisdictions.AsNoTracking().InScope(scope, j => j.Id).Where(j => j.Code == code)
            .Select(j => new JurisdictionView(j.Id, j.Code, j.Name, j.Level, j.Kind, j.Parent!.Code, j.IsRetired))
            .SingleOrDefaultAsync(ct);
    }
}

internal static class ListJurisdictionsEndpoint
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/jurisdictions", async (ListJurisdictionsHandler handler, bool? includeFunctionalAreas, bool? includeRetired, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(includeFunctionalAreas ?? false, includeRetired ?? false, ct)))
            .WithName("ListJurisdictions").WithTags("Jurisdictions")
            .WithSummary("Jurisdictions (行政区划) in the caller's scope, ordered as a tree");

        api.MapGet("/jurisdictions/{code}", async Task<IResult> (ListJurisdictionsHandler handler, string code, CancellationToken ct) =>
                await handler.FindAsync(code, ct) is { } j ? TypedResults.Ok(j) : ApiResults.NotFound($"Jurisdiction {code}"))
            .WithName("GetJurisdiction").WithTags("Jurisdictions")
            .Produces<JurisdictionView>().ProducesProblems(StatusCodes.Status404NotFound);
    }
}
