using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Audit.ListAudit;

public sealed record AuditQuery(
    Guid? UnitId, string? User, DateTimeOffset? From, DateTimeOffset? To, string? Action, string? EntityId, int Page = 1, int PageSize = 50);

/// <summary>One row of the trail; <paramref name="Sequence"/> is null for a moment, until the row is sealed into the chain.</summary>
public sealed record AuditRow(
    Guid Id, long? Sequence, DateTimeOffset OccurredAt, string UserName, Guid? UserId, Guid? UnitId, string? UnitName,
    string Action, string? EntityType, string? EntityId, string Summary, string? ClientAddress, string Outcome);

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Total, int Page, int PageSize);

/// <summary>Reads the audit trail of the actors in scope, newest first, filtered and paged.</summary>
public sealed class ListAuditHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    public const int MaxPageSize = 200;

    public async Task<AuditPage> HandleAsync(AuditQuery q, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.AuditEntries.AsNoTracking().InScope(scope, e => e.JurisdictionId);
        if (q.UnitId is not null)
        {
            query = query.Where(e => e.UnitId == q.UnitId);
        }

        if (!string.IsNullOrWhiteSpace(q.User))
        {
            query = query.Where(e => e.UserName.Contains(q.User));
        }

        if (q.From is { } from)
        {
            var f = from.ToUniversalTime();
            query = query.Where(e => e.OccurredAt >= f);
        }

        if (q.To is { } to)
        {
            var t = to.ToUniversalTime();
            query = query.Where(e => e.OccurredAt < t);
        }

        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            query = query.Where(e => e.Action.StartsWith(q.Action));
        }

        if (!string.IsNullOrWhiteSpace(q.EntityId))
        {
            query = query.Where(e => e.EntityId == q.EntityId);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((q.Page - 1) * q.PageSize).Take(q.PageSize)
            .Select(e => new AuditRow(e.Id, e.Sequence, e.OccurredAt, e.UserName, e.UserId, e.UnitId,
                db.Units.Where(u => u.Id == e.UnitId).Select(u => u.Name).FirstOrDefault(),
                e.Action, e.EntityType, e.EntityId, e.Summary, e.ClientAddress, e.Outcome))
            .ToListAsync(ct);
        return new AuditPage(rows, total, q.Page, q.PageSize);
    }
}

internal static class ListAuditEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/audit", async Task<IResult> (ListAuditHandler handler, Guid? unitId, string? user, DateTimeOffset? from, DateTimeOffset? to,
                string? action, string? entityId, int? page, int? pageSize, CancellationToken ct) =>
            {
                if (page is < 1)
                {
                    return ApiResults.Invalid("page", "must be 1 or more");
                }

                if (pageSize is < 1 or > ListAuditHandler.MaxPageSize)
                {
                    return ApiResults.Invalid("pageSize", $"must be between 1 and {ListAuditHandler.MaxPageSize}");
                }

                return TypedResults.Ok(await handler.HandleAsync(
                    new AuditQuery(unitId, user, from, to, action, entityId, page ?? 1, pageSize ?? 50), ct));
            })
            .WithName("ListAudit").WithTags("Audit").Produces<AuditPage>()
            .WithSummary("The audit trail (审计日志) of the caller's scope, newest first");
}
