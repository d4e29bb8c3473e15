using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Escalation.Inbox;

public sealed record InboxItem(
    Guid SubmissionId, Guid IncidentId, string Number, string Title, Severity Severity, bool IsSensitive, string FromUnit,
    DateTimeOffset SubmittedAt, bool SkipsLevel, bool IsNotification, DateTimeOffset? SignedAt);

/// <summary>Reports sent to the caller's duty room, those awaiting signature first (待签收).</summary>
public sealed class InboxHandler(BeaconDbFactory dbs, CurrentActor current)
{
    public async Task<List<InboxItem>> HandleAsync(bool pendingOnly, CancellationToken ct)
    {
        var unitId = current.Actor.UnitId;
        await using var db = dbs.CreateDbContext();
        var query = db.Set<Submission>().AsNoTracking().Where(s => s.ToUnitId == unitId);
        if (pendingOnly)
        {
            query = query.Where(s => s.SignedAt == null);
        }

        return await query.OrderBy(s => s.SignedAt != null).ThenByDescending(s => s.SubmittedAt).Take(500)
            .Join(db.Set<Incident>(), s => s.IncidentId, i => i.Id, (s, i) => new InboxItem(
                s.Id, i.Id, i.Number, i.Title, i.Severity, i.IsSensitive,
                db.Units.Where(u => u.Id == s.FromUnitId).Select(u => u.Name).First(),
                s.SubmittedAt, s.SkipsLevel, s.IsNotification, s.SignedAt))
            .ToListAsync(ct);
    }
}

internal static class InboxEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/inbox", async (InboxHandler handler, bool? pending, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(pending ?? false, ct)))
            .WithName("Inbox").WithTags("Incidents")
            .WithSummary("Reports submitted to the caller's duty room, awaiting signature first (待签收)");
}
