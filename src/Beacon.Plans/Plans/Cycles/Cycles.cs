using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Plans.Plans.Cycles;

/// <summary>The cycles of one plan type: review (评估) and drill (演练) in months; a null drill cycle means no drill is due on a cycle.</summary>
public sealed record CycleRequest([property: Range(1, 120)] int ReviewCycleMonths, [property: Range(1, 120)] int? DrillCycleMonths);

/// <summary>
/// Reads and sets the review and drill cycles of each plan type. The due and overdue lists of the register follow a
/// change at once (they are computed on every read from the cycles and the clock).
/// </summary>
public sealed class CyclesHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<PlansOptions> options)
{
    /// <summary>Every plan type in its declared order (总体, 专项, 部门 …), one page (there are seven).</summary>
    public async Task<Paged<TypeCycle>> PageAsync(PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var all = (await CycleTable.ReadAsync(db, options.Value, ct)).All.ToList();
        return new Paged<TypeCycle>(all.Skip(page.Skip).Take(page.PageSize).ToList(), all.Count, page.Page, page.PageSize);
    }

    public async Task<IResult> UpdateAsync(PlanType type, CycleRequest r, string? ifMatch, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.ManageCycles, type.ToString(), ct);
        if (!Enum.IsDefined(type))
        {
            return ApiResults.Invalid("type", PlansErrors.CycleTypeUnknown, "not a plan type");
        }

        await using var db = dbs.CreateDbContext();
        var row = await db.Set<PlanCycle>().SingleOrDefaultAsync(c => c.Type == type, ct);
        if (ApiResults.CheckIfMatch(ifMatch, row?.Version ?? 0) is { } failed)
        {
            return failed;
        }

        if (row is null)
        {
            row = new PlanCycle { Type = type, Version = 0 };
            db.Add(row);
        }

        var before = new { row.ReviewCycleMonths, row.DrillCycleMonths };
        row.ReviewCycleMonths = r.ReviewCycleMonths;
        row.DrillCycleMonths = r.DrillCycleMonths;
        row.UpdatedBy = scopes.Actor.UserName;
        row.UpdatedAt = clock.GetUtcNow();
        row.Version++;
        db.Audit("plan.cycle-changed", "plan-cycle", type.ToString(), new { before, after = new { r.ReviewCycleMonths, r.DrillCycleMonths } });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await CycleTable.ReadAsync(db, options.Value, ct))[type]);
    }
}

internal static class CyclesEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/plan-cycles", (CyclesHandler h, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.PageAsync(p, ct)))
            .WithName("ListPlanCycles").WithTags("Plans")
            .WithSummary("The review (评估) and drill (演练) cycles of every plan type, in the order of the types; paged. Version 0 is the configured default");
        api.MapPut("/plan-cycles/{type}", (CyclesHandler h, HttpContext http, PlanType type, CycleRequest r, CancellationToken ct) =>
                h.UpdateAsync(type, r, http.Request.Headers.IfMatch.ToString(), ct))
            .RequirePermission(PlansPermissions.ManageCycles)
            .WithName("UpdatePlanCycle").WithTags("Plans")
            .Produces<TypeCycle>().NeedsIfMatch()
            .WithSummary("Sets the review and drill cycles (months) of one plan type; the due and overdue lists follow at once. Needs If-Match (\"0\" for a type still on the default)");
    }
}
