using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Dissemination.Deliveries;

/// <summary>Which failed deliveries to send again: the ids given, or (none given) every failed and given-up one of the warning.</summary>
public sealed record RetryDeliveriesRequest([property: MaxLength(1000)] IReadOnlyList<long>? DeliveryIds);

/// <summary>How many deliveries were queued again.</summary>
public sealed record RetryDeliveriesResult(Guid WarningId, int Queued);

/// <summary>
/// Sends failed (失败) and given-up (放弃) deliveries of a warning again (重发): they are queued with a fresh set of
/// attempts and the dispatcher is woken. Audited with the ids and their channels; the next outcome replaces the last
/// error and answer.
/// </summary>
public sealed class RetryDeliveriesHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, Dispatcher dispatcher, DeliverySignal signal)
{
    public async Task<IResult> RetryAsync(Guid warningId, RetryDeliveriesRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.RetryDeliveries, warningId, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warning = await db.Set<Warning>().AsNoTracking().InScope(scope, w => w.IssuingJurisdictionId)
            .Where(w => w.Id == warningId).Select(w => new { w.Id, w.Identifier }).SingleOrDefaultAsync(ct);
        if (warning is null)
        {
            return ApiResults.NotFound(WarningErrors.NotFound, "Warning");
        }

        var failed = db.Set<Delivery>().AsNoTracking()
            .Where(d => d.WarningId == warningId && (d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.GivenUp));
        List<(long Id, WarningChannel Channel)> chosen;
        if (r.DeliveryIds is { Count: > 0 } wanted)
        {
            var distinct = wanted.Distinct().ToList();
            var found = (await failed.Where(d => distinct.Contains(d.Id)).Select(d => new { d.Id, d.Channel }).ToListAsync(ct)).ToDictionary(d => d.Id, d => d.Channel);
            var refused = wanted.Select((id, i) => (id, i)).Where(x => !found.ContainsKey(x.id))
                .Select(x => new FieldError($"deliveryIds[{x.i}]", WarningErrors.DeliveryNotRetryable, "is not a failed or given-up delivery of this warning")).ToList();
            if (refused.Count > 0)
            {
                return ApiResults.Invalid(refused);
            }

            chosen = [.. found.Select(f => (f.Key, f.Value))];
        }
        else
        {
            chosen = [.. (await failed.Select(d => new { d.Id, d.Channel }).ToListAsync(ct)).Select(d => (d.Id, d.Channel))];
        }

        if (chosen.Count == 0)
        {
            return TypedResults.Ok(new RetryDeliveriesResult(warningId, 0));
        }

        var now = clock.GetUtcNow();
        var ids = chosen.Select(c => c.Id).ToList();
        db.BeforeSave(async (tx, token) =>
        {
            foreach (var chunk in ids.Chunk(1000))
            {
                await tx.Set<Delivery>()
                    .Where(d => chunk.Contains(d.Id) && (d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.GivenUp))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.Status, DeliveryStatus.Queued)
                        .SetProperty(d => d.Attempts, 0)
                        .SetProperty(d => d.NextAttemptAt, now), token);
            }
        });
        db.Audit("warning.deliveries.retried", nameof(Warning), warningId.ToString(), new
        {
            warning.Identifier,
            count = chosen.Count,
            channels = chosen.GroupBy(c => c.Channel).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            deliveryIds = ids.Take(100),
        });
        await db.SaveChangesAsync(ct);
        dispatcher.Wake();
        signal.Raise([warningId]);
        return TypedResults.Ok(new RetryDeliveriesResult(warningId, chosen.Count));
    }
}

internal static class RetryDeliveriesEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/warnings/{id:guid}/deliveries/retry", (RetryDeliveriesHandler h, Guid id, RetryDeliveriesRequest r, CancellationToken ct) => h.RetryAsync(id, r, ct))
            .RequirePermission(WarningPermissions.RetryDeliveries)
            .WithName("RetryWarningDeliveries").WithTags("Dissemination")
            .Produces<RetryDeliveriesResult>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Sends failed and given-up deliveries of a warning again (重发): the ids given, or all of them; audited");
}
