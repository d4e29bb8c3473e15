using Beacon.Plans.Localization;
using Beacon.Plans.Plans;
using Beacon.Plans.Response;
using Beacon.Platform.Data;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Workbench;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Beacon.Plans.Workbench;

/// <summary>
/// What awaits the person signed in on plans: their unit's open response tasks (响应任务, with deadlines) for those who
/// carry them out, the own jurisdiction's plans whose review is overdue or due soon for those who keep plans, and those
/// whose drill (演练) is overdue or due soon by their type's drill cycle for those who organise drills; and the own unit's
/// plan revision tasks and drill follow-up actions that are overdue or due soon, for those who keep plans.
/// </summary>
internal sealed class PlansWorkItems(BeaconDbFactory dbs, PermissionCheck can, PlanReader plans, TimeProvider clock, IStringLocalizer<PlansResource> L,
    Microsoft.Extensions.Options.IOptions<PlansOptions> options) : IWorkItemSource
{
    public const string Task = "plans.task";
    public const string Review = "plans.review";
    public const string Drill = "plans.drill";
    public const string Revision = "plans.revision";
    public const string FollowUp = "plans.follow-up";

    public async Task<IReadOnlyList<WorkItem>> GetAsync(WorkbenchViewer viewer, CancellationToken ct)
    {
        if (viewer.Actor.UnitId is not { } unitId || viewer.Actor.JurisdictionId is not { } jurisdictionId)
        {
            return [];
        }

        var items = new List<WorkItem>();
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        if (can.Allows(viewer.Actor, PlansPermissions.CarryOutTask))
        {
            var tasks = await db.Set<PlanTask>().AsNoTracking().InScope(viewer.Scope, t => t.JurisdictionId)
                .Where(t => t.UnitId == unitId && t.DoneAt == null).OrderBy(t => t.DueAt).Take(200)
                .Select(t => new { t.Id, t.Group, t.DueAt, t.ActivationId }).ToListAsync(ct);
            var ids = tasks.Select(t => t.ActivationId).Distinct().ToList();
            var activations = await db.Set<PlanActivation>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            items.AddRange(tasks.Select(t =>
            {
                var a = activations[t.ActivationId];
                return new WorkItem(Task, L["Work.Task"], 15, t.Id.ToString(), a.IncidentNumber, $"{a.PlanTitle} · {t.Group}", a.IncidentTitle,
                    a.ActivatedAt, t.DueAt, t.DueAt < now ? WorkItemUrgency.Overdue : t.DueAt < now.AddMinutes(30) ? WorkItemUrgency.DueSoon : WorkItemUrgency.Normal,
                    "plans/tasks");
            }));
        }

        var reviews = can.Allows(viewer.Actor, PlansPermissions.Review);
        if (reviews)
        {
            var today = plans.Today;
            var soon = today.AddDays(options.Value.RevisionDueSoonDays);
            var open = await db.Set<Evaluation.RevisionTask>().AsNoTracking().InScope(viewer.Scope, t => t.JurisdictionId)
                .Where(t => t.OwnerUnitId == unitId && t.DoneAt == null && t.DueOn <= soon).OrderBy(t => t.DueOn).ThenBy(t => t.Id).Take(200).ToListAsync(ct);
            var planIds = open.Where(t => t.PlanId != null).Select(t => t.PlanId!.Value).Distinct().ToList();
            var titles = await db.Set<Plan>().AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
            items.AddRange(open.Select(t => new WorkItem(t.Kind == Evaluation.RevisionKind.Revision ? Revision : FollowUp, L["Work.Revision." + t.Kind], 62, t.Id.ToString(), L["RevisionTrigger." + t.Trigger],
                t.Description, t.PlanId is { } p ? titles.GetValueOrDefault(p, "") : "", t.CreatedAt,
                new DateTimeOffset(t.DueOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)), t.DueOn < today ? WorkItemUrgency.Overdue : WorkItemUrgency.DueSoon,
                "plans/revisions")));
        }

        var drills = can.Allows(viewer.Actor, PlansPermissions.OrganiseDrill);
        if (reviews || drills)
        {
            var own = await db.Set<Plan>().AsNoTracking()
                .Where(p => p.JurisdictionId == jurisdictionId && p.Status != PlanStatus.Repealed).OrderBy(p => p.Title).Take(200).ToListAsync(ct);
            var cycles = await plans.CyclesAsync(db, ct);
            foreach (var p in own.Where(p => reviews && plans.StateOf(p, cycles) != ReviewState.Ok))
            {
                var due = plans.ReviewDueOn(p, cycles).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                items.Add(new WorkItem(Review, L["Work.Review"], 60, p.Id.ToString(), p.DocumentNumber ?? "", p.Title, "",
                    p.CreatedAt, new DateTimeOffset(due), plans.StateOf(p, cycles) == ReviewState.Overdue ? WorkItemUrgency.Overdue : WorkItemUrgency.DueSoon,
                    $"plans/{p.Id}"));
            }

            var lastDrilled = drills ? await plans.LastDrilledAsync(db, own.Select(p => p.Id).ToList(), ct) : [];
            foreach (var p in own.Where(p => drills && plans.DrillStateOf(p, cycles, lastDrilled) is ReviewState.Overdue or ReviewState.DueSoon))
            {
                var due = plans.DrillDueOn(p, cycles, lastDrilled)!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                items.Add(new WorkItem(Drill, L["Work.Drill"], 65, p.Id.ToString(), p.DocumentNumber ?? "", p.Title, "",
                    p.CreatedAt, new DateTimeOffset(due), plans.DrillStateOf(p, cycles, lastDrilled) == ReviewState.Overdue ? WorkItemUrgency.Overdue : WorkItemUrgency.DueSoon,
                    "plans?filter=DrillOverdue"));
            }
        }

        return items;
    }
}
