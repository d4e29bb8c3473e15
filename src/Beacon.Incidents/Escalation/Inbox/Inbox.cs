using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Escalation.Inbox;

public sealed record InboxItem(
    Guid SubmissionId, Guid IncidentId, string Number, string Title, Severity Severity, bool IsSensitive, string FromUnit,
    DateTimeOffset SubmittedAt, bool SkipsLevel, bool IsNotification, DateTimeOffset? SignedAt)
{
    /// <summary>When a later report went past this duty room to the level above (越级上报): it is told (抄告知悉) and no longer forwards.</summary>
    public DateTimeOffset? SkippedAt { get; init; }
}

/// <summary>Reports sent to the caller's duty room, those awaiting signature first (待签收).</summary>
public sealed class InboxHandler(BeaconDbFactory dbs, CurrentActor current)
{
    /// <summary>Every matching item (the duty board and the incident page): never truncated.</summary>
    public async Task<List<InboxItem>> HandleAsync(bool pendingOnly, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return await Items(db, pendingOnly).ToListAsync(ct);
    }

    /// <summary>What reached the caller's duty room about one incident (the incident page): never truncated.</summary>
    public async Task<List<InboxItem>> ForIncidentAsync(Guid incidentId, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return await Items(db, pendingOnly: false, incidentId).ToListAsync(ct);
    }

    /// <summary>One page: awaiting signature first, then newest first, then by id.</summary>
    public async Task<Paged<InboxItem>> PageAsync(bool pendingOnly, PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return await Items(db, pendingOnly).ToPagedAsync(page, ct);
    }

    private IQueryable<InboxItem> Items(BeaconDb db, bool pendingOnly, Guid? incidentId = null)
    {
        var unitId = current.Actor.UnitId;
        var query = db.Set<Submission>().AsNoTracking().Where(s => s.ToUnitId == unitId);
        if (incidentId is { } id)
        {
            query = query.Where(s => s.IncidentId == id);
        }

        if (pendingOnly)
        {
            query = query.Where(s => s.SignedAt == null);
        }

        return query.OrderBy(s => s.SignedAt != null).ThenByDescending(s => s.SubmittedAt).ThenByDescending(s => s.Id)
            .Join(db.Set<Incident>(), s => s.IncidentId, i => i.Id, (s, i) => new InboxItem(
                s.Id, i.Id, i.Number, i.Title, i.Severity, i.IsSensitive,
                db.Units.Where(u => u.Id == s.FromUnitId).Select(u => u.Name).First(),
                s.SubmittedAt, s.SkipsLevel, s.IsNotification, s.SignedAt)
            { SkippedAt = s.SkippedAt });
    }
}

internal static class InboxEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/inbox", (InboxHandler handler, HttpContext http, bool? pending, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => handler.PageAsync(pending ?? false, p, ct)))
            .WithName("Inbox").WithTags("Incidents")
            .WithSummary("Reports submitted to the caller's duty room, awaiting signature first (待签收), then newest first; paged");
}
