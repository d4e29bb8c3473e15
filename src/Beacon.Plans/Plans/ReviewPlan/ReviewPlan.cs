using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Plans.ReviewPlan;

/// <summary>The plan's own review cycle in months (null returns it to the configured default) and its last evaluation.</summary>
public sealed record ReviewPlanRequest([property: Range(1, 120)] int? ReviewCycleMonths, DateOnly? LastReviewedOn);

/// <summary>Records a plan's evaluation (评估) and its review cycle; the due and overdue lists follow at once.</summary>
public sealed class ReviewPlanHandler(BeaconDbFactory dbs, ScopeService scopes, PlanReader reader)
{
    public async Task<IResult> HandleAsync(Guid id, ReviewPlanRequest r, string? ifMatch, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.Review, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        // Only the issuing side changes a plan; plans from above are read-only here (404 like any plan out of reach).
        var plan = await db.Set<Plan>().InScope(scope, p => p.JurisdictionId).Include(p => p.Versions).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
        {
            return ApiResults.NotFound(PlansErrors.NotFound, "Plan");
        }

        if (ApiResults.CheckIfMatch(ifMatch, plan.Version) is { } failed)
        {
            return failed;
        }

        if (r.LastReviewedOn is { } on && on > reader.Today)
        {
            return ApiResults.Invalid("lastReviewedOn", PlansErrors.ReviewedInFuture, "cannot be in the future");
        }

        plan.ReviewCycleMonths = r.ReviewCycleMonths;
        plan.LastReviewedOn = r.LastReviewedOn ?? plan.LastReviewedOn;
        plan.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await reader.ViewsAsync(db, [plan], ct)).Single());
    }
}

internal static class ReviewPlanEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/plans/{id:guid}/review", (ReviewPlanHandler h, HttpContext http, Guid id, ReviewPlanRequest r, CancellationToken ct) =>
                h.HandleAsync(id, r, http.Request.Headers.IfMatch.ToString(), ct))
            .RequirePermission(PlansPermissions.Review)
            .WithName("ReviewPlan").WithTags("Plans")
            .Produces<PlanView>().NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Sets the plan's review cycle (评估周期, months; null for the default) and records its last evaluation; needs If-Match");
}
