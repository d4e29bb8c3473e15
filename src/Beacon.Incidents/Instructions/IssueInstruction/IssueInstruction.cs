using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Instructions.IssueInstruction;

public sealed record IssueInstructionRequest(
    [property: Required, EnumDataType(typeof(InstructionKind), ErrorMessage = "must be Proposal, Referral or LeaderInstruction")] InstructionKind? Kind,
    [property: Required, StringLength(4000, MinimumLength = 2)] string Text,
    [property: StringLength(50)] string? LeaderName,
    [property: Required, MinLength(1, ErrorMessage = "name at least one unit"), MaxLength(50)] IReadOnlyList<Guid>? ToUnitIds,
    DateTimeOffset? DueAt,
    Guid? ProposalId);

/// <summary>
/// Records a handling item on an incident: the duty room's proposal (拟办, for a leader to decide), its referral to
/// the responsible units (转办), or a leader's instruction (领导批示) passed down to the units concerned. Leaders give
/// instructions themselves; a duty officer may record one given by phone, naming the leader. A deadline makes it
/// supervised (督办) from the start.
/// </summary>
public sealed class IssueInstructionHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IncidentEvents events, ListInstructionsHandler views,
    Platform.Workbench.WorkbenchSignal workbench)
{
    public async Task<IResult> HandleAsync(Guid incidentId, IssueInstructionRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(r.Kind == InstructionKind.LeaderInstruction ? IncidentPermissions.IssueInstruction : IncidentPermissions.ProposeHandling, incidentId, ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId)
        {
            return ApiResults.Forbidden(IncidentErrors.InstructionNoUnit, "Only a unit can handle incidents.");
        }

        var kind = r.Kind!.Value;
        var isDutyRoom = actor.IsInRole(Roles.DutyOfficer) || actor.IsInRole(Roles.LeaderOnDuty);
        var isLeader = actor.IsInRole(Roles.Leader) || actor.IsInRole(Roles.LeaderOnDuty);
        if (kind == InstructionKind.LeaderInstruction ? !(isLeader || isDutyRoom) : !isDutyRoom)
        {
            return kind == InstructionKind.LeaderInstruction
                ? ApiResults.Forbidden(IncidentErrors.InstructionNotLeader, "Only a leader, or a duty officer recording a leader's instruction, can record one.")
                : ApiResults.Forbidden(IncidentErrors.InstructionNotDutyRoom, "Only the duty room proposes handling and refers items to units.");
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var incident = await db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId).SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null)
        {
            return ApiResults.NotFound(IncidentErrors.NotFound, "Incident");
        }

        var leaderName = r.LeaderName?.Trim();
        if (kind == InstructionKind.LeaderInstruction && string.IsNullOrEmpty(leaderName))
        {
            if (!isLeader)
            {
                return ApiResults.Invalid("leaderName", IncidentErrors.InstructionLeaderName, "is required when a duty officer records a leader's instruction");
            }

            leaderName = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? actor.UserName;
        }

        var now = clock.GetUtcNow();
        if (r.DueAt is { } due && (kind == InstructionKind.Proposal || due <= now))
        {
            return kind == InstructionKind.Proposal
                ? ApiResults.Invalid("dueAt", IncidentErrors.ProposalNoDeadline, "a proposal has no deadline; set one when the instruction is given")
                : ApiResults.Invalid("dueAt", IncidentErrors.DueAtPast, "must be in the future");
        }

        var unitIds = r.ToUnitIds!.Distinct().ToList();
        var targets = await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId)
            .Where(u => unitIds.Contains(u.Id) && !u.IsRetired && u.Id != unitId).ToListAsync(ct);
        if (targets.Count != unitIds.Count)
        {
            return ApiResults.Invalid("toUnitIds", IncidentErrors.InstructionUnits, "must be other active units in your scope");
        }

        Instruction? proposal = null;
        if (r.ProposalId is { } proposalId)
        {
            proposal = await ListInstructionsHandler.Visible(db, scope).AsTracking()
                .SingleOrDefaultAsync(i => i.Id == proposalId && i.IncidentId == incidentId && i.Kind == InstructionKind.Proposal, ct);
            if (kind == InstructionKind.Proposal || proposal is null || proposal.Status != InstructionStatus.Proposed)
            {
                return ApiResults.Invalid("proposalId", IncidentErrors.InstructionProposal, "must be a proposal on this incident still awaiting a decision");
            }

            proposal.Status = InstructionStatus.Adopted;
            proposal.Version++;
        }

        var instruction = new Instruction
        {
            IncidentId = incidentId,
            Kind = kind,
            Text = r.Text.Trim(),
            LeaderName = kind == InstructionKind.LeaderInstruction ? leaderName : null,
            ProposalId = proposal?.Id,
            IssuerUnitId = unitId,
            IssuerJurisdictionId = jurisdictionId,
            IssuedBy = actor.UserName,
            IssuedAt = now,
            DueAt = r.DueAt?.ToUniversalTime(),
            Status = kind == InstructionKind.Proposal ? InstructionStatus.Proposed : InstructionStatus.InProgress,
        };
        if (kind == InstructionKind.Proposal)
        {
            instruction.ProposedUnitIds = unitIds;
        }
        else
        {
            instruction.Assignments = targets.Select(t => new InstructionAssignment
            {
                InstructionId = instruction.Id,
                IncidentId = incidentId,
                ToUnitId = t.Id,
                ToJurisdictionId = t.JurisdictionId,
            }).ToList();
        }

        db.Add(instruction);
        await db.SaveChangesAsync(ct);
        if (kind != InstructionKind.Proposal)
        {
            events.Publish(new IncidentEvent(IncidentEventKind.InstructionIssued, incidentId, incident.Number, incident.Title,
                incident.OriginJurisdictionId, unitIds, now, incident.IsDrill));
        }
        else
        {
            // A proposal (拟办) awaits a leader of the issuing level: their workbenches list it.
            workbench.Raise(Platform.Workbench.WorkbenchChange.For(jurisdictionId, incident.OriginJurisdictionId));
        }

        var view = (await views.ViewsAsync(db, scope, db.Set<Instruction>().Where(i => i.Id == instruction.Id), ct)).Single();
        return TypedResults.Created($"/api/v1/instructions/{instruction.Id}", view);
    }
}

internal static class IssueInstructionEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/incidents/{id:guid}/instructions", (IssueInstructionHandler h, Guid id, IssueInstructionRequest r, CancellationToken ct) => h.HandleAsync(id, r, ct))
            .RequirePermission(IncidentPermissions.ProposeHandling, IncidentPermissions.IssueInstruction)
            .WithName("IssueInstruction").WithTags("Instructions")
            .Produces<InstructionView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Proposes handling (拟办), refers to units (转办) or records a leader's instruction (领导批示); dueAt makes it supervised (督办); honours Idempotency-Key");
}
