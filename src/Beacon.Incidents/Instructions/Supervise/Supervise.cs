using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Instructions.Supervise;

public sealed record SuperviseRequest(
    [property: Required, StringLength(2000, MinimumLength = 2)] string Note,
    DateTimeOffset? DueAt);

/// <summary>
/// Supervision (督办): the issuing office, or one above it, presses the units on an open instruction or referral
/// with a note and sets or moves its deadline. Needs If-Match with the instruction's version; the units concerned
/// see the notice on their duty board.
/// </summary>
public sealed class SuperviseHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, BeijingTime beijing, IncidentEvents events, ListInstructionsHandler views, People people)
{
    public async Task<IResult> HandleAsync(Guid instructionId, SuperviseRequest r, string? ifMatch, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.SuperviseInstruction, instructionId, ct);
        var actor = scopes.Actor;
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var instruction = await ListInstructionsHandler.Visible(db, scope).AsTracking().Include(i => i.Assignments)
            .SingleOrDefaultAsync(i => i.Id == instructionId, ct);
        if (instruction is null)
        {
            return ApiResults.NotFound(IncidentErrors.InstructionNotFound, "Instruction");
        }

        if (!scope.Contains(instruction.IssuerJurisdictionId)
            || !(actor.IsInRole(Roles.DutyOfficer) || actor.IsInRole(Roles.LeaderOnDuty) || actor.IsInRole(Roles.Leader)))
        {
            return ApiResults.Forbidden(IncidentErrors.SuperviseNotIssuer, "Only the issuing office or one above it supervises an instruction.");
        }

        if (ApiResults.CheckIfMatch(ifMatch, instruction.Version) is { } precondition)
        {
            return precondition;
        }

        if (instruction.Kind == InstructionKind.Proposal || instruction.Status == InstructionStatus.Done)
        {
            return instruction.Status == InstructionStatus.Done
                ? ApiResults.Conflict(IncidentErrors.SuperviseDone, "This instruction has been carried out; there is nothing left to supervise.")
                : ApiResults.Conflict(IncidentErrors.SuperviseProposal, "A proposal is decided by a leader, not supervised.");
        }

        var now = clock.GetUtcNow();
        if (r.DueAt is { } due && due <= now)
        {
            return ApiResults.Invalid("dueAt", IncidentErrors.DueAtPast, "must be in the future");
        }

        // The stamp is read by people: the supervisor's name and unit, not the login.
        var stamp = $"【{(await people.ResolveAsync(actor.UserName, ct)).Label} {beijing.Format(now)}】";
        instruction.SupervisionNotes = string.IsNullOrEmpty(instruction.SupervisionNotes)
            ? stamp + r.Note.Trim()
            : instruction.SupervisionNotes + "\n" + stamp + r.Note.Trim();
        instruction.DueAt = r.DueAt?.ToUniversalTime() ?? instruction.DueAt;
        instruction.Version++;
        await db.SaveChangesAsync(ct);

        var incident = await db.Set<Incident>().AsNoTracking().Where(i => i.Id == instruction.IncidentId)
            .Select(i => new { i.Number, i.Title, i.OriginJurisdictionId, i.IsDrill }).SingleAsync(ct);
        events.Publish(new IncidentEvent(IncidentEventKind.InstructionSupervised, instruction.IncidentId, incident.Number, incident.Title,
            incident.OriginJurisdictionId, instruction.Assignments.Where(a => a.DoneAt is null).Select(a => a.ToUnitId).ToList(), now, incident.IsDrill));
        return TypedResults.Ok((await views.ViewsAsync(db, scope, db.Set<Instruction>().AsNoTracking().Where(i => i.Id == instructionId), ct)).Single());
    }
}

internal static class SuperviseEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/instructions/{id:guid}/supervision", async (HttpContext http, SuperviseHandler h, Guid id, SuperviseRequest r, CancellationToken ct) =>
            {
                var result = await h.HandleAsync(id, r, http.Request.Headers.IfMatch.ToString(), ct);
                if (result is Ok<InstructionView> { Value: { } view })
                {
                    ApiResults.SetETag(http, view.Version);
                }

                return result;
            })
            .RequirePermission(IncidentPermissions.SuperviseInstruction)
            .WithName("SuperviseInstruction").WithTags("Instructions")
            .Produces<InstructionView>().AnswersETag(StatusCodes.Status200OK).NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Supervises an open instruction (督办): a note to the units and a new deadline; needs If-Match");
}
