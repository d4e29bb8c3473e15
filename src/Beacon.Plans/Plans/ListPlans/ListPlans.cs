using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Plans.ListPlans;

/// <summary>Which plans to list: all, or those whose review (评估) is overdue or due soon.</summary>
public enum PlanFilter
{
    All = 0,
    ReviewOverdue = 1,
    ReviewDueSoon = 2,
}

/// <summary>Reads the plan register: the caller's plans and below, and the plans above that apply to it.</summary>
public sealed class ListPlansHandler(BeaconDbFactory dbs, PlanReader reader)
{
    /// <summary>One page, by title then id; the review filters follow each plan's cycle as of today (Beijing).</summary>
    public async Task<Paged<PlanView>> PageAsync(PlanFilter filter, PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var plans = await (await reader.VisibleAsync(db, ct)).Include(p => p.Versions).OrderBy(p => p.Title).ThenBy(p => p.Id).ToListAsync(ct);
        var wanted = plans.Where(p => filter switch
        {
            PlanFilter.ReviewOverdue => p.Status != PlanStatus.Repealed && reader.StateOf(p) == ReviewState.Overdue,
            PlanFilter.ReviewDueSoon => p.Status != PlanStatus.Repealed && reader.StateOf(p) == ReviewState.DueSoon,
            _ => true,
        }).ToList();
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
            .WithSummary("The plan register (预案库) visible to the caller, by title then id; paged; filter=ReviewOverdue / ReviewDueSoon lists plans by their review cycle");
        api.MapGet("/plans/{id:guid}", (ListPlansHandler h, HttpContext http, Guid id, CancellationToken ct) => h.GetAsync(http, id, ct))
            .WithName("GetPlan").WithTags("Plans")
            .Produces<PlanView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One plan with its response levels, command groups and versions");
    }
}
