using Beacon.Platform.Data;
using Beacon.Platform.Http;
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
    /// <summary>Every token in scope (the tokens page): never truncated.</summary>
    public async Task<List<TokenView>> HandleAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await Rows(db, scope).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => ToView(r.Token, r.UnitName, now)).ToList();
    }

    /// <summary>One page of the tokens in scope, newest first, then by id.</summary>
    public async Task<Paged<TokenView>> PageAsync(PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await Rows(db, scope).ToPagedAsync(page, ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => ToView(r.Token, r.UnitName, now));
    }

    private static IQueryable<TokenRow> Rows(BeaconDb db, DataScope scope)
    {
        var units = db.Units.InScope(scope, u => u.JurisdictionId);
        return db.ApiTokens.AsNoTracking()
            .Join(units, t => t.UnitId, u => u.Id, (t, u) => new { Token = t, UnitName = u.Name })
            .OrderByDescending(x => x.Token.CreatedAt).ThenByDescending(x => x.Token.Id)
            .Select(x => new TokenRow(x.Token, x.UnitName));
    }

    private sealed record TokenRow(ApiToken Token, string UnitName);

    internal static TokenView ToView(ApiToken t, string unitName, DateTimeOffset now) => new(
        t.Id, t.Name, t.Hint, t.UnitId, unitName, t.RoleList, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt,
        t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active");
}

internal static class ListTokensEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/tokens", (ListTokensHandler handler, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => handler.PageAsync(p, ct)))
            .WithName("ListTokens").WithTags("API tokens")
            .WithSummary("API tokens of the units in scope (never their secrets), newest first, then id; paged");
}
