using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Units.ListUnits;

public sealed record UnitView(
    Guid Id,
    string Name,
    UnitKind Kind,
    string JurisdictionCode,
    string JurisdictionName,
    string? DutyPhone,
    string? Fax,
    string? Address,
    bool IsRetired,
    DateTimeOffset? RetiredAt,
    Guid? MergedIntoId,
    int Version);

public sealed record UnitDetail(UnitView Unit, IReadOnlyList<UnitNameChangeView> NameHistory);

public sealed record UnitNameChangeView(string OldName, string NewName, DateTimeOffset ChangedAt);

/// <summary>Units in the caller's scope: the phone directory (单位通讯录) and the administration list.</summary>
public sealed class ListUnitsHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    public async Task<List<UnitView>> HandleAsync(string? jurisdictionCode, UnitKind? kind, string? search, bool includeRetired, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId);
        if (!string.IsNullOrWhiteSpace(jurisdictionCode))
        {
            query = query.Where(u => u.Jurisdiction!.Code == jurisdictionCode);
        }

        if (kind is not null)
        {
            query = query.Where(u => u.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where(u => u.Name.Contains(search) || u.Jurisdiction!.Name.Contains(search));
        }

        if (!includeRetired)
        {
            query = query.Where(u => !u.IsRetired);
        }

        return await query.OrderBy(u => u.Jurisdiction!.Path).ThenBy(u => u.Kind).ThenBy(u => u.Name)
            .Select(Project)
            .ToListAsync(ct);
    }

    public async Task<UnitDetail?> FindAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unit = await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId).Where(u => u.Id == id)
            .Select(Project).SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            return null;
        }

        var history = await db.UnitNameChanges.AsNoTracking().Where(n => n.UnitId == id)
            .OrderBy(n => n.ChangedAt)
            .Select(n => new UnitNameChangeView(n.OldName, n.NewName, n.ChangedAt))
            .ToListAsync(ct);
        return new UnitDetail(unit, history);
    }

    internal static readonly System.Linq.Expressions.Expression<Func<Unit, UnitView>> Project = u => new UnitView(
        u.Id, u.Name, u.Kind, u.Jurisdiction!.Code, u.Jurisdiction.Name, u.DutyPhone, u.Fax, u.Address,
        u.IsRetired, u.RetiredAt, u.MergedIntoId, u.Version);

    internal static readonly Func<Unit, UnitView> ToView = Project.Compile();
}

internal static class ListUnitsEndpoint
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/units", async (ListUnitsHandler handler, string? jurisdiction, UnitKind? kind, string? search, bool? includeRetired, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(jurisdiction, kind, search, includeRetired ?? false, ct)))
            .WithName("ListUnits").WithTags("Units")
            .WithSummary("Units in the caller's scope with their duty phone, fax and address");

        api.MapGet("/units/{id:guid}", async Task<IResult> (ListUnitsHandler handler, HttpContext http, Guid id, CancellationToken ct) =>
            {
                var detail = await handler.FindAsync(id, ct);
                if (detail is null)
                {
                    return ApiResults.NotFound("Unit");
                }

                ApiResults.SetETag(http, detail.Unit.Version);
                return TypedResults.Ok(detail);
            })
            .WithName("GetUnit").WithTags("Units")
            .Produces<UnitDetail>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound);
    }
}
