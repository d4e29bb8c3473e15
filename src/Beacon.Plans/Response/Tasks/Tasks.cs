using System.ComponentModel.DataAnnotations;
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

namespace Beacon.Plans.Response.Tasks;

public sealed record CompleteTaskRequest([property: Required, StringLength(2000, MinimumLength = 2)] string Outcome);

/// <summary>Which response tasks to list.</summary>
public enum TaskFilter
{
    /// <summary>The caller's own unit's tasks not yet done (待完成).</summary>
    MineOpen = 0,

    /// <summary>Every task of the caller's own unit.</summary>
    Mine = 1,
}

/// <summary>
/// A member unit signs for its response task (签收) and reports it done (完成) with the outcome; only the unit itself does.
/// Both go on the response's timeline.
/// </summary>
public sealed class TasksHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, People people, WorkbenchSignal workbench)
{
    public async Task<Paged<TaskView>> PageAsync(TaskFilter filter, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var unitId = scopes.Actor.UnitId;
        await using var db = dbs.CreateDbContext();
        var query = db.Set<PlanTask>().AsNoTracking().InScope(scope, t => t.JurisdictionId).Where(t => t.UnitId == unitId);
        if (filter == TaskFilter.MineOpen)
        {
            query = query.Where(t => t.DoneAt == null);
        }

        var total = await query.CountAsync(ct);
        var tasks = await query.OrderBy(t => t.DoneAt != null).ThenBy(t => t.DueAt).ThenBy(t => t.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var activationIds = tasks.Select(t => t.ActivationId).Distinct().ToList();
        var activations = await db.Set<PlanActivation>().AsNoTracking().Where(a => activationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var units = await db.Units.AsNoTracking().Where(u => u.Id == unitId).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var names = await people.ResolveAsync(tasks.SelectMany(t => new[] { t.SignedBy, t.DoneBy }), ct);
        var now = clock.GetUtcNow();
        return new Paged<TaskView>(
            tasks.Select(t => ResponseReader.Task(t, activations[t.ActivationId], units.GetValueOrDefault(t.UnitId, ""), names, now)).ToList(), total, page.Page, page.PageSize);
    }

    public async Task<IResult> SignAsync(Guid taskId, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.CarryOutTask, taskId, ct);
        await using var db = dbs.CreateDbContext();
        var (task, problem) = await FindOwnAsync(db, taskId, ct);
        if (task is null)
        {
            return problem!;
        }

        if (task.SignedAt is not null)
        {
            return ApiResults.Conflict(PlansErrors.TaskAlreadySigned, "Your unit has already signed for this task.");
        }

        var now = clock.GetUtcNow();
        task.SignedAt = now;
        task.SignedBy = scopes.Actor.UserName;
        db.Add(new ActivationEntry { ActivationId = task.ActivationId, Kind = ActivationEntryKind.TaskSigned, Level = task.Level, Text = task.Group, At = now, By = task.SignedBy });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, task, ct));
    }

    public async Task<IResult> CompleteAsync(Guid taskId, CompleteTaskRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.CarryOutTask, taskId, ct);
        await using var db = dbs.CreateDbContext();
        var (task, problem) = await FindOwnAsync(db, taskId, ct);
        if (task is null)
        {
            return problem!;
        }

        if (task.DoneAt is not null)
        {
            return ApiResults.Conflict(PlansErrors.TaskAlreadyDone, "Your unit has already completed this task.");
        }

        var now = clock.GetUtcNow();
        var by = scopes.Actor.UserName;
        if (task.SignedAt is null)
        {
            // Completing without signing first: the unit evidently received it, and signing is recorded with it.
            task.SignedAt = now;
            task.SignedBy = by;
        }

        task.DoneAt = now;
        task.DoneBy = by;
        task.Outcome = r.Outcome.Trim();
        db.Add(new ActivationEntry { ActivationId = task.ActivationId, Kind = ActivationEntryKind.TaskDone, Level = task.Level, Text = $"{task.Group}：{task.Outcome}", At = now, By = by });
        await db.SaveChangesAsync(ct);
        var leadingJurisdiction = await db.Set<PlanActivation>().Where(a => a.Id == task.ActivationId).Select(a => a.JurisdictionId).SingleAsync(ct);
        workbench.Raise(new WorkbenchChange([task.JurisdictionId, leadingJurisdiction], [task.UnitId]));
        return TypedResults.Ok(await ViewAsync(db, task, ct));
    }

    /// <summary>The caller's own unit's task: 404 outside scope, 403 for another unit's task in scope.</summary>
    private async Task<(PlanTask? Task, IResult? Problem)> FindOwnAsync(BeaconDb db, Guid taskId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var task = await db.Set<PlanTask>().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || !scope.Contains(task.JurisdictionId))
        {
            return (null, ApiResults.NotFound(PlansErrors.TaskNotFound, "Task"));
        }

        return task.UnitId == scopes.Actor.UnitId
            ? (task, null)
            : (null, ApiResults.Forbidden(PlansErrors.TaskNotYours, "Only the unit the task was given to signs for it and completes it."));
    }

    private async Task<TaskView> ViewAsync(BeaconDb db, PlanTask task, CancellationToken ct)
    {
        var activation = await db.Set<PlanActivation>().AsNoTracking().SingleAsync(a => a.Id == task.ActivationId, ct);
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == task.UnitId).Select(u => u.Name).SingleAsync(ct);
        var names = await people.ResolveAsync([task.SignedBy, task.DoneBy], ct);
        return ResponseReader.Task(task, activation, unit, names, clock.GetUtcNow());
    }
}

internal static class TasksEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/plan-tasks", (TasksHandler h, HttpContext http, TaskFilter? filter, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.PageAsync(filter ?? TaskFilter.MineOpen, p, ct)))
            .WithName("ListPlanTasks").WithTags("Plans")
            .WithSummary("The caller's own unit's response tasks (响应任务), open ones first by deadline, then id; paged");
        api.MapPost("/plan-tasks/{id:guid}/sign", (TasksHandler h, Guid id, CancellationToken ct) => h.SignAsync(id, ct))
            .RequirePermission(PlansPermissions.CarryOutTask)
            .WithName("SignPlanTask").WithTags("Plans")
            .Produces<TaskView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The member unit signs for its response task (签收)");
        api.MapPost("/plan-tasks/{id:guid}/complete", (TasksHandler h, Guid id, CompleteTaskRequest r, CancellationToken ct) => h.CompleteAsync(id, r, ct))
            .RequirePermission(PlansPermissions.CarryOutTask)
            .WithName("CompletePlanTask").WithTags("Plans")
            .Produces<TaskView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The member unit reports its response task done (完成) with the outcome");
    }
}
