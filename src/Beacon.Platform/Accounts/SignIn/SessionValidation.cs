using System.Globalization;
using System.Security.Claims;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Accounts.SignIn;

/// <summary>
/// Re-checks a browser session against its account at most once a minute: a disabled account, a reset
/// password or changed roles (all of which change the security stamp) end the session.
/// </summary>
public static class SessionValidation
{
    private const string CheckedKey = ".beacon.checked";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    internal static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var clock = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        // The absolute lifetime holds on every request, however active the session (decision 0015).
        if (HasExpired(ctx.Principal, now))
        {
            ctx.RejectPrincipal();
            return;
        }

        if (ctx.Properties.Items.TryGetValue(CheckedKey, out var last)
            && long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && now - new DateTimeOffset(ticks, TimeSpan.Zero) < Interval)
        {
            return;
        }

        if (!Guid.TryParse(ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            ctx.RejectPrincipal();
            return;
        }

        var options = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<BeaconDb>>();
        await using var db = new BeaconDb(options, Scope.Actor.System, clock);
        var stamp = ctx.Principal!.FindFirstValue("AspNet.Identity.SecurityStamp");
        var ok = await db.Users.AnyAsync(u => u.Id == userId && !u.IsDisabled && u.SecurityStamp == stamp, ctx.HttpContext.RequestAborted);
        if (ok && Guid.TryParse(ctx.Principal!.FindFirstValue(BeaconClaims.SessionId), out var sessionId))
        {
            // A session ended on the server (sign-out, by its owner from another device) is over; otherwise it was seen now.
            ok = await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ctx.HttpContext.RequestAborted) == 1;
        }

        if (!ok)
        {
            ctx.RejectPrincipal();
            return;
        }

        ctx.Properties.Items[CheckedKey] = now.UtcTicks.ToString(CultureInfo.InvariantCulture);
        ctx.ShouldRenew = true;
    }

    /// <summary>Whether the session's absolute lifetime has passed.</summary>
    public static bool HasExpired(ClaimsPrincipal? principal, DateTimeOffset now) =>
        principal?.FindFirstValue(BeaconClaims.SessionExpires) is { } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
        && now.UtcTicks >= ticks;
}
