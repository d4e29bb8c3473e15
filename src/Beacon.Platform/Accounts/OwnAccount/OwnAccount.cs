using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Accounts.OwnAccount;

public sealed record ChangePasswordRequest(
    [property: Required, StringLength(200)] string? CurrentPassword,
    [property: Required, StringLength(200)] string? NewPassword);

/// <summary>One of the caller's browser sessions; <see cref="IsCurrent"/> is the one asking.</summary>
public sealed record SessionView(Guid Id, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt,
    string? ClientAddress, string? UserAgent, bool IsCurrent);

/// <summary>The password rules, as the change form shows them.</summary>
public sealed record PasswordRules(int MinLength, int History, TimeSpan? MaxAge, DateTimeOffset? ExpiresAt, string? MustChange);

/// <summary>
/// A person's own account (decision 0015): change the password (the current one required, recent ones refused), see
/// and end the open sessions, sign out everywhere. Every change is audited; an API token has no account to change.
/// </summary>
public sealed class OwnAccountHandler(BeaconDbFactory dbs, CurrentActor current, PasswordPolicy passwords, SignInService signIn,
    IOptions<SecurityOptions> options, TimeProvider clock)
{
    public PasswordRules Rules(ClaimsPrincipal user) =>
        new(options.Value.MinPasswordLength, options.Value.PasswordHistory, options.Value.PasswordMaxAge,
            long.TryParse(user.FindFirstValue(BeaconClaims.PasswordExpires), out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
            user.FindFirstValue(BeaconClaims.PasswordChange));

    /// <summary>Changes the caller's password; the field errors when refused, none when changed (every other session ends).</summary>
    public async Task<IReadOnlyList<FieldError>> ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken ct)
    {
        if (current.Actor.UserId is not { } userId)
        {
            return [new FieldError("currentPassword", PlatformErrors.PasswordCurrentWrong, "an API token has no password")];
        }

        await using var db = dbs.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        if (user.PasswordHash is null || !passwords.Matches(user, user.PasswordHash, currentPassword))
        {
            db.Audit("account.password-change-refused", "BeaconUser", user.Id.ToString(), new { reason = "wrong current password" }, Audit.AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return [new FieldError("currentPassword", PlatformErrors.PasswordCurrentWrong, "is not the current password")];
        }

        var problems = await passwords.ProblemsAsync(user, newPassword);
        if (problems.Length > 0)
        {
            return [new FieldError("newPassword", PlatformErrors.PasswordWeak, string.Join(" ", problems))];
        }

        var history = (user.PasswordHistory ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var recent = history.Take(Math.Max(0, options.Value.PasswordHistory - 1)).Prepend(user.PasswordHash).ToList();
        if (recent.Any(h => passwords.Matches(user, h, newPassword)))
        {
            db.Audit("account.password-change-refused", "BeaconUser", user.Id.ToString(), new { reason = "reused password" }, Audit.AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return [new FieldError("newPassword", PlatformErrors.PasswordReused, $"is the current password or one of the last {options.Value.PasswordHistory}")];
        }

        var now = clock.GetUtcNow();
        user.PasswordHistory = string.Join('\n', recent.Take(Math.Max(0, options.Value.PasswordHistory - 1)));
        user.PasswordHash = passwords.Hash(user, newPassword);
        user.PasswordChangedAt = now;
        user.MustChangePassword = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.Version++;
        await EndSessionsAsync(db, user.Id, null, "password-changed", ct);
        db.Audit("account.password-changed", "BeaconUser", user.Id.ToString(), new { by = "owner" });
        await db.SaveChangesAsync(ct);
        return [];
    }

    public async Task<IReadOnlyList<SessionView>> SessionsAsync(Guid? currentSession, CancellationToken ct)
    {
        if (current.Actor.UserId is not { } userId)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        var rows = await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(ct);
        return [.. rows.Where(s => s.ExpiresAt > now).OrderByDescending(s => s.LastSeenAt)
            .Select(s => new SessionView(s.Id, s.StartedAt, s.LastSeenAt, s.ExpiresAt, s.ClientAddress, s.UserAgent, s.Id == currentSession))];
    }

    /// <summary>Ends one of the caller's sessions; false when there is no such open session.</summary>
    public async Task<bool> EndSessionAsync(Guid sessionId, CancellationToken ct)
    {
        if (current.Actor.UserId is not { } userId)
        {
            return false;
        }

        await using var db = dbs.CreateDbContext();
        var ended = await EndSessionsAsync(db, userId, sessionId, "ended-by-owner", ct);
        await db.SaveChangesAsync(ct);
        return ended > 0;
    }

    /// <summary>Ends every session of the caller (a new security stamp: copied cookies fail their next check too).</summary>
    public async Task SignOutEverywhereAsync(CancellationToken ct)
    {
        if (current.Actor.UserId is not { } userId)
        {
            return;
        }

        await using var db = dbs.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await EndSessionsAsync(db, userId, null, "signout-everywhere", ct);
        db.Audit("signout", "BeaconUser", userId.ToString(), new { reason = "everywhere" });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks open sessions of <paramref name="userId"/> (or only <paramref name="sessionId"/>) ended, in <paramref name="db"/>'s next save.</summary>
    internal async Task<int> EndSessionsAsync(BeaconDb db, Guid userId, Guid? sessionId, string reason, CancellationToken ct)
    {
        var open = await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null && (sessionId == null || s.Id == sessionId)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var s in open)
        {
            s.EndedAt = now;
            s.EndReason = reason;
        }

        return open.Count;
    }

    /// <summary>After a change of password, the session asking goes on as a new one (the old ones ended with the change).</summary>
    public async Task RenewCookieAsync(HttpContext http, CancellationToken ct)
    {
        if (current.Actor.UserId is not { } userId || current.Actor.TokenId is not null)
        {
            return;
        }

        var session = await signIn.StartSessionAsync(userId, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(), ct);
        if (await signIn.PrincipalForAsync(userId, IdentityConstants.ApplicationScheme, session, ct) is { } principal)
        {
            await http.SignInAsync(IdentityConstants.ApplicationScheme, principal, new AuthenticationProperties { IsPersistent = false });
        }
    }
}

internal static class OwnAccountEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/account/password", async (OwnAccountHandler handler, HttpContext http, ChangePasswordRequest request, CancellationToken ct) =>
            {
                var errors = await handler.ChangePasswordAsync(request.CurrentPassword!, request.NewPassword!, ct);
                if (errors.Count > 0)
                {
                    return ApiResults.Invalid(errors);
                }

                await handler.RenewCookieAsync(http, ct);
                return Results.NoContent();
            })
            .RequirePermission(PlatformPermissions.ManageOwnAccount)
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithName("ChangeOwnPassword").WithTags("Account")
            .WithSummary("Changes the caller's password: the current one is required, recent ones are refused, other sessions end");
        api.MapGet("/account/sessions", (OwnAccountHandler handler, HttpContext http, CancellationToken ct) =>
                handler.SessionsAsync(Guid.TryParse(http.User.FindFirstValue(BeaconClaims.SessionId), out var id) ? id : null, ct))
            .WithName("ListOwnSessions").WithTags("Account")
            .WithSummary("The caller's open browser sessions with their last use");
        api.MapPost("/account/sessions/{id:guid}/end", async (OwnAccountHandler handler, Guid id, CancellationToken ct) =>
                await handler.EndSessionAsync(id, ct) ? Results.NoContent() : ApiResults.NotFound(PlatformErrors.SessionNotFound, "Session"))
            .RequirePermission(PlatformPermissions.ManageOwnAccount)
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("EndOwnSession").WithTags("Account")
            .WithSummary("Ends one of the caller's sessions");
        api.MapPost("/account/signout-everywhere", async (OwnAccountHandler handler, HttpContext http, CancellationToken ct) =>
            {
                await handler.SignOutEverywhereAsync(ct);
                await http.SignOutAsync(IdentityConstants.ApplicationScheme);
                return Results.NoContent();
            })
            .RequirePermission(PlatformPermissions.ManageOwnAccount)
            .Produces(StatusCodes.Status204NoContent)
            .WithName("SignOutEverywhere").WithTags("Account")
            .WithSummary("Ends every session of the caller, this one included");
    }
}
