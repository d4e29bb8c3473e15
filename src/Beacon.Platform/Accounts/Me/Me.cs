using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Accounts.Me;

public sealed record MeView(
    Guid? UserId, Guid? TokenId, string UserName, string DisplayName, Guid? UnitId, string UnitName,
    string JurisdictionCode, string JurisdictionName, IReadOnlyList<string> Roles);

/// <summary>Who the caller is: account or token, unit, jurisdiction (the root of its data scope) and roles.</summary>
public sealed class MeHandler(BeaconDbFactory dbs, CurrentActor current)
{
    public async Task<MeView> HandleAsync(CancellationToken ct)
    {
        var actor = current.Actor;
        await using var db = dbs.CreateDbContext();
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == actor.UnitId)
            .Select(u => new { u.Name, u.Jurisdiction!.Code, JName = u.Jurisdiction.Name })
            .SingleOrDefaultAsync(ct);
        var displayName = actor.UserId is { } uid
            ? await db.Users.Where(u => u.Id == uid).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? actor.UserName
            : actor.UserName;
        return new MeView(actor.UserId, actor.TokenId, actor.UserName, displayName, actor.UnitId, unit?.Name ?? "",
            unit?.Code ?? "", unit?.JName ?? "", actor.Roles);
    }
}

internal static class MeEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me", async (MeHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithName("Me").WithTags("Accounts")
            .WithSummary("The caller: account or token, unit, jurisdiction and roles");
}
