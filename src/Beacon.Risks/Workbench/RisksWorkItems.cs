using Beacon.Platform.Data;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Workbench;
using Beacon.Risks.Localization;
using Beacon.Risks.Rectifications;
using Beacon.Risks.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Beacon.Risks.Workbench;

/// <summary>
/// What awaits the person signed in, in risks: its unit's returns to rounds (待报送排查, urgent once reminded or
/// late), its own rectifications (待整改, overdue after the deadline), and for the levels above the rectifications
/// of units below that are overdue (下级整改逾期) or await verification (待验收). Same rules as the handlers.
/// </summary>
internal sealed class RisksWorkItems(BeaconDbFactory dbs, PermissionCheck permissions, TimeProvider clock, IOptions<RisksOptions> options, IStringLocalizer<RisksResource> L)
    : IWorkItemSource
{
    public const string Report = "risk.round.report";
    public const string Rectify = "risk.rectification";
    public const string Overdue = "risk.rectification.overdue";
    public const string Verify = "risk.rectification.verify";

    public async Task<IReadOnlyList<WorkItem>> GetAsync(WorkbenchViewer viewer, CancellationToken ct)
    {
        var actor = viewer.Actor;
        if (actor.JurisdictionId is not { } own)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var soon = options.Value.DueSoon;
        var items = new List<WorkItem>();
        await using var db = dbs.CreateDbContext();
        if (permissions.Allows(actor, RisksPermissions.ReportRound))
        {
            var targets = await db.Set<RoundTarget>().AsNoTracking().Where(t => t.JurisdictionId == own && t.ReturnedAt == null)
                .Join(db.Set<InvestigationRound>(), t => t.RoundId, r => r.Id, (t, r) => new { t.Id, t.RoundId, r.Title, r.IssuerUnitId, r.OpenedAt, t.DueAt, t.RemindedAt })
                .OrderBy(t => t.DueAt).Take(100).ToListAsync(ct);
            var issuers = await UnitNamesAsync(db, targets.Select(t => t.IssuerUnitId), ct);
            items.AddRange(targets.Select(t => new WorkItem(Report, L["Work.Report"], 14, t.Id.ToString(), "", t.Title, issuers.GetValueOrDefault(t.IssuerUnitId, ""),
                t.OpenedAt, t.DueAt, t.DueAt <= now ? WorkItemUrgency.Overdue : t.RemindedAt is not null || t.DueAt - now <= soon ? WorkItemUrgency.DueSoon : WorkItemUrgency.Normal,
                $"risks/rounds/{t.RoundId}")));
        }

        var rects = db.Set<Rectification>().AsNoTracking().InScope(viewer.Scope, r => r.JurisdictionId);
        if (permissions.Allows(actor, RisksPermissions.Rectify))
        {
            var mine = await rects.Where(r => r.JurisdictionId == own && r.Status == RectificationStatus.Open).OrderBy(r => r.DueAt).Take(100).ToListAsync(ct);
            items.AddRange(mine.Select(r => new WorkItem(Rectify, L["Work.Rectify"], 18, r.Id.ToString(), "", r.Title, r.Owner, r.CreatedAt, r.DueAt,
                Urgency(r.DueAt, now, soon), $"risks/rectifications?focus={r.Id}")));
        }

        if (permissions.Allows(actor, RisksPermissions.VerifyRectification))
        {
            var below = await rects.Where(r => r.JurisdictionId != own
                    && ((r.Status == RectificationStatus.Open && r.DueAt < now) || r.Status == RectificationStatus.Done))
                .OrderBy(r => r.DueAt).Take(100).ToListAsync(ct);
            var units = await UnitNamesAsync(db, below.Select(r => r.UnitId), ct);
            items.AddRange(below.Select(r => r.Status == RectificationStatus.Done
                ? new WorkItem(Verify, L["Work.Verify"], 17, r.Id.ToString(), "", r.Title, units.GetValueOrDefault(r.UnitId, ""), r.DoneAt ?? r.CreatedAt, null,
                    WorkItemUrgency.Normal, $"risks/rectifications?focus={r.Id}")
                : new WorkItem(Overdue, L["Work.Overdue"], 19, r.Id.ToString(), "", r.Title, units.GetValueOrDefault(r.UnitId, ""), r.EscalatedAt ?? r.DueAt, r.DueAt,
                    WorkItemUrgency.Overdue, $"risks/rectifications?focus={r.Id}")));
        }

        return items;
    }

    private static WorkItemUrgency Urgency(DateTimeOffset due, DateTimeOffset now, TimeSpan soon) =>
        due <= now ? WorkItemUrgency.Overdue : due - now <= soon ? WorkItemUrgency.DueSoon : WorkItemUrgency.Normal;

    private static async Task<Dictionary<Guid, string>> UnitNamesAsync(BeaconDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Units.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
    }
}
