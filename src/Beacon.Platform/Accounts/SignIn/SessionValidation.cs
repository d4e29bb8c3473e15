using System.Globalization;
using System.Security.Claims;
using Beacon.Platform.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Accounts.SignIn;

/// <summary>
/// Re-checks a browser session against its account at most once a minute: a disabled account, a reset
/// password or changed roles (all of which change the security stamp) end the session.
/// </summary>
internal static class SessionValidation
{
    private const string CheckedKey = ".beacon.checked";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var clock = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
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
        if (!ok)
        {
            ctx.RejectPrincipal();
            return;
        }

        ctx.Properties.Items[CheckedKey] = now.UtcTicks.ToString(CultureInfo.InvariantCulture);
        ctx.ShouldRenew = true;
    }
}
