using Beacon.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Accounts.ListRoles;

public sealed record RoleView(string Name, string NameZh, string NameEn, int Accounts);

/// <summary>The roles with their Chinese and English labels and how many accounts in scope hold each.</summary>
public sealed class ListRolesHandler(BeaconDbFactory dbs, Scope.ScopeService scopes)
{
    public static IReadOnlyDictionary<string, (string Zh, string En)> Labels { get; } = new Dictionary<string, (string, string)>
    {
        [Roles.Administrator] = ("系统管理员", "Administrator"),
        [Roles.DutyOfficer] = ("值班员", "Duty officer"),
        [Roles.LeaderOnDuty] = ("带班领导", "Leader on duty"),
        [Roles.Leader] = ("领导", "Leader"),
        [Roles.DepartmentLiaison] = ("部门联络员", "Department liaison"),
        [Roles.Viewer] = ("查看人员", "Viewer"),
    };

    public async Task<List<RoleView>> HandleAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var inScope = Scope.ScopeQueries.InScope(db.Users, scope, u => u.Unit!.JurisdictionId).Select(u => u.Id);
        var counts = await db.UserRoles.Where(ur => inScope.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!)
            .GroupBy(n => n).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return Roles.All.Select(r => new RoleView(r, Labels[r].Zh, Labels[r].En, counts.GetValueOrDefault(r))).ToList();
    }
}

internal static class ListRolesEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/roles", async (ListRolesHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithName("ListRoles").WithTags("Accounts").WithSummary("The roles and what each may do; a fixed code list, complete and unpaged");
}
