using System.Security.Claims;
using Beacon.Platform.Accounts.OwnAccount;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Account;

/// <summary>
/// The browser's sign-in steps (password, second factor, authenticator enrolment), sign-out and the language
/// switch. The pages that show these forms are static server-rendered components in Components/Account.
/// </summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();

        account.MapPost("/signin", async (HttpContext http, SignInService signIn, [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 100 || password.Length > 200)
            {
                return Results.LocalRedirect(SignInPage("missing", returnUrl));
            }

            var outcome = await signIn.CheckPasswordAsync(userName, password, Client(http), http.RequestAborted);
            switch (outcome.Status)
            {
                case SignInStatus.Succeeded:
                    return await CompleteAsync(http, signIn, outcome.UserId!.Value, returnUrl);
                case SignInStatus.NeedsSecondFactor:
                case SignInStatus.NeedsSecondFactorEnrollment:
                    var pending = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, outcome.UserId!.Value.ToString())], IdentityConstants.TwoFactorUserIdScheme));
                    await http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, pending);
                    var next = outcome.Status == SignInStatus.NeedsSecondFactor ? "/account/two-factor" : "/account/enroll";
                    return Results.LocalRedirect($"{next}?returnUrl={Uri.EscapeDataString(Safe(returnUrl))}");
                default:
                    return Results.LocalRedirect(SignInPage("failed", returnUrl));
            }
        });

        // The authenticator's code, or one of the recovery codes instead (decision 0023).
        account.MapPost("/two-factor", async (HttpContext http, SignInService signIn, [FromForm] string? code, [FromForm] string? recoveryCode, [FromForm] string? returnUrl) =>
        {
            if (await PendingUserAsync(http) is not { } userId)
            {
                return Results.LocalRedirect(SignInPage("expired", returnUrl));
            }

            var recovery = !string.IsNullOrEmpty(recoveryCode);
            var outcome = recovery
                ? await signIn.CheckRecoveryCodeAsync(userId, recoveryCode, Client(http), http.RequestAborted)
                : await signIn.CheckSecondFactorAsync(userId, code, Client(http), http.RequestAborted);
            return outcome.Status == SignInStatus.Succeeded
                ? await CompleteAsync(http, signIn, userId, returnUrl)
                : Results.LocalRedirect($"/account/two-factor?error={(recovery ? "recovery" : "failed")}&returnUrl={Uri.EscapeDataString(Safe(returnUrl))}");
        });

        account.MapPost("/enroll", async (HttpContext http, SignInService signIn, [FromForm] string? secret, [FromForm] string? code, [FromForm] string? returnUrl) =>
        {
            if (await PendingUserAsync(http) is not { } userId)
            {
                return Results.LocalRedirect(SignInPage("expired", returnUrl));
            }

            var outcome = await signIn.EnrollSecondFactorAsync(userId, secret ?? "", code, Client(http), http.RequestAborted);
            return outcome.Status == SignInStatus.Succeeded
                ? await CompleteAsync(http, signIn, userId, returnUrl)
                : Results.LocalRedirect($"/account/enroll?error=failed&secret={Uri.EscapeDataString(secret ?? "")}&returnUrl={Uri.EscapeDataString(Safe(returnUrl))}");
        });

        // The change-password form (forced after an administrator's reset or expiry, or by choice); the API is /api/v1/account/password.
        account.MapPost("/password", async (HttpContext http, OwnAccountHandler handler, [FromForm] string? currentPassword, [FromForm] string? newPassword,
            [FromForm] string? confirmPassword, [FromForm] string? returnUrl) =>
        {
            if (http.User.Identity?.IsAuthenticated != true)
            {
                return Results.LocalRedirect(SignInPage("expired", "/account/password"));
            }

            if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword) || currentPassword.Length > 200 || newPassword.Length > 200)
            {
                return Results.LocalRedirect($"/account/password?error=missing&returnUrl={Uri.EscapeDataString(Safe(returnUrl))}");
            }

            if (newPassword != confirmPassword)
            {
                return Results.LocalRedirect($"/account/password?error=mismatch&returnUrl={Uri.EscapeDataString(Safe(returnUrl))}");
            }

            var errors = await handler.ChangePasswordAsync(currentPassword, newPassword, http.RequestAborted);
            if (errors.Count > 0)
            {
                return Results.LocalRedirect($"/account/password?error={Uri.EscapeDataString(errors[0].Code)}&returnUrl={Uri.EscapeDataString(Safe(returnUrl))}");
            }

            await handler.RenewCookieAsync(http, http.RequestAborted);
            return Results.LocalRedirect(Safe(returnUrl) is "/" ? "/account/security?changed=1" : Safe(returnUrl));
        });

        account.MapPost("/sessions/{id:guid}/end", async (HttpContext http, OwnAccountHandler handler, Guid id) =>
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                await handler.EndSessionAsync(id, http.RequestAborted);
            }

            return Results.LocalRedirect("/account/security");
        });
        account.MapPost("/signout-everywhere", async (HttpContext http, OwnAccountHandler handler) =>
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                await handler.SignOutEverywhereAsync(http.RequestAborted);
            }

            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.LocalRedirect("/account/signin");
        });

        account.MapPost("/signout", SignOutAsync);
        account.MapGet("/signout", SignOutAsync);

        app.MapGet("/culture/{name}", (HttpContext http, string name, string? returnUrl) =>
        {
            var culture = BeaconWeb.Cultures.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? BeaconWeb.Cultures[0];
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UnixEpoch.AddYears(100), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(Safe(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, BeaconDbFactory dbs, string? reason)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            await using var db = dbs.CreateFor(Actor.FromPrincipal(http.User, Client(http)));
            var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            // A new security stamp ends this session on the server too: a copied cookie fails its next check.
            if (Guid.TryParse(userId, out var id) && await db.Users.FindAsync([id], http.RequestAborted) is { } user)
            {
                user.SecurityStamp = Guid.NewGuid().ToString("N");
            }

            if (Guid.TryParse(http.User.FindFirstValue(BeaconClaims.SessionId), out var sessionId)
                && await db.UserSessions.FindAsync([sessionId], http.RequestAborted) is { EndedAt: null } session)
            {
                session.EndedAt = db.Clock.GetUtcNow();
                session.EndReason = reason ?? "signout";
            }

            db.Audit("signout", "BeaconUser", userId, new { reason = reason ?? "user" });
            await db.SaveChangesAsync(http.RequestAborted);
        }

        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return Results.LocalRedirect(reason == "idle" ? "/account/signin?error=idle" : "/account/signin");
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, SignInService signIn, Guid userId, string? returnUrl)
    {
        // A session known on the server: listed to its owner, ended by sign-out, over at its absolute lifetime (decision 0015).
        var session = await signIn.StartSessionAsync(userId, Client(http), http.Request.Headers.UserAgent.ToString(), http.RequestAborted);
        var principal = await signIn.PrincipalForAsync(userId, IdentityConstants.ApplicationScheme, session, http.RequestAborted);
        if (principal is null)
        {
            return Results.LocalRedirect(SignInPage("failed", returnUrl));
        }

        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await http.SignInAsync(IdentityConstants.ApplicationScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return principal.FindFirstValue(BeaconClaims.PasswordChange) is not null
            ? Results.LocalRedirect($"{PasswordChangeGate.ChangePage}?returnUrl={Uri.EscapeDataString(Safe(returnUrl))}")
            : Results.LocalRedirect(Safe(returnUrl));
    }

    private static async Task<Guid?> PendingUserAsync(HttpContext http)
    {
        var pending = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return Guid.TryParse(pending.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    }

    private static string SignInPage(string error, string? returnUrl) =>
        $"/account/signin?error={error}&returnUrl={Uri.EscapeDataString(Safe(returnUrl))}";

    /// <summary>Only local paths, so the sign-in form cannot be used to redirect elsewhere.</summary>
    internal static string Safe(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    private static string? Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
