using Beacon.Platform.ApiTokens.ListTokens;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.ApiTokens.RevokeToken;

/// <summary>Revokes a token; the next request that uses it is refused.</summary>
public sealed class RevokeTokenHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, ApiTokenCache cache)
{
    /// <summary>Revokes the token (again is fine: nothing changes); null when it is not in the caller's scope.</summary>
    public async Task<TokenView?> RevokeAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var units = db.Units.InScope(scope, u => u.JurisdictionId);
        var row = await db.ApiTokens.Join(units, t => t.UnitId, u => u.Id, (t, u) => new { Token = t, UnitName = u.Name })
            .SingleOrDefaultAsync(x => x.Token.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (row.Token.RevokedAt is null)
        {
            row.Token.RevokedAt = now;
            db.Audit("token.revoked", "ApiToken", id.ToString(), new { row.Token.Name });
            await db.SaveChangesAsync(ct);
        }

        cache.Forget(id);

        return ListTokensHandler.ToView(row.Token, row.UnitName, now);
    }

    public async Task<IResult> HandleAsync(Guid id, CancellationToken ct) =>
        await RevokeAsync(id, ct) is { } token ? TypedResults.Ok(token) : ApiResults.NotFound("Token");
}

internal static class RevokeTokenEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/tokens/{id:guid}/revoke", (RevokeTokenHandler handler, Guid id, CancellationToken ct) => handler.HandleAsync(id, ct))
            .WithName("RevokeToken").WithTags("API tokens")
            .Produces<TokenView>().ProducesProblems(StatusCodes.Status404NotFound);
}
