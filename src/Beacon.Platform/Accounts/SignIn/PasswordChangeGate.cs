using System.Security.Claims;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Http;

namespace Beacon.Platform.Accounts.SignIn;

/// <summary>
/// A session whose password must be changed (an administrator's reset, or expiry) can do nothing else: the API answers
/// 403 with <see cref="PlatformErrors.PasswordChangeRequired"/>, pages send the person to the change form. Sign-out,
/// the change itself and the files the form needs stay open. Decision 0015.
/// </summary>
public static class PasswordChangeGate
{
    public const string ChangePage = "/account/password";

    public static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        if (http.User.FindFirstValue(BeaconClaims.PasswordChange) is null || IsOpen(http.Request.Path))
        {
            await next(http);
            return;
        }

        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/hubs") || http.Request.Path.StartsWithSegments("/_blazor"))
        {
            await ApiResults.Forbidden(PlatformErrors.PasswordChangeRequired, "Change your password first (POST /api/v1/account/password).").ExecuteAsync(http);
            return;
        }

        http.Response.Redirect(ChangePage);
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/api/v1/account/password")
        || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/culture")
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/not-found") || Path.HasExtension(path.Value);
}
