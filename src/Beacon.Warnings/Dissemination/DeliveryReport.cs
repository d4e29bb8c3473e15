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

/// <summary>
/// One delivery. <see cref="Answer"/>: what the far end answered (an SMTP reply); <see cref="ExternalId"/>: its id of the
/// message; <see cref="Recorded"/>: the development recorder took it (演示记录): written down, not sent to anybody.
/// </summary>
public sealed record DeliveryRow(long Id, Guid RecipientId, string RecipientName, string Channel, string Status, int Attempts, string? LastError, DateTimeOffset? SentAt,
    string? Answer = null, string? ExternalId = null, DateTimeOffset? DeliveredAt = null, DateTimeOffset? NextAttemptAt = null, bool Recorded = false);

/// <summary>
/// How far a warning's dissemination got (发布情况): counts per channel and status and one page of deliveries (only the
/// failed and given-up ones when asked for failures). <see cref="Done"/> once the recipients are known and nothing is
/// queued or retrying. <see cref="RecorderChannels"/>: the channels this instance records instead of sending (演示记录).
/// </summary>
public sealed record DeliveryReport(Guid WarningId, bool Expanded, bool Done, int Total, IReadOnlyList<DeliveryCount> Counts, int Page, int PageSize, IReadOnlyList<DeliveryRow> Deliveries,
    IReadOnlyList<string>? RecorderChannels = null);

public sealed class DeliveryReportHandler(BeaconDbFactory dbs, ScopeService scopes, IEnumerable<IWarningChannel> channels)
{
    private readonly string[] _recorderChannels = [.. channels.OfType<RecordingChannel>().Select(c => c.Channel.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>The report with one page of deliveries (by id); <paramref name="paging"/> already checked (decision 0004, "Lists and paging").</summary>
    public async Task<IResult> GetAsync(Guid warningId, PageRequest paging, CancellationToken ct) =>
        await ReadAsync(warningId, paging, failures: false, ct) is { } report ? TypedResults.Ok(report) : ApiResults.NotFound(WarningErrors.NotFound, "Warning");

    /// <summary>The report, or null when the warning is not in the caller's scope; with <paramref name="failures"/> the page lists failed and given-up deliveries only.</summary>
    public async Task<DeliveryReport?> ReadAsync(Guid warningId, PageRequest paging, bool failures, CancellationToken ct)
    {
        var (page, pageSize) = (paging.Page, paging.PageSize);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        if (!await db.Set<Warning>().InScope(scope, w => w.IssuingJurisdictionId).AnyAsync(w => w.Id == warningId, ct))
        {
            return null;
        }

        var deliveries = db.Set<Delivery>().AsNoTracking().Where(d => d.WarningId == warningId);
        var listed = failures ? deliveries.Where(d => d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.GivenUp) : deliveries;
        var counts = await deliveries.GroupBy(d => new { d.Channel, d.Status }).Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var job = await db.Set<DisseminationJob>().AsNoTracking().Where(j => j.WarningId == warningId).Select(j => new { j.ExpandedAt }).SingleOrDefaultAsync(ct);
        var rows = await listed.OrderBy(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.Set<Recipient>(), d => d.RecipientId, r => r.Id, (d, r) => new { d, r.Name })
            .ToListAsync(ct);
        var expanded = job?.ExpandedAt is not null;
        return new DeliveryReport(
            warningId, expanded,
            expanded && counts.All(c => c.Status is not (DeliveryStatus.Queued or DeliveryStatus.Retrying)),
            counts.Sum(c => c.Count),
            [.. counts.OrderBy(c => c.Channel).ThenBy(c => c.Status).Select(c => new DeliveryCount(c.Channel.ToString(), c.Status.ToString(), c.Count))],
            page, pageSize,
            [.. rows.Select(x => new DeliveryRow(x.d.Id, x.d.RecipientId, x.Name, x.d.Channel.ToString(), x.d.Status.ToString(), x.d.Attempts, x.d.LastError, x.d.SentAt,
                x.d.Answer, x.d.ExternalId, x.d.DeliveredAt, x.d.Status is DeliveryStatus.Queued or DeliveryStatus.Retrying ? x.d.NextAttemptAt : null,
                x.d.Answer == RecordingChannel.RecorderAnswer))],
            _recorderChannels);
    }
}

internal static class DeliveryReportEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/warnings/{id:guid}/deliveries", async Task<IResult> (DeliveryReportHandler h, Guid id, int? page, int? pageSize, bool? failures, CancellationToken ct) =>
                Paging.Check(page, pageSize, out var paging) is { } invalid ? invalid
                : await h.ReadAsync(id, paging, failures == true, ct) is { } report ? TypedResults.Ok(report) : ApiResults.NotFound(WarningErrors.NotFound, "Warning"))
            .WithName("WarningDeliveries").WithTags("Dissemination")
            .Produces<DeliveryReport>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Delivery report of a warning: counts per channel and status, the total, and one page of deliveries by id (page, pageSize as for every list; failures=true: failed and given-up ones only), each with what the far end answered; the channels recorded, not sent (演示记录)");
}
