using System.Security.Claims;
using System.Text.Encodings.Web;
using Beacon.Platform.Audit;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Authentication;
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
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        var client = Context.Connection.RemoteIpAddress?.ToString();
        await using var db = new BeaconDb(dbOptions, Actor.Anonymous with { ClientAddress = client }, clock);
        var hash = ApiToken.Hash(secret);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.SecretHash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow();
        if (token is null || !token.IsActiveAt(now))
        {
            var reason = token is null ? "unknown token" : token.RevokedAt is not null ? "revoked token" : "expired token";
            db.Audit("token.rejected", "ApiToken", token?.Id.ToString(), new { reason }, AuditOutcome.Failure);
            await db.SaveChangesAsync(Context.RequestAborted);
            return AuthenticateResult.Fail(reason);
        }

        var jurisdictionId = await db.Units.Where(u => u.Id == token.UnitId).Select(u => u.JurisdictionId)
            .SingleAsync(Context.RequestAborted);
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
}
