using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Escalation;
using Beacon.Incidents.Incidents;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Units;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Reporting.LeaderApproval;

public sealed record ApprovalRuleRequest(
    bool IsRequired,
    [property: EnumDataType(typeof(Severity), ErrorMessage = "must be I, II, III or IV")] Severity? MinSeverity);

public sealed record ApprovalRuleView(string JurisdictionCode, string JurisdictionName, bool IsRequired, Severity? MinSeverity, DateTimeOffset? UpdatedAt, string? UpdatedByName, int Version);

public sealed record ApproveReportRequest([property: StringLength(500)] string? Note);

public sealed record ReturnReportRequest([property: Required, StringLength(500, MinimumLength = 2)] string Reason);

public sealed record ResubmitReportRequest([property: StringLength(500)] string? Note);

/// <summary>
/// A held delivery as people read it: what, from whom, its state, who must approve (the 带班领导 of the sending unit's
/// current shift, or any leader of that unit), and the leader's decision with the reason for a return.
/// </summary>
public sealed record ApprovalView(
    Guid Id, Guid IncidentId, string Number, string Title, HeldDelivery Delivery, ApprovalState State, string FromUnit,
    DateTimeOffset RequestedAt, string RequestedByName, string? Assessment, DateTimeOffset? DecidedAt, string? DecidedByName, string? Note,
    string ApproverOnDuty, int Resubmissions);

/// <summary>
/// 带班领导审核 (decision 0039): the per-jurisdiction rule, and the leader's approval (审核通过: delivered now) or return
/// (退回修改: the duty officer sees the reason and resubmits) of a report held before it leaves upward.
/// </summary>
public sealed class LeaderApprovalHandler(
    BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, DutyRooms dutyRooms, TimeProvider clock, IOptions<IncidentsOptions> options,
    DutyBoard.IncidentEvents events, ReportingReferenceData reference, People people)
{
    /// <summary>The rule of a jurisdiction in the caller's scope (off when never set); null when not in scope.</summary>
    public async Task<ApprovalRuleView?> GetRuleAsync(string code, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var node = (await tree.GetAsync(ct)).Nodes.FirstOrDefault(n => n.Code == code && !n.IsRetired && scope.Contains(n.Id));
        if (node is null)
        {
            return null;
        }

        await using var db = dbs.CreateDbContext();
        var rule = await db.Set<ReportApprovalRule>().AsNoTracking().SingleOrDefaultAsync(r => r.JurisdictionId == node.Id, ct);
        var names = await people.ResolveAsync([rule?.UpdatedBy], ct);
        return new ApprovalRuleView(node.Code, node.Name, rule?.IsRequired ?? false, rule?.MinSeverity, rule?.UpdatedAt, names[rule?.UpdatedBy], rule?.Version ?? 0);
    }

    /// <summary>Sets a jurisdiction's rule: its own administrator or one above it (as for reporting rules, decision 0031); audited.</summary>
    public async Task<IResult> SetRuleAsync(string code, ApprovalRuleRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.ManageReportingRules, code, ct);
        var scope = await scopes.GetAsync(ct);
        var node = (await tree.GetAsync(ct)).Nodes.FirstOrDefault(n => n.Code == code && !n.IsRetired && scope.Contains(n.Id));
        if (node is null)
        {
            return ApiResults.NotFound(IncidentErrors.ApprovalRuleJurisdictionNotFound, "Jurisdiction");
        }

        if (r.MinSeverity == Severity.NotAssessed)
        {
            return ApiResults.Invalid("minSeverity", IncidentErrors.ApprovalRuleMinSeverity, "give I, II, III or IV, or leave it empty for every report");
        }

        await using var db = dbs.CreateDbContext();
        var rule = await db.Set<ReportApprovalRule>().SingleOrDefaultAsync(x => x.JurisdictionId == node.Id, ct);
        if (rule is null)
        {
            rule = new ReportApprovalRule { JurisdictionId = node.Id };
            db.Add(rule);
        }
        else
        {
            rule.Version++;
        }

        rule.IsRequired = r.IsRequired;
        rule.MinSeverity = r.MinSeverity;
        rule.UpdatedAt = clock.GetUtcNow();
        rule.UpdatedBy = scopes.Actor.UserName;
        db.Audit("report-approval-rule.changed", "report-approval-rule", rule.Id.ToString(),
            new { jurisdiction = node.Code, required = rule.IsRequired, minSeverity = rule.MinSeverity?.ToString() });
        await db.SaveChangesAsync(ct);
        reference.Invalidate();
        return TypedResults.Ok(await GetRuleAsync(code, ct));
    }

    /// <summary>The held deliveries of one incident in scope, newest first (the incident page); null when the incident is out of scope.</summary>
    public async Task<List<ApprovalView>?> FindForIncidentAsync(Guid incidentId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        if (!await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).AnyAsync(i => i.Id == incidentId, ct))
        {
            return null;
        }

        return await ViewsAsync(db, db.Set<ReportApproval>().AsNoTracking().InScope(scope, a => a.JurisdictionId).Where(a => a.IncidentId == incidentId), ct);
    }

    /// <summary>The held deliveries of one incident in scope, newest first; empty when out of scope.</summary>
    public async Task<List<ApprovalView>> ForIncidentAsync(Guid incidentId, CancellationToken ct) => await FindForIncidentAsync(incidentId, ct) ?? [];

    /// <summary>审核通过: the held delivery leaves now; the level above receives it at the approval time.</summary>
    public async Task<IResult> ApproveAsync(Guid incidentId, ApproveReportRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.ApproveReport, incidentId, ct);
        await using var db = dbs.CreateDbContext();
        var (incident, held, refused) = await HeldAsync(db, incidentId, ApprovalState.Pending, ct);
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var actor = scopes.Actor;
        var added = await Escalator.SubmitUpAsync(db, tree, dutyRooms, incident!, held!.FromUnitId, held.JurisdictionId, held.RequestedBy, held.Assessment,
            options.Value.SkipLevelFor, now, ct);
        if (held.Delivery == HeldDelivery.Forward)
        {
            var received = await db.Set<Submission>().Where(s => s.IncidentId == incidentId && s.ToUnitId == held.FromUnitId).OrderBy(s => s.SubmittedAt).FirstOrDefaultAsync(ct);
            if (received is not null && added.Count > 0)
            {
                received.ForwardedAt = now;
            }
        }

        held.State = ApprovalState.Approved;
        held.DecidedAt = now;
        held.DecidedBy = actor.UserName;
        held.Note = r.Note?.Trim() is { Length: > 0 } note ? note : null;
        held.Version++;
        // The written report owed above is met when it arrives there: this approval may be what meets it.
        await ObligationSync.ReconcileAsync(db, tree, dutyRooms, reference, incident!, now, null, null, ct, added);
        db.Audit("report.approved", "report-approval", held.Id.ToString(),
            new { number = incident!.Number, delivery = held.Delivery.ToString(), sentTo = added.Select(s => s.ToUnitId) });
        await db.SaveChangesAsync(ct);
        events.Publish(new DutyBoard.IncidentEvent(DutyBoard.IncidentEventKind.Forwarded, incident.Id, incident.Number, incident.Title,
            incident.OriginJurisdictionId, added.Select(s => s.ToUnitId).ToList(), now, incident.IsDrill));
        return TypedResults.Ok(await ForIncidentAsync(incidentId, ct));
    }

    /// <summary>退回修改: nothing leaves; the duty officer sees the reason, corrects (续报) and resubmits.</summary>
    public async Task<IResult> ReturnAsync(Guid incidentId, ReturnReportRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.ApproveReport, incidentId, ct);
        if (r.Reason?.Trim() is not { Length: >= 2 and <= 500 })
        {
            return ApiResults.Invalid("reason", IncidentErrors.ApprovalReturnReason, "give the reason for returning it (2–500 characters)");
        }

        await using var db = dbs.CreateDbContext();
        var (incident, held, refused) = await HeldAsync(db, incidentId, ApprovalState.Pending, ct);
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        held!.State = ApprovalState.Returned;
        held.DecidedAt = now;
        held.DecidedBy = scopes.Actor.UserName;
        held.Note = r.Reason.Trim();
        held.Version++;
        db.Audit("report.returned", "report-approval", held.Id.ToString(), new { number = incident!.Number, reason = held.Note });
        await db.SaveChangesAsync(ct);
        Changed(incident, now);
        return TypedResults.Ok(await ForIncidentAsync(incidentId, ct));
    }

    /// <summary>The duty officer resubmits a returned delivery: it awaits the leader's approval again.</summary>
    public async Task<IResult> ResubmitAsync(Guid incidentId, ResubmitReportRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.FollowUp, incidentId, ct);
        await using var db = dbs.CreateDbContext();
        var (incident, held, refused) = await HeldAsync(db, incidentId, ApprovalState.Returned, ct);
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        held!.State = ApprovalState.Pending;
        held.RequestedAt = now;
        held.RequestedBy = scopes.Actor.UserName;
        held.Resubmissions++;
        held.Version++;
        db.Audit("report.resubmitted", "report-approval", held.Id.ToString(), new { number = incident!.Number, note = r.Note?.Trim() });
        await db.SaveChangesAsync(ct);
        Changed(incident, now);
        return TypedResults.Ok(await ForIncidentAsync(incidentId, ct));
    }

    /// <summary>
    /// Whether a delivery upward from <paramref name="jurisdictionId"/> of an incident at <paramref name="severity"/> is held:
    /// from the cached reference data, no database read on the reporting path while the rule is off (decision 0034).
    /// </summary>
    internal static async Task<bool> HoldsAsync(ReportingReferenceData reference, Guid jurisdictionId, Severity severity, CancellationToken ct) =>
        (await reference.ApprovalRuleAsync(jurisdictionId, ct))?.Holds(severity) ?? false;

    private void Changed(Incident incident, DateTimeOffset now) =>
        events.Publish(new DutyBoard.IncidentEvent(DutyBoard.IncidentEventKind.Forwarded, incident.Id, incident.Number, incident.Title,
            incident.OriginJurisdictionId, [], now, incident.IsDrill));

    /// <summary>The caller's unit's delivery of the incident in <paramref name="state"/>, or the refusal: 404 out of scope, 409 nothing held.</summary>
    private async Task<(Incident? Incident, ReportApproval? Held, IResult? Refused)> HeldAsync(BeaconDb db, Guid incidentId, ApprovalState state, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var incident = await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null)
        {
            return (null, null, ApiResults.NotFound(IncidentErrors.NotFound, "Incident"));
        }

        var unitId = scopes.Actor.UnitId;
        var held = await db.Set<ReportApproval>().InScope(scope, a => a.JurisdictionId)
            .Where(a => a.IncidentId == incidentId && a.FromUnitId == unitId && a.State == state).OrderBy(a => a.RequestedAt).FirstOrDefaultAsync(ct);
        return held is null
            ? (incident, null, ApiResults.Conflict(state == ApprovalState.Pending ? IncidentErrors.ApprovalNothingPending : IncidentErrors.ApprovalNothingReturned,
                state == ApprovalState.Pending ? "Nothing of this incident awaits your unit's leader's approval." : "Nothing of this incident was returned to your unit."))
            : (incident, held, null);
    }

    private async Task<List<ApprovalView>> ViewsAsync(BeaconDb db, IQueryable<ReportApproval> query, CancellationToken ct)
    {
        var rows = await query.OrderByDescending(a => a.RequestedAt).ThenBy(a => a.Id)
            .Select(a => new
            {
                Approval = a,
                Incident = db.Set<Incident>().Where(i => i.Id == a.IncidentId).Select(i => new { i.Number, i.Title }).First(),
                From = db.Units.Where(u => u.Id == a.FromUnitId).Select(u => u.Name).First(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var units = rows.Select(x => x.Approval.FromUnitId).Distinct().ToList();
        var onDuty = await db.Set<Duty.Shift>().AsNoTracking()
            .Where(s => units.Contains(s.UnitId) && s.StartsAt <= now && s.EndsAt > now)
            .Select(s => new { s.UnitId, s.LeaderOnDuty }).ToListAsync(ct);
        var names = await people.ResolveAsync(rows.SelectMany(x => new[] { x.Approval.RequestedBy, x.Approval.DecidedBy }), ct);
        return [.. rows.Select(x => new ApprovalView(
            x.Approval.Id, x.Approval.IncidentId, x.Incident.Number, x.Incident.Title, x.Approval.Delivery, x.Approval.State, x.From,
            x.Approval.RequestedAt, names[x.Approval.RequestedBy] ?? x.Approval.RequestedBy, x.Approval.Assessment, x.Approval.DecidedAt,
            names[x.Approval.DecidedBy], x.Approval.Note,
            onDuty.FirstOrDefault(s => s.UnitId == x.Approval.FromUnitId)?.LeaderOnDuty ?? "",
            x.Approval.Resubmissions))];
    }
}

internal static class LeaderApprovalEndpoints
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder admin, RouteGroupBuilder reporters)
    {
        api.MapGet("/report-approval-rules/{code}", async (LeaderApprovalHandler handler, string code, CancellationToken ct) =>
                await handler.GetRuleAsync(code, ct) is { } rule ? TypedResults.Ok(rule) : ApiResults.NotFound(IncidentErrors.ApprovalRuleJurisdictionNotFound, "Jurisdiction"))
            .WithName("GetReportApprovalRule").WithTags("Incidents")
            .Produces<ApprovalRuleView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Whether 上报 from a jurisdiction in scope needs the leader on duty's approval (上报前需带班领导审核), and from which level");
        admin.MapPut("/report-approval-rules/{code}", (LeaderApprovalHandler handler, string code, ApprovalRuleRequest request, CancellationToken ct) => handler.SetRuleAsync(code, request, ct))
            .RequirePermission(IncidentPermissions.ManageReportingRules)
            .WithName("SetReportApprovalRule").WithTags("Incidents")
            .Produces<ApprovalRuleView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Turns the leader's approval before 上报 on or off for a jurisdiction in scope (optionally from a level up); audited");
        api.MapGet("/incidents/{id:guid}/approvals", async (LeaderApprovalHandler handler, Guid id, CancellationToken ct) =>
                await handler.FindForIncidentAsync(id, ct) is { } views ? TypedResults.Ok(views) : ApiResults.NotFound(IncidentErrors.NotFound, "Incident"))
            .WithName("ListReportApprovals").WithTags("Incidents")
            .Produces<List<ApprovalView>>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The incident's deliveries upward held for the leader's approval (待审核, 已退回, 审核通过), newest first; a handful, complete and unpaged");
        api.MapPost("/incidents/{id:guid}/approvals/approve", (LeaderApprovalHandler handler, Guid id, ApproveReportRequest request, CancellationToken ct) => handler.ApproveAsync(id, request, ct))
            .RequirePermission(IncidentPermissions.ApproveReport)
            .WithName("ApproveReport").WithTags("Incidents")
            .Produces<List<ApprovalView>>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("审核通过: the leader of the sending unit approves its held delivery upward; it is delivered now");
        api.MapPost("/incidents/{id:guid}/approvals/return", (LeaderApprovalHandler handler, Guid id, ReturnReportRequest request, CancellationToken ct) => handler.ReturnAsync(id, request, ct))
            .RequirePermission(IncidentPermissions.ApproveReport)
            .WithName("ReturnReport").WithTags("Incidents")
            .Produces<List<ApprovalView>>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("退回修改: the leader returns the held delivery with a reason; nothing is delivered");
        reporters.MapPost("/incidents/{id:guid}/approvals/resubmit", (LeaderApprovalHandler handler, Guid id, ResubmitReportRequest request, CancellationToken ct) => handler.ResubmitAsync(id, request, ct))
            .RequirePermission(IncidentPermissions.FollowUp)
            .WithName("ResubmitReport").WithTags("Incidents")
            .Produces<List<ApprovalView>>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The duty officer resubmits a returned delivery for the leader's approval");
    }
}
