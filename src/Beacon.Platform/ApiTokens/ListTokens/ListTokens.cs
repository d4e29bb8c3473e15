using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.ApiTokens.ListTokens;

public sealed record TokenView(
    Guid Id, string Name, string Hint, Guid UnitId, string UnitName, IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, string Status);

/// <summary>API tokens of the units in scope; never their secrets.</summary>
public sealed class ListTokensHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock)
{
    public async Task<List<TokenView>> HandleAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var units = db.Units.InScope(scope, u => u.JurisdictionId);
        var rows = await db.ApiTokens.AsNoTracking()
            .Join(units, t => t.UnitId, u => u.Id, (t, u) => new { Token = t, UnitName = u.Name })
            .OrderByDescending(x => x.Token.CreatedAt)
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => ToView(r.Token, r.UnitName, now)).ToList();
    }

    internal static TokenView ToView(ApiToken t, string unitName, DateTimeOffset now) => new(
        t.Id, t.Name, t.Hint, t.UnitId, unitName, t.RoleList, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt,
        t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active");
}

internal static class ListTokensEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/tokens", async (ListTokensHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithName("ListTokens").WithTags("API tokens");
}
