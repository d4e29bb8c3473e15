using System.ComponentModel.DataAnnotations;
using Beacon.Plans.Evaluation;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Workbench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Plans.Plans.Revisions;

/// <summary>A revision task of a plan (预案修订任务): why, what, which unit, by when.</summary>
public sealed record CreateRevisionRequest(
    [property: Required, EnumDataType(typeof(RevisionTrigger))] RevisionTrigger? Trigger,
    [property: Required, StringLength(2000, MinimumLength = 2)] string Description,
    [property: Required] Guid? OwnerUnitId,
    [property: Required] DateOnly? DueOn);

public sealed record CompleteRevisionRequest([property: Required, StringLength(2000, MinimumLength = 2)] string Outcome);

/// <summary>Which revision tasks and follow-up actions to list.</summary>
public enum RevisionFilter
{
    /// <summary>Not yet done, soonest due first.</summary>
    Open = 0,

    /// <summary>Not done and past their due date.</summary>
    Overdue = 1,

    /// <summary>Every task, open ones first.</summary>
    All = 2,
}

public sealed record RevisionTaskView(
    Guid Id, RevisionKind Kind, RevisionTrigger Trigger, Guid? PlanId, string? Plan, Guid? DrillId, string? Drill, string Description,
    Guid OwnerUnitId, string OwnerUnit, DateOnly DueOn, ReviewState State, DateTimeOffset? DoneAt, string? DoneBy, string? DoneByName, string? Outcome,
    string CreatedBy, string? CreatedByName, DateTimeOffset CreatedAt, int Version);

/// <summary>
/// Plan revision tasks with their trigger (law change, drill finding, incident lesson, organisation change) and drills'
/// follow-up actions: each owned by a unit with a due date, listed to the owner's jurisdiction and above, on the owner's
/// workbench until done.
/// </summary>
public sealed class RevisionsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, PlanReader plans, People people,
    WorkbenchSignal workbench, IOptions<PlansOptions> options)
{
    public async Task<Paged<RevisionTaskView>> PageAsync(RevisionFilter filter, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Set<RevisionTask>().AsNoTracking().InScope(scope, t => t.JurisdictionId);
        var today = plans.Today;
        query = filter switch
        {
            RevisionFilter.Open => query.Where(t => t.DoneAt == null),
            RevisionFilter.Overdue => query.Where(t => t.DoneAt == null && t.DueOn < today),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(t => t.DoneAt != null).ThenBy(t => t.DueOn).ThenBy(t => t.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new Paged<RevisionTaskView>(await ViewsAsync(db, rows, ct), total, page.Page, page.PageSize);
    }

    /// <summary>The open tasks of one plan, for its page.</summary>
    public async Task<List<RevisionTaskView>> OfPlanAsync(Guid planId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<RevisionTask>().AsNoTracking().InScope(scope, t => t.JurisdictionId).Where(t => t.PlanId == planId)
            .OrderBy(t => t.DoneAt != null).ThenBy(t => t.DueOn).ThenBy(t => t.Id).Take(100).ToListAsync(ct);
        return await ViewsAsync(db, rows, ct);
    }

    public async Task<IResult> CreateAsync(Guid planId, CreateRevisionRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.Review, planId, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        // Only the issuing side (or above) revises a plan: a plan from above is out of reach here, as for its review.
        var plan = await db.Set<Plan>().AsNoTracking().InScope(scope, p => p.JurisdictionId).SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null)
        {
            return ApiResults.NotFound(PlansErrors.NotFound, "Plan");
        }

        var errors = new List<FieldError>();
        var owner = await OwnerAsync(db, scope, r.OwnerUnitId, r.DueOn, "ownerUnitId", "dueOn", errors, ct);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var task = New(RevisionKind.Revision, r.Trigger!.Value, plan.Id, r.Description, owner!, r.DueOn!.Value);
        db.Add(task);
        db.Audit("plan.revision-created", "revision-task", task.Id.ToString(), new { task.PlanId, task.Trigger, task.OwnerUnitId, task.DueOn });
        await db.SaveChangesAsync(ct);
        workbench.Raise(new WorkbenchChange([task.JurisdictionId], [task.OwnerUnitId]));
        return TypedResults.Created($"/api/v1/plan-revisions/{task.Id}", (await ViewsAsync(db, [task], ct)).Single());
    }

    public async Task<IResult> CompleteAsync(Guid id, CompleteRevisionRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.Review, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var task = await db.Set<RevisionTask>().InScope(scope, t => t.JurisdictionId).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return ApiResults.NotFound(PlansErrors.RevisionNotFound, "Revision task");
        }

        if (task.DoneAt is not null)
        {
            return ApiResults.Conflict(PlansErrors.RevisionDone, "The task is already done.");
        }

        task.DoneAt = clock.GetUtcNow();
        task.DoneBy = scopes.Actor.UserName;
        task.Outcome = r.Outcome.Trim();
        task.Version++;
        db.Audit("plan.revision-done", "revision-task", task.Id.ToString(), new { task.Outcome });
        await db.SaveChangesAsync(ct);
        workbench.Raise(new WorkbenchChange([task.JurisdictionId], [task.OwnerUnitId]));
        return TypedResults.Ok((await ViewsAsync(db, [task], ct)).Single());
    }

    /// <summary>The owner unit (active, in the caller's scope) and a due date not in the past, or the field errors saying why not.</summary>
    internal async Task<Platform.Units.Unit?> OwnerAsync(BeaconDb db, DataScope scope, Guid? ownerUnitId, DateOnly? dueOn, string ownerField, string dueField,
        List<FieldError> errors, CancellationToken ct)
    {
        var owner = ownerUnitId is { } o
            ? await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId).SingleOrDefaultAsync(u => u.Id == o && !u.IsRetired, ct)
            : null;
        if (owner is null)
        {
            errors.Add(new(ownerField, PlansErrors.RevisionOwner, "must be an active unit in your scope"));
        }

        if (dueOn is not { } due || due < plans.Today)
        {
            errors.Add(new(dueField, PlansErrors.RevisionDue, "must be today or later"));
        }

        return owner;
    }

    internal RevisionTask New(RevisionKind kind, RevisionTrigger trigger, Guid? planId, string description, Platform.Units.Unit owner, DateOnly dueOn) => new()
    {
        Kind = kind,
        Trigger = trigger,
        PlanId = planId,
        Description = description.Trim(),
        OwnerUnitId = owner.Id,
        JurisdictionId = owner.JurisdictionId,
        DueOn = dueOn,
        CreatedBy = scopes.Actor.UserName,
        CreatedAt = clock.GetUtcNow(),
    };

    public async Task<List<RevisionTaskView>> ViewsAsync(BeaconDb db, IReadOnlyList<RevisionTask> tasks, CancellationToken ct)
    {
        var unitIds = tasks.Select(t => t.OwnerUnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var planIds = tasks.Where(t => t.PlanId != null).Select(t => t.PlanId!.Value).Distinct().ToList();
        var planTitles = await db.Set<Plan>().AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        var drillIds = tasks.Where(t => t.DrillId != null).Select(t => t.DrillId!.Value).Distinct().ToList();
        var drills = await db.Set<Drills.Drill>().AsNoTracking().Where(d => drillIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Title, ct);
        var names = await people.ResolveAsync(tasks.SelectMany(t => new[] { t.CreatedBy, t.DoneBy }), ct);
        var today = plans.Today;
        return tasks.Select(t => new RevisionTaskView(
            t.Id, t.Kind, t.Trigger, t.PlanId, t.PlanId is { } p ? planTitles.GetValueOrDefault(p) : null, t.DrillId, t.DrillId is { } d ? drills.GetValueOrDefault(d) : null,
            t.Description, t.OwnerUnitId, units.GetValueOrDefault(t.OwnerUnitId, ""), t.DueOn, StateOf(t, today, options.Value.RevisionDueSoonDays),
            t.DoneAt, t.DoneBy, names[t.DoneBy], t.Outcome, t.CreatedBy, names[t.CreatedBy], t.CreatedAt, t.Version)).ToList();
    }

    /// <summary>Open and past its due date: overdue; due within the warning window: due soon; done or later: ok.</summary>
    public static ReviewState StateOf(RevisionTask t, DateOnly today, int dueSoonDays) =>
        t.DoneAt is not null ? ReviewState.Ok : t.DueOn < today ? ReviewState.Overdue : t.DueOn <= today.AddDays(dueSoonDays) ? ReviewState.DueSoon : ReviewState.Ok;
}

internal static class RevisionsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/plan-revisions", (RevisionsHandler h, HttpContext http, RevisionFilter? filter, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.PageAsync(filter ?? RevisionFilter.Open, p, ct)))
            .WithName("ListPlanRevisions").WithTags("Plans")
            .WithSummary("Plan revision tasks (预案修订) and drills' follow-up actions (整改) of units in the caller's scope; filter=Open (default), Overdue or All; open first, by due date, then id; paged");
        api.MapPost("/plans/{id:guid}/revisions", (RevisionsHandler h, Guid id, CreateRevisionRequest r, CancellationToken ct) => h.CreateAsync(id, r, ct))
            .RequirePermission(PlansPermissions.Review)
            .WithName("CreatePlanRevision").WithTags("Plans")
            .Produces<RevisionTaskView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Opens a revision task on a plan of the caller's scope with its trigger (LawChange, DrillFinding, IncidentLesson, OrganisationChange), owner unit and due date");
        api.MapPost("/plan-revisions/{id:guid}/complete", (RevisionsHandler h, Guid id, CompleteRevisionRequest r, CancellationToken ct) => h.CompleteAsync(id, r, ct))
            .RequirePermission(PlansPermissions.Review)
            .WithName("CompletePlanRevision").WithTags("Plans")
            .Produces<RevisionTaskView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Records a revision task or follow-up action as done, with the outcome");
    }
}
