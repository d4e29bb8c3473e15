using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Accounts.ListAccounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Accounts.UpdateAccount;

/// <summary>Changes an account's name, unit, roles or status. Any change ends its open sessions.</summary>
public sealed record UpdateAccountRequest(
    [property: Required, StringLength(50, MinimumLength = 1)] string DisplayName,
    [property: Required] Guid? UnitId,
    [property: Required, MinLength(1, ErrorMessage = "must name at least one role")] string[] Roles,
    bool IsDisabled,
    [property: StringLength(40), Phone] string? PhoneNumber,
    [property: StringLength(100), EmailAddress] string? Email);

public sealed class UpdateAccountHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    public async Task<IResult> HandleAsync(Guid id, UpdateAccountRequest request, HttpContext http, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var user = await db.Users.InScope(scope, u => u.Unit!.JurisdictionId).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return ApiResults.NotFound("Account");
        }

        if (ApiResults.CheckIfMatch(http, user.Version) is { } precondition)
        {
            return precondition;
        }

        var unit = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == request.UnitId && !u.IsRetired, ct);
        if (unit is null)
        {
            return ApiResults.Invalid("unitId", "is not an active unit in your scope");
        }

        var unknown = request.Roles.Where(r => !Roles.IsKnown(r)).ToList();
        if (unknown.Count > 0)
        {
            return ApiResults.Invalid("roles", $"unknown role(s): {string.Join(", ", unknown)}");
        }

        if (user.Id == scopes.Actor.UserId && (request.IsDisabled || !request.Roles.Contains(Roles.Administrator)))
        {
            return ApiResults.Invalid("roles", "you cannot disable yourself or remove your own administrator role");
        }

        user.DisplayName = request.DisplayName.Trim();
        user.UnitId = unit.Id;
        user.IsDisabled = request.IsDisabled;
        user.PhoneNumber = request.PhoneNumber;
        user.Email = request.Email;
        user.NormalizedEmail = request.Email?.ToUpperInvariant();
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.Version++;

        var wanted = await db.Roles.Where(r => request.Roles.Contains(r.Name!)).ToListAsync(ct);
        var current = await db.UserRoles.Where(ur => ur.UserId == id).ToListAsync(ct);
        db.UserRoles.RemoveRange(current.Where(c => wanted.All(w => w.Id != c.RoleId)));
        foreach (var role in wanted.Where(w => current.All(c => c.RoleId != w.Id)))
        {
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = id, RoleId = role.Id });
        }

        await db.SaveChangesAsync(ct);
        ApiResults.SetETag(http, user.Version);
        return TypedResults.Ok(ListAccountsHandler.ToView(user, unit.Name, unit.Jurisdiction!.Code, unit.Jurisdiction.Name,
            wanted.Select(w => w.Name!).ToList()));
    }
}

internal static class UpdateAccountEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPut("/accounts/{id:guid}", (UpdateAccountHandler handler, HttpContext http, Guid id, UpdateAccountRequest request, CancellationToken ct) =>
                handler.HandleAsync(id, request, http, ct))
            .WithName("UpdateAccount").WithTags("Accounts")
            .WithSummary("Changes an account; needs If-Match");
}
