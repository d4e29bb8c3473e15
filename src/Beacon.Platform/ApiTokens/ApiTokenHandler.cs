using System.Security.Claims;
using System.Text.Encodings.Web;
using Beacon.Platform.Audit;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.ApiTokens;

/// <summary>
/// Authenticates <c>Authorization: Bearer bcn_…</c>. The token is looked up on every request, so a revoked
/// or expired token stops working at once. Use is audited at most once a minute per token; every
/// rejected token is audited.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DbContextOptions<BeaconDb> dbOptions,
    IOptions<ApiTokenQueryOptions> queryPaths,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (SecretOf(Request, queryPaths.Value) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        var client = Context.Connection.RemoteIpAddress?.ToString();
        await using var db = new BeaconDb(dbOptions, Actor.Anonymous with { ClientAddress = client }, clock);
        var hash = ApiToken.Hash(secret);
        // One round trip: the token with its unit's jurisdiction (the data scope).
        var found = await db.ApiTokens.Where(t => t.SecretHash == hash)
            .Select(t => new { Token = t, JurisdictionId = db.Units.Where(u => u.Id == t.UnitId).Select(u => u.JurisdictionId).FirstOrDefault() })
            .SingleOrDefaultAsync(Context.RequestAborted);
        var token = found?.Token;
        var now = clock.GetUtcNow();
        if (token is null || !token.IsActiveAt(now))
        {
            var reason = token is null ? "unknown token" : token.RevokedAt is not null ? "revoked token" : "expired token";
            db.Audit("token.rejected", "ApiToken", token?.Id.ToString(), new { reason }, AuditOutcome.Failure);
            await db.SaveChangesAsync(Context.RequestAborted);
            return AuthenticateResult.Fail(reason);
        }

        var jurisdictionId = found!.JurisdictionId;
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            db.Audit("token.used", "ApiToken", token.Id.ToString(), new { token.Name, path = Request.Path.Value },
                AuditOutcome.Success,
                new Actor(null, "token:" + token.Name, token.UnitId, jurisdictionId, client, token.RoleList, token.Id));
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "token:" + token.Name),
            new(BeaconClaims.TokenId, token.Id.ToString()),
            new(BeaconClaims.UnitId, token.UnitId.ToString()),
            new(BeaconClaims.JurisdictionId, jurisdictionId.ToString()),
        };
        claims.AddRange(token.RoleList.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>
    /// The token of a request: <c>Authorization: Bearer …</c>, or — only on the paths a module allowed with
    /// <see cref="ApiTokenQueryOptions"/> (SignalR hubs: browsers cannot set headers on a WebSocket) — the
    /// <c>access_token</c> query parameter. Null when the request carries none.
    /// </summary>
    public static string? SecretOf(HttpRequest request, ApiTokenQueryOptions queryPaths)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return queryPaths.Allows(request.Path) && request.Query["access_token"].ToString() is { Length: > 0 } fromQuery
            ? fromQuery
            : null;
    }
}

/// <summary>
/// Paths on which an API token is also accepted as the <c>access_token</c> query parameter (a SignalR hub's
/// WebSocket and server-sent-events requests). Everywhere else a token in the query string is ignored, so it
/// cannot leak into links, proxies' logs or browser history of ordinary API calls.
/// </summary>
public sealed class ApiTokenQueryOptions
{
    public List<string> Paths { get; } = [];

    public bool Allows(PathString path) =>
        Paths.Exists(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
