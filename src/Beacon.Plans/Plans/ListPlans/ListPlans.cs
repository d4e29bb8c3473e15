using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Plans.ListPlans;

/// <summary>Which plans to list: all, or those whose review (评估) or drill (演练) is overdue or due soon.</summary>
public enum PlanFilter
{
    All = 0,
    ReviewOverdue = 1,
    ReviewDueSoon = 2,
    DrillOverdue = 3,
    DrillDueSoon = 4,
}

/// <summary>Reads the plan register: the caller's plans and below, and the plans above that apply to it.</summary>
public sealed class ListPlansHandler(BeaconDbFactory dbs, PlanReader reader)
{
    /// <summary>
    /// One page, by title then id; the review and drill filters follow each plan's and its type's cycles as of today
    /// (Beijing); the drill lists are ordered by due date (most overdue first), then title and id.
    /// </summary>
    public async Task<Paged<PlanView>> PageAsync(PlanFilter filter, PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var plans = await (await reader.VisibleAsync(db, ct)).Include(p => p.Versions).OrderBy(p => p.Title).ThenBy(p => p.Id).ToListAsync(ct);
        var cycles = await reader.CyclesAsync(db, ct);
        var lastDrilled = filter is PlanFilter.DrillOverdue or PlanFilter.DrillDueSoon
            ? await reader.LastDrilledAsync(db, plans.Select(p => p.Id).ToList(), ct)
            : [];
        var wanted = plans.Where(p => filter switch
        {
            PlanFilter.ReviewOverdue => p.Status != PlanStatus.Repealed && reader.StateOf(p, cycles) == ReviewState.Overdue,
            PlanFilter.ReviewDueSoon => p.Status != PlanStatus.Repealed && reader.StateOf(p, cycles) == ReviewState.DueSoon,
            PlanFilter.DrillOverdue => reader.DrillStateOf(p, cycles, lastDrilled) == ReviewState.Overdue,
            PlanFilter.DrillDueSoon => reader.DrillStateOf(p, cycles, lastDrilled) == ReviewState.DueSoon,
            _ => true,
        }).ToList();
        if (filter is PlanFilter.DrillOverdue or PlanFilter.DrillDueSoon)
        {
            wanted = [.. wanted.OrderBy(p => reader.DrillDueOn(p, cycles, lastDrilled)).ThenBy(p => p.Title, StringComparer.Ordinal).ThenBy(p => p.Id)];
        }

        var slice = wanted.Skip(page.Skip).Take(page.PageSize).ToList();
        return new Paged<PlanView>(await reader.ViewsAsync(db, slice, ct), wanted.Count, page.Page, page.PageSize);
    }

    public async Task<PlanView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var plan = await (await reader.VisibleAsync(db, ct)).Include(p => p.Versions).SingleOrDefaultAsync(p => p.Id == id, ct);
        return plan is null ? null : (await reader.ViewsAsync(db, [plan], ct)).Single();
    }

    public async Task<IResult> GetAsync(HttpContext http, Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } view)
        {
            return ApiResults.NotFound(PlansErrors.NotFound, "Plan");
        }

        ApiResults.SetETag(http, view.Version);
        return TypedResults.Ok(view);
    }
}

internal static class ListPlansEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/plans", (ListPlansHandler h, HttpContext http, PlanFilter? filter, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.PageAsync(filter ?? PlanFilter.All, p, ct)))
            .WithName("ListPlans").WithTags("Plans")
            .WithSummary("The plan register (预案库) visible to the caller, by title then id; paged; filter=ReviewOverdue / ReviewDueSoon lists plans by their review cycle, DrillOverdue / DrillDueSoon by their type's drill cycle (most overdue first)");
        api.MapGet("/plans/{id:guid}", (ListPlansHandler h, HttpContext http, Guid id, CancellationToken ct) => h.GetAsync(http, id, ct))
            .WithName("GetPlan").WithTags("Plans")
            .Produces<PlanView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One plan with its response levels, command groups and versions");
    }
}
