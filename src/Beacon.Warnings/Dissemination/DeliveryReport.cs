using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Dissemination;

public sealed record DeliveryCount(string Channel, string Status, int Count);

public sealed record DeliveryRow(long Id, Guid RecipientId, string RecipientName, string Channel, string Status, int Attempts, string? LastError, DateTimeOffset? SentAt);

/// <summary>
/// How far a warning's dissemination got (发布情况): counts per channel and status and one page of deliveries.
/// <see cref="Done"/> once the recipients are known and nothing is queued or retrying.
/// </summary>
public sealed record DeliveryReport(Guid WarningId, bool Expanded, bool Done, int Total, IReadOnlyList<DeliveryCount> Counts, int Page, int PageSize, IReadOnlyList<DeliveryRow> Deliveries);

public sealed class DeliveryReportHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    public async Task<IResult> GetAsync(Guid warningId, int page, int pageSize, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        if (!await db.Set<Warning>().InScope(scope, w => w.IssuingJurisdictionId).AnyAsync(w => w.Id == warningId, ct))
        {
            return ApiResults.NotFound("Warning");
        }

        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        var deliveries = db.Set<Delivery>().AsNoTracking().Where(d => d.WarningId == warningId);
        var counts = await deliveries.GroupBy(d => new { d.Channel, d.Status }).Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var job = await db.Set<DisseminationJob>().AsNoTracking().Where(j => j.WarningId == warningId).Select(j => new { j.ExpandedAt }).SingleOrDefaultAsync(ct);
        var rows = await deliveries.OrderBy(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.Set<Recipient>(), d => d.RecipientId, r => r.Id, (d, r) => new { d, r.Name })
            .ToListAsync(ct);
        var expanded = job?.ExpandedAt is not null;
        return TypedResults.Ok(new DeliveryReport(
            warningId, expanded,
            expanded && counts.All(c => c.Status is not (DeliveryStatus.Queued or DeliveryStatus.Retrying)),
            counts.Sum(c => c.Count),
            [.. counts.OrderBy(c => c.Channel).ThenBy(c => c.Status).Select(c => new DeliveryCount(c.Channel.ToString(), c.Status.ToString(), c.Count))],
            page, pageSize,
            [.. rows.Select(x => new DeliveryRow(x.d.Id, x.d.RecipientId, x.Name, x.d.Channel.ToString(), x.d.Status.ToString(), x.d.Attempts, x.d.LastError, x.d.SentAt))]));
    }
}

internal static class DeliveryReportEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/warnings/{id:guid}/deliveries", (DeliveryReportHandler h, Guid id, int? page, int? pageSize, CancellationToken ct) => h.GetAsync(id, page ?? 1, pageSize ?? 100, ct))
            .WithName("WarningDeliveries").WithTags("Dissemination")
            .Produces<DeliveryReport>().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("Delivery report of a warning: counts per channel and status, and a page of deliveries");
}
