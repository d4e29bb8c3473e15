using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Accounts.ResetPassword;

public sealed record ResetPasswordResult(string TemporaryPassword);

/// <summary>
/// An administrator resets a password: a new random one is shown once and must be changed at the next sign-in, open
/// sessions end, the sign-in delay is cleared; when <c>resetSecondFactor</c> is set the account must enrol its authenticator again.
/// </summary>
public sealed class ResetPasswordHandler(BeaconDbFactory dbs, ScopeService scopes, PasswordPolicy passwords, TimeProvider clock)
{
    /// <summary>Resets the password; null when the account is not in the caller's scope.</summary>
    public async Task<ResetPasswordResult?> ResetAsync(Guid id, bool resetSecondFactor, CancellationToken ct)
    {
        await scopes.DemandAsync(PlatformPermissions.ManageAccounts, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var user = await db.Users.InScope(scope, u => u.Unit!.JurisdictionId).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return null;
        }

        var password = PasswordPolicy.Generate();
        // The administrator knows this one: it works once, to set a password only its owner knows (decision 0015).
        if (user.PasswordHash is not null)
        {
            user.PasswordHistory = string.Join('\n', new[] { user.PasswordHash }.Concat((user.PasswordHistory ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)).Take(10));
        }

        user.PasswordHash = passwords.Hash(user, password);
        user.MustChangePassword = true;
        user.PasswordChangedAt = clock.GetUtcNow();
        foreach (var session in await db.UserSessions.Where(s => s.UserId == user.Id && s.EndedAt == null).ToListAsync(ct))
        {
            session.EndedAt = clock.GetUtcNow();
            session.EndReason = "password-reset";
        }

        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.FailedSignIns = 0;
        user.SignInBlockedUntil = null;
        if (resetSecondFactor)
        {
            user.ProtectedTotpSecret = null;
            user.TwoFactorEnabled = false;
            user.LastTotpStep = 0;
            user.RecoveryCodes = null;
        }

        user.Version++;
        db.Audit("account.password-reset", "BeaconUser", user.Id.ToString(), new { resetSecondFactor });
        await db.SaveChangesAsync(ct);
        return new ResetPasswordResult(password);
    }

    public async Task<IResult> HandleAsync(Guid id, bool resetSecondFactor, CancellationToken ct) =>
        await ResetAsync(id, resetSecondFactor, ct) is { } result ? TypedResults.Ok(result) : ApiResults.NotFound(PlatformErrors.AccountNotFound, "Account");
}

internal static class ResetPasswordEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/accounts/{id:guid}/reset-password", (ResetPasswordHandler handler, Guid id, bool? resetSecondFactor, CancellationToken ct) =>
                handler.HandleAsync(id, resetSecondFactor ?? false, ct))
            .RequirePermission(PlatformPermissions.ManageAccounts)
            .WithName("ResetPassword").WithTags("Accounts")
            .Produces<ResetPasswordResult>().ProducesProblems(StatusCodes.Status404NotFound);
}
