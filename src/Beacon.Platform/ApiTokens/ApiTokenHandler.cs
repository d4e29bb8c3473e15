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
/// Authenticates <c>Authorization: Bearer bcn_…</c>. An active token is kept for a few seconds
/// (<see cref="ApiTokenCache"/>); a revoked one stops working at once on this node and within those seconds on
/// others, an expired one at once. Use is audited at most once a minute per token; every rejected token is audited.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DbContextOptions<BeaconDb> dbOptions,
    IOptions<ApiTokenQueryOptions> queryPaths,
    ApiTokenCache cache,
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
        var hash = ApiToken.Hash(secret);
        var now = clock.GetUtcNow();
        var cached = cache.Find(hash);
        if (cached is null || !cached.Token.IsActiveAt(now))
        {
            await using var db = new BeaconDb(dbOptions, Actor.Anonymous with { ClientAddress = client }, clock);
            // One round trip: the token with its unit's jurisdiction (the data scope).
            var found = await db.ApiTokens.AsNoTracking().Where(t => t.SecretHash == hash)
                .Select(t => new { Token = t, JurisdictionId = db.Units.Where(u => u.Id == t.UnitId).Select(u => u.JurisdictionId).FirstOrDefault() })
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (found is null || !found.Token.IsActiveAt(now))
            {
                var token = found?.Token;
                var reason = token is null ? "unknown token" : token.RevokedAt is not null ? "revoked token" : "expired token";
                db.Audit("token.rejected", "ApiToken", token?.Id.ToString(), new { reason }, AuditOutcome.Failure);
                await db.SaveChangesAsync(Context.RequestAborted);
                return AuthenticateResult.Fail(reason);
            }

            cached = cache.Add(hash, found.Token, found.JurisdictionId);
        }

        var active = cached.Token;
        var jurisdictionId = cached.JurisdictionId;
        if ((active.LastUsedAt is null || now - active.LastUsedAt > TimeSpan.FromMinutes(1)) && cached.TryStartRecordingUse())
        {
            try
            {
                await using var db = new BeaconDb(dbOptions, Actor.Anonymous with { ClientAddress = client }, clock);
                var stub = new ApiToken { Id = active.Id, LastUsedAt = active.LastUsedAt };
                db.ApiTokens.Attach(stub);
                stub.LastUsedAt = now;
                db.Audit("token.used", "ApiToken", active.Id.ToString(), new { active.Name, path = Request.Path.Value },
                    AuditOutcome.Success,
                    new Actor(null, "token:" + active.Name, active.UnitId, jurisdictionId, client, active.RoleList, active.Id));
                await db.SaveChangesAsync(Context.RequestAborted);
                active.LastUsedAt = now;
            }
            finally
            {
                cached.EndRecordingUse();
            }
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "token:" + active.Name),
            new(BeaconClaims.TokenId, active.Id.ToString()),
            new(BeaconClaims.UnitId, active.UnitId.ToString()),
            new(BeaconClaims.JurisdictionId, jurisdictionId.ToString()),
        };
        claims.AddRange(active.RoleList.Select(r => new Claim(ClaimTypes.Role, r)));
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
