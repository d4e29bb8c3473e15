using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Contracts;
using Beacon.Plans.Plans;
using Beacon.Plans.Response.Proposals;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Workbench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Response.Activate;

public sealed record ActivatePlanRequest(
    [property: Required] Guid? PlanId,
    [property: Required, EnumDataType(typeof(ResponseLevel), ErrorMessage = "must be I, II, III or IV")] ResponseLevel? Level,
    [property: StringLength(2000)] string? Note);

public sealed record ChangeLevelRequest(
    [property: Required, EnumDataType(typeof(ResponseLevel), ErrorMessage = "must be I, II, III or IV")] ResponseLevel? Level,
    [property: StringLength(2000)] string? Note);

public sealed record TerminateRequest([property: StringLength(2000)] string? Note);

/// <summary>
/// A leader activates a plan on an incident at a level (启动响应): each member unit of each command group of that level
/// gets a task with its duties, checklist and deadline. A level change (调整级别) adds the new level's groups' tasks for
/// units that have none yet; termination (终止响应) ends the response. Each step is on the response's timeline and audited.
/// </summary>
public sealed class ActivateHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IIncidentQueries incidents, PlanReader plans,
    ResponseReader views, WorkbenchSignal workbench)
{
    public async Task<IResult> ActivateAsync(Guid incidentId, ActivatePlanRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.Activate, incidentId, ct);
        var incident = await incidents.FindAsync(incidentId, ct);
        if (incident is null)
        {
            return ApiResults.NotFound(PlansErrors.IncidentNotFound, "Incident");
        }

        await using var db = dbs.CreateDbContext();
        var applicable = await ProposalsHandler.ApplicableJurisdictionsAsync(plans, incident, ct);
        var plan = await (await plans.VisibleAsync(db, ct)).SingleOrDefaultAsync(p => p.Id == r.PlanId, ct);
        if (plan is null || plan.Status != PlanStatus.InForce || !applicable.Contains(plan.JurisdictionId) || !ProposalsHandler.Covers(plan, incident.EventTypeCode))
        {
            return ApiResults.Invalid("planId", PlansErrors.PlanNotApplicable, "must be a plan in force that applies to the incident");
        }

        var level = plan.Levels.SingleOrDefault(l => l.Level == r.Level);
        if (level is null)
        {
            return ApiResults.Invalid("level", PlansErrors.LevelUnknown, "is not a response level of the plan");
        }

        if (await db.Set<PlanActivation>().AnyAsync(a => a.IncidentId == incidentId && a.PlanId == plan.Id && a.Status == ActivationStatus.Active, ct))
        {
            return ApiResults.Conflict(PlansErrors.AlreadyActive, "The plan is already active on this incident; change its level instead.");
        }

        var now = clock.GetUtcNow();
        var activation = new PlanActivation
        {
            PlanId = plan.Id,
            PlanTitle = plan.Title,
            IncidentId = incident.Id,
            IncidentNumber = incident.Number,
            IncidentTitle = incident.Title,
            JurisdictionId = incident.JurisdictionId,
            Level = level.Level,
            Status = ActivationStatus.Active,
            ActivatedAt = now,
            ActivatedBy = scopes.Actor.UserName,
        };
        activation.Entries.Add(Entry(activation, ActivationEntryKind.Activated, level.Level, r.Note, now));
        var added = await AddTasksAsync(db, activation, level, now, ct);
        db.Add(activation);
        db.Audit("plan.activated", "plan-activation", activation.Id.ToString(), new { planId = plan.Id, incidentId, level = level.Level.ToString() });
        await db.SaveChangesAsync(ct);
        Signal(activation, added);
        return TypedResults.Created($"/api/v1/plan-activations/{activation.Id}", await ViewAsync(db, activation.Id, ct));
    }

    public async Task<IResult> ChangeLevelAsync(Guid activationId, ChangeLevelRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.Activate, activationId, ct);
        await using var db = dbs.CreateDbContext();
        var (activation, problem) = await LeadingAsync(db, activationId, ct);
        if (activation is null)
        {
            return problem!;
        }

        var plan = await db.Set<Plan>().AsNoTracking().SingleAsync(p => p.Id == activation.PlanId, ct);
        var level = plan.Levels.SingleOrDefault(l => l.Level == r.Level);
        if (level is null)
        {
            return ApiResults.Invalid("level", PlansErrors.LevelUnknown, "is not a response level of the plan");
        }

        if (level.Level == activation.Level)
        {
            return ApiResults.Invalid("level", PlansErrors.LevelUnchanged, "is the current level");
        }

        var now = clock.GetUtcNow();
        activation.Level = level.Level;
        activation.Version++;
        db.Add(Entry(activation, ActivationEntryKind.LevelChanged, level.Level, r.Note, now));
        var added = await AddTasksAsync(db, activation, level, now, ct);
        db.AddRange(added);
        db.Audit("plan.level-changed", "plan-activation", activation.Id.ToString(), new { level = level.Level.ToString() });
        await db.SaveChangesAsync(ct);
        Signal(activation, added);
        return TypedResults.Ok(await ViewAsync(db, activation.Id, ct));
    }

    public async Task<IResult> TerminateAsync(Guid activationId, TerminateRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.Activate, activationId, ct);
        await using var db = dbs.CreateDbContext();
        var (activation, problem) = await LeadingAsync(db, activationId, ct);
        if (activation is null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        activation.Status = ActivationStatus.Terminated;
        activation.TerminatedAt = now;
        activation.Version++;
        db.Add(Entry(activation, ActivationEntryKind.Terminated, activation.Level, r.Note, now));
        db.Audit("plan.terminated", "plan-activation", activation.Id.ToString());
        await db.SaveChangesAsync(ct);
        Signal(activation, []);
        return TypedResults.Ok(await ViewAsync(db, activation.Id, ct));
    }

    private async Task<(PlanActivation? Activation, IResult? Problem)> LeadingAsync(BeaconDb db, Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var activation = await db.Set<PlanActivation>().InScope(scope, a => a.JurisdictionId).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (activation is null)
        {
            return (null, ApiResults.NotFound(PlansErrors.ActivationNotFound, "Plan activation"));
        }

        return activation.Status == ActivationStatus.Terminated
            ? (null, ApiResults.Conflict(PlansErrors.ActivationTerminated, "The response has been terminated."))
            : (activation, null);
    }

    private static async Task<List<PlanTask>> AddTasksAsync(BeaconDb db, PlanActivation activation, LevelDefinition level, DateTimeOffset now, CancellationToken ct)
    {
        var have = await db.Set<PlanTask>().Where(t => t.ActivationId == activation.Id).Select(t => new { t.UnitId, t.Group }).ToListAsync(ct);
        var unitIds = level.Groups.SelectMany(g => g.MemberUnitIds).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id) && !u.IsRetired).ToDictionaryAsync(u => u.Id, u => u.JurisdictionId, ct);
        var tasks = new List<PlanTask>();
        foreach (var group in level.Groups)
        {
            foreach (var unitId in group.MemberUnitIds.Where(units.ContainsKey))
            {
                if (have.Any(h => h.UnitId == unitId && h.Group == group.Name))
                {
                    continue;
                }

                tasks.Add(new PlanTask
                {
                    ActivationId = activation.Id,
                    IncidentId = activation.IncidentId,
                    UnitId = unitId,
                    JurisdictionId = units[unitId],
                    Level = level.Level,
                    Group = group.Name,
                    Duties = group.Duties,
                    Checklist = [.. group.Checklist],
                    DueAt = now.AddHours(group.TaskHours),
                });
            }
        }

        activation.Tasks.AddRange(tasks);
        return tasks;
    }

    private ActivationEntry Entry(PlanActivation a, ActivationEntryKind kind, ResponseLevel level, string? note, DateTimeOffset now) =>
        new() { ActivationId = a.Id, Kind = kind, Level = level, Text = note?.Trim() ?? "", At = now, By = scopes.Actor.UserName };

    private void Signal(PlanActivation a, List<PlanTask> tasks) =>
        workbench.Raise(new WorkbenchChange([a.JurisdictionId, .. tasks.Select(t => t.JurisdictionId).Distinct()], tasks.Select(t => t.UnitId).Distinct().ToList()));

    private async Task<ActivationView> ViewAsync(BeaconDb db, Guid id, CancellationToken ct) =>
        (await views.ViewsAsync(db, db.Set<PlanActivation>().AsNoTracking().Where(a => a.Id == id), ct)).Single();
}

/// <summary>Reads an incident's responses (its plan panel and the response timeline).</summary>
public sealed class ActivationsHandler(BeaconDbFactory dbs, ScopeService scopes, IIncidentQueries incidents, ResponseReader views)
{
    public async Task<IResult> ForIncidentAsync(Guid incidentId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var list = await views.ViewsAsync(db, ResponseReader.Visible(db, scope).Where(a => a.IncidentId == incidentId), ct);
        if (list.Count == 0 && await incidents.FindAsync(incidentId, ct) is null)
        {
            return ApiResults.NotFound(PlansErrors.IncidentNotFound, "Incident");
        }

        return TypedResults.Ok(list);
    }

    public async Task<IResult> GetAsync(HttpContext http, Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var view = (await views.ViewsAsync(db, ResponseReader.Visible(db, scope).Where(a => a.Id == id), ct)).SingleOrDefault();
        if (view is null)
        {
            return ApiResults.NotFound(PlansErrors.ActivationNotFound, "Plan activation");
        }

        ApiResults.SetETag(http, view.Version);
        return TypedResults.Ok(view);
    }
}

internal static class ActivateEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/incidents/{id:guid}/plan-activations", (ActivateHandler h, Guid id, ActivatePlanRequest r, CancellationToken ct) => h.ActivateAsync(id, r, ct))
            .RequirePermission(PlansPermissions.Activate)
            .WithName("ActivatePlan").WithTags("Plans")
            .Produces<ActivationView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("A leader activates a plan on an incident at a response level (启动响应); tasks go to the member units; honours Idempotency-Key");
        api.MapGet("/incidents/{id:guid}/plan-activations", (ActivationsHandler h, Guid id, CancellationToken ct) => h.ForIncidentAsync(id, ct))
            .WithName("ListIncidentPlanActivations").WithTags("Plans")
            .Produces<List<ActivationView>>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The responses on an incident with their timelines and tasks, newest first; complete and unpaged (an incident has few)");
        api.MapGet("/plan-activations/{id:guid}", (ActivationsHandler h, HttpContext http, Guid id, CancellationToken ct) => h.GetAsync(http, id, ct))
            .WithName("GetPlanActivation").WithTags("Plans")
            .Produces<ActivationView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One response with its timeline and tasks");
        api.MapPost("/plan-activations/{id:guid}/level", (ActivateHandler h, Guid id, ChangeLevelRequest r, CancellationToken ct) => h.ChangeLevelAsync(id, r, ct))
            .RequirePermission(PlansPermissions.Activate)
            .WithName("ChangePlanLevel").WithTags("Plans")
            .Produces<ActivationView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Changes the response level (调整响应级别); the new level's groups' member units get their tasks");
        api.MapPost("/plan-activations/{id:guid}/terminate", (ActivateHandler h, Guid id, TerminateRequest r, CancellationToken ct) => h.TerminateAsync(id, r, ct))
            .RequirePermission(PlansPermissions.Activate)
            .WithName("TerminatePlan").WithTags("Plans")
            .Produces<ActivationView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Ends the response (终止响应)");
    }
}
