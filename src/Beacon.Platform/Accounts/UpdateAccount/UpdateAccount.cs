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

/// <summary>What <see cref="UpdateAccountHandler.UpdateAsync"/> decided.</summary>
public abstract record UpdateAccountOutcome
{
    private UpdateAccountOutcome()
    {
    }

    public sealed record Updated(AccountView Account) : UpdateAccountOutcome;

    public sealed record NotFound : UpdateAccountOutcome;

    /// <summary>The caller did not say which version it read.</summary>
    public sealed record VersionRequired : UpdateAccountOutcome;

    /// <summary>The account changed since the caller read it; <see cref="CurrentVersion"/> is what it is now.</summary>
    public sealed record Stale(int CurrentVersion) : UpdateAccountOutcome;

    /// <summary>The unit is unknown, retired or outside the caller's scope.</summary>
    public sealed record UnitNotInScope : UpdateAccountOutcome;

    public sealed record UnknownRoles(IReadOnlyList<string> Roles) : UpdateAccountOutcome;

    /// <summary>An administrator may not disable their own account or drop their own administrator role.</summary>
    public sealed record SelfLockout : UpdateAccountOutcome;
}

public sealed class UpdateAccountHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    /// <summary>
    /// Changes the account if <paramref name="versionMatches"/> accepts its current version (optimistic concurrency);
    /// null means the caller named no version, which is refused. The request must already be valid.
    /// </summary>
    public async Task<UpdateAccountOutcome> UpdateAsync(Guid id, UpdateAccountRequest request, Func<int, bool>? versionMatches, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var user = await db.Users.InScope(scope, u => u.Unit!.JurisdictionId).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return new UpdateAccountOutcome.NotFound();
        }

        if (versionMatches is null)
        {
            return new UpdateAccountOutcome.VersionRequired();
        }

        if (!versionMatches(user.Version))
        {
            return new UpdateAccountOutcome.Stale(user.Version);
        }

        var unit = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == request.UnitId && !u.IsRetired, ct);
        if (unit is null)
        {
            return new UpdateAccountOutcome.UnitNotInScope();
        }

        var unknown = request.Roles.Where(r => !Roles.IsKnown(r)).ToList();
        if (unknown.Count > 0)
        {
            return new UpdateAccountOutcome.UnknownRoles(unknown);
        }

        if (user.Id == scopes.Actor.UserId && (request.IsDisabled || !request.Roles.Contains(Roles.Administrator)))
        {
            return new UpdateAccountOutcome.SelfLockout();
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
        return new UpdateAccountOutcome.Updated(ListAccountsHandler.ToView(user, unit.Name, unit.Jurisdiction!.Code, unit.Jurisdiction.Name,
            wanted.Select(w => w.Name!).ToList()));
    }

    public async Task<IResult> HandleAsync(Guid id, UpdateAccountRequest request, HttpContext http, CancellationToken ct)
    {
        Func<int, bool>? versionMatches = http.Request.Headers.IfMatch.Count == 0 ? null : v => ApiResults.CheckIfMatch(http, v) is null;
        switch (await UpdateAsync(id, request, versionMatches, ct))
        {
            case UpdateAccountOutcome.Updated updated:
                ApiResults.SetETag(http, updated.Account.Version);
                return TypedResults.Ok(updated.Account);
            case UpdateAccountOutcome.NotFound:
                return ApiResults.NotFound("Account");
            case UpdateAccountOutcome.VersionRequired:
                return ApiResults.PreconditionRequired();
            case UpdateAccountOutcome.Stale stale:
                return ApiResults.CheckIfMatch(http, stale.CurrentVersion) ?? ApiResults.PreconditionFailed();
            case UpdateAccountOutcome.UnitNotInScope:
                return ApiResults.Invalid("unitId", "is not an active unit in your scope");
            case UpdateAccountOutcome.UnknownRoles unknown:
                return ApiResults.Invalid("roles", $"unknown role(s): {string.Join(", ", unknown.Roles)}");
            case UpdateAccountOutcome.SelfLockout:
                return ApiResults.Invalid("roles", "you cannot disable yourself or remove your own administrator role");
            case var other:
                throw new InvalidOperationException($"Unhandled outcome {other}.");
        }
    }
}

internal static class UpdateAccountEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPut("/accounts/{id:guid}", (UpdateAccountHandler handler, HttpContext http, Guid id, UpdateAccountRequest request, CancellationToken ct) =>
                handler.HandleAsync(id, request, http, ct))
            .WithName("UpdateAccount").WithTags("Accounts")
            .Produces<AccountView>().AnswersETag(StatusCodes.Status200OK).NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Changes an account; needs If-Match");
}
