using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Instructions.CarryOut;

public sealed record FeedbackRequest(
    [property: Required, StringLength(4000, MinimumLength = 2)] string Text,
    bool IsFinal);

/// <summary>
/// A unit an instruction was passed to signs for it (签收) and reports how it is carried out (落实反馈); the final
/// feedback closes the unit's part, and the instruction is done (办结) when every unit's part is. Only the
/// receiving unit itself does either.
/// </summary>
public sealed class CarryOutHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IncidentEvents events, ListInstructionsHandler views,
    Platform.Workbench.WorkbenchSignal workbench)
{
    public async Task<IResult> SignAsync(Guid assignmentId, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.CarryOutInstruction, assignmentId, ct);
        await using var db = dbs.CreateDbContext();
        var (assignment, problem) = await FindOwnAsync(db, assignmentId, ct);
        if (assignment is null)
        {
            return problem!;
        }

        if (assignment.SignedAt is not null)
        {
            return ApiResults.Conflict(IncidentErrors.InstructionAlreadySigned, "Your unit has already signed for this instruction.");
        }

        assignment.SignedAt = clock.GetUtcNow();
        assignment.SignedBy = scopes.Actor.UserName;
        await db.SaveChangesAsync(ct);
        workbench.Raise(new Platform.Workbench.WorkbenchChange([assignment.ToJurisdictionId], [assignment.ToUnitId]));
        return TypedResults.Ok(await ViewAsync(db, assignment.InstructionId, ct));
    }

    public async Task<IResult> FeedbackAsync(Guid assignmentId, FeedbackRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.CarryOutInstruction, assignmentId, ct);
        await using var db = dbs.CreateDbContext();
        var (assignment, problem) = await FindOwnAsync(db, assignmentId, ct);
        if (assignment is null)
        {
            return problem!;
        }

        if (assignment.DoneAt is not null)
        {
            return ApiResults.Conflict(IncidentErrors.InstructionAlreadyDone, "Your unit has already reported this instruction carried out.");
        }

        var now = clock.GetUtcNow();
        var by = scopes.Actor.UserName;
        if (assignment.SignedAt is null)
        {
            // Feedback without signing first: the unit evidently received it, and signing is recorded with it.
            assignment.SignedAt = now;
            assignment.SignedBy = by;
        }

        db.Add(new InstructionFeedback { AssignmentId = assignment.Id, Text = r.Text.Trim(), IsFinal = r.IsFinal, At = now, By = by });
        var instruction = await db.Set<Instruction>().Include(i => i.Assignments).SingleAsync(i => i.Id == assignment.InstructionId, ct);
        if (r.IsFinal)
        {
            assignment.DoneAt = now;
            if (instruction.Assignments.All(a => a.DoneAt is not null))
            {
                instruction.Status = InstructionStatus.Done;
                instruction.DoneAt = now;
            }
        }

        instruction.Version++;
        await db.SaveChangesAsync(ct);
        var incident = await db.Set<Incident>().AsNoTracking().Where(i => i.Id == instruction.IncidentId)
            .Select(i => new { i.Number, i.Title, i.OriginJurisdictionId, i.IsDrill }).SingleAsync(ct);
        events.Publish(new IncidentEvent(IncidentEventKind.InstructionFeedback, instruction.IncidentId, incident.Number, incident.Title,
            incident.OriginJurisdictionId, [instruction.IssuerUnitId], now, incident.IsDrill));
        return TypedResults.Created($"/api/v1/instructions/{instruction.Id}", await ViewAsync(db, instruction.Id, ct));
    }

    /// <summary>The caller's own unit's part: 404 outside scope, 403 for another unit's part in scope (one below it).</summary>
    private async Task<(InstructionAssignment? Assignment, IResult? Problem)> FindOwnAsync(BeaconDb db, Guid assignmentId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var assignment = await db.Set<InstructionAssignment>().SingleOrDefaultAsync(a => a.Id == assignmentId, ct);
        if (assignment is null || !scope.Contains(assignment.ToJurisdictionId))
        {
            return (null, ApiResults.NotFound(IncidentErrors.InstructionNotFound, "Instruction"));
        }

        return assignment.ToUnitId == scopes.Actor.UnitId
            ? (assignment, null)
            : (null, ApiResults.Forbidden(IncidentErrors.InstructionNotYours, "Only the unit the instruction was passed to signs for it and reports on it."));
    }

    private async Task<InstructionView> ViewAsync(BeaconDb db, Guid instructionId, CancellationToken ct) =>
        (await views.ViewsAsync(db, await scopes.GetAsync(ct), db.Set<Instruction>().AsNoTracking().Where(i => i.Id == instructionId), ct)).Single();
}

internal static class CarryOutEndpoints
{
    public static void Map(RouteGroupBuilder reporters)
    {
        reporters.MapPost("/instruction-assignments/{id:guid}/sign", (CarryOutHandler h, Guid id, CancellationToken ct) => h.SignAsync(id, ct))
            .RequirePermission(IncidentPermissions.CarryOutInstruction)
            .WithName("SignInstruction").WithTags("Instructions")
            .Produces<InstructionView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).WithSummary("The receiving unit signs for an instruction (签收)");
        reporters.MapPost("/instruction-assignments/{id:guid}/feedback", (CarryOutHandler h, Guid id, FeedbackRequest r, CancellationToken ct) => h.FeedbackAsync(id, r, ct))
            .RequirePermission(IncidentPermissions.CarryOutInstruction)
            .WithName("InstructionFeedback").WithTags("Instructions")
            .Produces<InstructionView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The receiving unit reports how the instruction is carried out (落实反馈); isFinal closes its part");
    }
}
