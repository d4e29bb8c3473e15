using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Accounts.ListAccounts;

public sealed record AccountView(
    Guid Id,
    string UserName,
    string DisplayName,
    Guid UnitId,
    string UnitName,
    string JurisdictionCode,
    string JurisdictionName,
    IReadOnlyList<string> Roles,
    string? PhoneNumber,
    string? Email,
    bool IsDisabled,
    bool TwoFactorEnabled,
    DateTimeOffset? LastSignInAt,
    int Version);

/// <summary>Accounts of the units in the administrator's scope.</summary>
public sealed class ListAccountsHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    public async Task<List<AccountView>> HandleAsync(string? jurisdictionCode, Guid? unitId, string? role, string? search, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Users.AsNoTracking().InScope(scope, u => u.Unit!.JurisdictionId);
        if (!string.IsNullOrWhiteSpace(jurisdictionCode))
        {
            query = query.Where(u => u.Unit!.Jurisdiction!.Code == jurisdictionCode);
        }

        if (unitId is not null)
        {
            query = query.Where(u => u.UnitId == unitId);
        }

        if (!string.IsNullOrWhiteSpace(role))
        {
            var roleName = role;
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == roleName)));
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where(u => u.UserName!.Contains(search) || u.DisplayName.Contains(search));
        }

        var rows = await query.OrderBy(u => u.Unit!.Jurisdiction!.Path).ThenBy(u => u.UserName)
            .Select(u => new
            {
                User = u,
                UnitName = u.Unit!.Name,
                u.Unit.Jurisdiction!.Code,
                JurisdictionName = u.Unit.Jurisdiction.Name,
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.User.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        return rows.Select(r => ToView(r.User, r.UnitName, r.Code, r.JurisdictionName, [.. byUser[r.User.Id]])).ToList();
    }

    public async Task<AccountView?> FindAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var row = await db.Users.AsNoTracking().InScope(scope, u => u.Unit!.JurisdictionId).Where(u => u.Id == id)
            .Select(u => new { User = u, UnitName = u.Unit!.Name, u.Unit.Jurisdiction!.Code, JurisdictionName = u.Unit.Jurisdiction.Name })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var roles = await SignIn.SignInService.RolesOfAsync(db, id, ct);
        return ToView(row.User, row.UnitName, row.Code, row.JurisdictionName, roles);
    }

    internal static AccountView ToView(BeaconUser u, string unitName, string code, string jurisdictionName, IReadOnlyList<string> roles) =>
        new(u.Id, u.UserName ?? "", u.DisplayName, u.UnitId, unitName, code, jurisdictionName,
            [.. roles.OrderBy(r => Roles.All.ToList().IndexOf(r))], u.PhoneNumber, u.Email, u.IsDisabled,
            u.ProtectedTotpSecret is not null, u.LastSignInAt, u.Version);
}

internal static class ListAccountsEndpoint
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/accounts", async (ListAccountsHandler handler, string? jurisdiction, Guid? unitId, string? role, string? search, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(jurisdiction, unitId, role, search, ct)))
            .WithName("ListAccounts").WithTags("Accounts");

        admin.MapGet("/accounts/{id:guid}", async Task<IResult> (ListAccountsHandler handler, HttpContext http, Guid id, CancellationToken ct) =>
            {
                var account = await handler.FindAsync(id, ct);
                if (account is null)
                {
                    return ApiResults.NotFound("Account");
                }

                ApiResults.SetETag(http, account.Version);
                return TypedResults.Ok(account);
            })
            .WithName("GetAccount").WithTags("Accounts")
            .Produces<AccountView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound);
    }
}
