using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Instructions.ListInstructions;

public sealed record FeedbackView(string Text, bool IsFinal, DateTimeOffset At, string By);

/// <summary>
/// One unit's part of an instruction. <see cref="Status"/> is measured against the supervision deadline (督办时限):
/// null while there is none.
/// </summary>
public sealed record AssignmentView(
    Guid Id, Guid UnitId, string Unit, DateTimeOffset? SignedAt, string? SignedBy, DateTimeOffset? DoneAt, ObligationStatus? Status,
    IReadOnlyList<FeedbackView> Feedback);

/// <summary>A handling item as the caller sees it; <see cref="IssuedInScope"/> is true on the issuing side (who may supervise).</summary>
public sealed record InstructionView(
    Guid Id, Guid IncidentId, string IncidentNumber, string IncidentTitle, InstructionKind Kind, string Text, string? LeaderName,
    Guid IssuerUnitId, string IssuerUnit, string IssuedBy, DateTimeOffset IssuedAt, DateTimeOffset? DueAt, string? SupervisionNotes,
    InstructionStatus Status, ObligationStatus? DeadlineStatus, IReadOnlyList<UnitChoice> ProposedUnits, Guid? ProposalId,
    IReadOnlyList<AssignmentView> Assignments, bool IssuedInScope, int Version);

/// <summary>Which handling items to list (办理事项).</summary>
public enum InstructionFilter
{
    /// <summary>Everything visible: issued in scope or passed down to a unit in scope.</summary>
    All = 0,

    /// <summary>Not yet done: proposals awaiting a leader and instructions being carried out (督办台账).</summary>
    Open = 1,

    /// <summary>Passed to the caller's own unit and not yet reported carried out (待落实).</summary>
    AwaitingMyFeedback = 2,
}

/// <summary>
/// Reads handling items. An item is visible to the issuing unit's jurisdiction and those above it, and to every
/// jurisdiction it was passed down to; a receiving unit sees only its own part (not the other units' feedback).
/// </summary>
public sealed class ListInstructionsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<IncidentsOptions> options)
{
    public async Task<List<InstructionView>> ListAsync(InstructionFilter filter, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = Visible(db, scope);
        query = filter switch
        {
            InstructionFilter.Open => query.Where(i => i.Status == InstructionStatus.Proposed || i.Status == InstructionStatus.InProgress),
            InstructionFilter.AwaitingMyFeedback => query.Where(i => i.Assignments.Any(a => a.ToUnitId == scopes.Actor.UnitId && a.DoneAt == null)),
            _ => query,
        };
        return await ViewsAsync(db, scope, query, ct);
    }

    /// <summary>The handling items of one incident; 404 when the caller can see neither the incident nor any of its items.</summary>
    public async Task<IResult> ForIncidentAsync(Guid incidentId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var views = await ViewsAsync(db, scope, Visible(db, scope).Where(i => i.IncidentId == incidentId), ct);
        if (views.Count == 0 && !await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).AnyAsync(i => i.Id == incidentId, ct))
        {
            return ApiResults.NotFound("Incident");
        }

        return TypedResults.Ok(views);
    }

    public async Task<IResult> GetAsync(HttpContext http, Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var view = (await ViewsAsync(db, scope, Visible(db, scope).Where(i => i.Id == id), ct)).SingleOrDefault();
        if (view is null)
        {
            return ApiResults.NotFound("Instruction");
        }

        ApiResults.SetETag(http, view.Version);
        return TypedResults.Ok(view);
    }

    internal static IQueryable<Instruction> Visible(BeaconDb db, DataScope scope)
    {
        if (scope.IsEverything)
        {
            return db.Set<Instruction>().AsNoTracking();
        }

        var passedDown = db.Set<InstructionAssignment>().InScope(scope, a => a.ToJurisdictionId).Select(a => a.InstructionId);
        var issued = db.Set<Instruction>().InScope(scope, i => i.IssuerJurisdictionId).Select(i => i.Id);
        return db.Set<Instruction>().AsNoTracking().Where(i => issued.Contains(i.Id) || passedDown.Contains(i.Id));
    }

    internal async Task<List<InstructionView>> ViewsAsync(BeaconDb db, DataScope scope, IQueryable<Instruction> query, CancellationToken ct)
    {
        var items = await query.Include(i => i.Assignments).ThenInclude(a => a.Feedback)
            .OrderByDescending(i => i.IssuedAt).Take(500).AsSplitQuery().ToListAsync(ct);
        var incidentIds = items.Select(i => i.IncidentId).Distinct().ToList();
        var incidents = await db.Set<Incident>().AsNoTracking().Where(i => incidentIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Number, i.Title }).ToDictionaryAsync(i => i.Id, ct);
        var unitIds = items.SelectMany(i => i.Assignments.Select(a => a.ToUnitId).Concat(i.ProposedUnitIds).Append(i.IssuerUnitId)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var now = clock.GetUtcNow();
        var window = options.Value.DueSoon;
        return items.Select(i =>
        {
            // A unit that only received the item sees its own part; the issuer's side sees every unit's.
            var mine = scope.Contains(i.IssuerJurisdictionId) ? i.Assignments : i.Assignments.Where(a => scope.Contains(a.ToJurisdictionId));
            var incident = incidents.GetValueOrDefault(i.IncidentId);
            return new InstructionView(
                i.Id, i.IncidentId, incident?.Number ?? "", incident?.Title ?? "", i.Kind, i.Text, i.LeaderName, i.IssuerUnitId,
                units.GetValueOrDefault(i.IssuerUnitId, ""), i.IssuedBy, i.IssuedAt, i.DueAt, i.SupervisionNotes, i.Status,
                i.DueAt is { } due && i.Kind != InstructionKind.Proposal ? Deadline.Status(due, i.DoneAt, now, window) : null,
                scope.Contains(i.IssuerJurisdictionId) ? i.ProposedUnitIds.Select(u => new UnitChoice(u, units.GetValueOrDefault(u, ""))).ToList() : [],
                i.ProposalId,
                mine.OrderBy(a => units.GetValueOrDefault(a.ToUnitId, ""), StringComparer.Ordinal).Select(a => new AssignmentView(
                    a.Id, a.ToUnitId, units.GetValueOrDefault(a.ToUnitId, ""), a.SignedAt, a.SignedBy, a.DoneAt,
                    i.DueAt is { } d ? Deadline.Status(d, a.DoneAt, now, window) : null,
                    a.Feedback.OrderBy(f => f.At).Select(f => new FeedbackView(f.Text, f.IsFinal, f.At, f.By)).ToList())).ToList(),
                scope.Contains(i.IssuerJurisdictionId), i.Version);
        }).ToList();
    }
}

internal static class ListInstructionsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/instructions", async (ListInstructionsHandler h, InstructionFilter? filter, CancellationToken ct) =>
                TypedResults.Ok(await h.ListAsync(filter ?? InstructionFilter.All, ct)))
            .WithName("ListInstructions").WithTags("Instructions")
            .WithSummary("Handling items (拟办 / 转办 / 领导批示) visible to the caller; filter=Open is the supervision list (督办台账), AwaitingMyFeedback what the caller's unit must carry out");
        api.MapGet("/instructions/{id:guid}", (HttpContext http, ListInstructionsHandler h, Guid id, CancellationToken ct) => h.GetAsync(http, id, ct))
            .WithName("GetInstruction").WithTags("Instructions")
            .Produces<InstructionView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("One handling item with its ETag (for supervision's If-Match)");
        api.MapGet("/incidents/{id:guid}/instructions", (ListInstructionsHandler h, Guid id, CancellationToken ct) => h.ForIncidentAsync(id, ct))
            .WithName("ListIncidentInstructions").WithTags("Instructions")
            .Produces<List<InstructionView>>().ProducesProblems(StatusCodes.Status404NotFound);
    }
}
