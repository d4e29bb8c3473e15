using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Incidents;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Escalation.SignForReceipt;

public sealed record SignRequest([property: StringLength(2000)] string? Assessment);

public sealed record ForwardRequest([property: Required, StringLength(2000, MinimumLength = 2)] string Assessment);

public sealed record SubmissionView(
    Guid Id, string FromUnit, string ToUnit, DateTimeOffset SubmittedAt, string SubmittedBy, string? Assessment,
    bool SkipsLevel, bool IsNotification, DateTimeOffset? SignedAt, string? SignedBy, DateTimeOffset? ForwardedAt)
{
    /// <summary>Who submitted, as people read it: display name（unit）; <see cref="SubmittedBy"/> keeps the login.</summary>
    public string? SubmittedByName { get; init; }

    /// <summary>Who signed for it: display name（unit）.</summary>
    public string? SignedByName { get; init; }

    /// <summary>When a later report went past this level (越级上报) and this copy became one for information (抄告).</summary>
    public DateTimeOffset? SkippedAt { get; init; }
}

/// <summary>
/// The receiving duty room signs for a report (签收, the time is recorded) and may forward it upward with its
/// own assessment (研判后上报). Only the unit a report was sent to can sign for it.
/// </summary>
public sealed class EscalationHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, Platform.Units.DutyRooms dutyRooms, TimeProvider clock, IOptions<IncidentsOptions> options, DutyBoard.IncidentEvents events, People people,
    Deadlines.ReportingReferenceData reference)
{
    public async Task<IResult> SignAsync(Guid incidentId, SignRequest request, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.Sign, incidentId, ct);
        var actor = scopes.Actor;
        await using var db = dbs.CreateDbContext();
        var submission = await PendingForAsync(db, incidentId, actor, ct);
        if (submission is null)
        {
            return await NotAwaitingAsync(db, incidentId, ct);
        }

        Sign(submission, actor, request.Assessment);
        await db.SaveChangesAsync(ct);
        await PublishAsync(db, DutyBoard.IncidentEventKind.SignedFor, incidentId, [submission.FromUnitId], ct);
        return TypedResults.Ok(await ChainAsync(db, incidentId, people, ct));
    }

    public async Task<IResult> ForwardAsync(Guid incidentId, ForwardRequest request, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.Forward, incidentId, ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId)
        {
            return ApiResults.Forbidden(IncidentErrors.ForwardNoUnit, "Only a unit can forward.");
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var incident = await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null)
        {
            return ApiResults.NotFound(IncidentErrors.NotFound, "Incident");
        }

        var received = await db.Set<Submission>().Where(s => s.IncidentId == incidentId && s.ToUnitId == unitId)
            .OrderBy(s => s.SubmittedAt).FirstOrDefaultAsync(ct);
        if (received is null)
        {
            return ApiResults.Conflict(IncidentErrors.ForwardNotSubmittedToYou, "This incident was not submitted to your unit; only a receiving duty room forwards it.");
        }

        var now = clock.GetUtcNow();
        if (received.SignedAt is null)
        {
            Sign(received, actor, null);
        }

        if (await Reporting.LeaderApproval.LeaderApprovalHandler.HoldsAsync(reference, jurisdictionId, incident.Severity, ct))
        {
            // 上报前需带班领导审核 (decision 0039): held until a leader of this unit approves; it is delivered then.
            return await HoldForwardAsync(db, incident, unitId, jurisdictionId, request.Assessment.Trim(), now, ct);
        }

        var added = await Escalator.SubmitUpAsync(db, tree, dutyRooms, incident, unitId, jurisdictionId, actor.UserName, request.Assessment.Trim(),
            options.Value.SkipLevelFor, now, ct);
        if (added.Count == 0)
        {
            return ApiResults.Conflict(IncidentErrors.ForwardNoLevelAbove, "There is no level above yours to forward to, or it already has this incident.");
        }

        received.ForwardedAt = now;
        // A written report owed to a level above is met when it arrives there: forwarding may be what meets it.
        await Deadlines.ObligationSync.ReconcileAsync(db, tree, dutyRooms, reference, incident, now, null, null, ct, added);
        await db.SaveChangesAsync(ct);
        events.Publish(new DutyBoard.IncidentEvent(DutyBoard.IncidentEventKind.Forwarded, incident.Id, incident.Number, incident.Title,
            incident.OriginJurisdictionId, added.Select(a => a.ToUnitId).ToList(), now, incident.IsDrill));
        return TypedResults.Ok(await ChainAsync(db, incidentId, people, ct));
    }

    private async Task<IResult> HoldForwardAsync(BeaconDb db, Incident incident, Guid unitId, Guid jurisdictionId, string assessment, DateTimeOffset now, CancellationToken ct)
    {
        var already = await db.Set<Submission>().Where(s => s.IncidentId == incident.Id).Select(s => s.ToUnitId).ToListAsync(ct);
        var would = await Escalator.SubmissionsUpAsync(tree, dutyRooms, incident, unitId, jurisdictionId, scopes.Actor.UserName, assessment,
            options.Value.SkipLevelFor, already, now, ct);
        var open = await db.Set<Reporting.LeaderApproval.ReportApproval>()
            .AnyAsync(a => a.IncidentId == incident.Id && a.FromUnitId == unitId && a.State != Reporting.LeaderApproval.ApprovalState.Approved, ct);
        if (would.Count == 0 || open)
        {
            return open
                ? ApiResults.Conflict(IncidentErrors.ApprovalAlreadyHeld, "A forward of this incident already awaits your leader's approval.")
                : ApiResults.Conflict(IncidentErrors.ForwardNoLevelAbove, "There is no level above yours to forward to, or it already has this incident.");
        }

        db.Add(new Reporting.LeaderApproval.ReportApproval
        {
            IncidentId = incident.Id,
            FromUnitId = unitId,
            JurisdictionId = jurisdictionId,
            Delivery = Reporting.LeaderApproval.HeldDelivery.Forward,
            Assessment = assessment,
            RequestedAt = now,
            RequestedBy = scopes.Actor.UserName,
        });
        db.Audit("report.held", "incident", incident.Id.ToString(), new { number = incident.Number, delivery = "Forward" });
        await db.SaveChangesAsync(ct);
        events.Publish(new DutyBoard.IncidentEvent(DutyBoard.IncidentEventKind.Forwarded, incident.Id, incident.Number, incident.Title,
            incident.OriginJurisdictionId, [], now, incident.IsDrill));
        return TypedResults.Ok(await ChainAsync(db, incident.Id, people, ct));
    }

    /// <summary>The chain of who reported what to whom and when, oldest first.</summary>
    internal static async Task<List<SubmissionView>> ChainAsync(BeaconDb db, Guid incidentId, People people, CancellationToken ct)
    {
        var chain = await db.Set<Submission>().AsNoTracking().Where(s => s.IncidentId == incidentId).OrderBy(s => s.SubmittedAt)
            .Select(s => new SubmissionView(
                s.Id,
                db.Units.Where(u => u.Id == s.FromUnitId).Select(u => u.Name).First(),
                db.Units.Where(u => u.Id == s.ToUnitId).Select(u => u.Name).First(),
                s.SubmittedAt, s.SubmittedBy, s.Assessment, s.SkipsLevel, s.IsNotification, s.SignedAt, s.SignedBy, s.ForwardedAt)
            { SkippedAt = s.SkippedAt })
            .ToListAsync(ct);
        var names = await people.ResolveAsync(chain.SelectMany(s => new[] { s.SubmittedBy, s.SignedBy }), ct);
        return [.. chain.Select(s => s with { SubmittedByName = names[s.SubmittedBy], SignedByName = names[s.SignedBy] })];
    }

    private async Task PublishAsync(BeaconDb db, DutyBoard.IncidentEventKind kind, Guid incidentId, IReadOnlyList<Guid> to, CancellationToken ct)
    {
        var i = await db.Set<Incident>().AsNoTracking().Where(x => x.Id == incidentId)
            .Select(x => new { x.Number, x.Title, x.OriginJurisdictionId, x.IsDrill }).SingleAsync(ct);
        events.Publish(new DutyBoard.IncidentEvent(kind, incidentId, i.Number, i.Title, i.OriginJurisdictionId, to, clock.GetUtcNow(), i.IsDrill));
    }

    private void Sign(Submission submission, Actor actor, string? assessment)
    {
        submission.SignedAt = clock.GetUtcNow();
        submission.SignedBy = actor.UserName;
        if (!string.IsNullOrWhiteSpace(assessment))
        {
            submission.Assessment = assessment.Trim();
        }
    }

    private static Task<Submission?> PendingForAsync(BeaconDb db, Guid incidentId, Actor actor, CancellationToken ct) =>
        db.Set<Submission>().Where(s => s.IncidentId == incidentId && s.ToUnitId == actor.UnitId && s.SignedAt == null)
            .OrderBy(s => s.SubmittedAt).FirstOrDefaultAsync(ct);

    private async Task<IResult> NotAwaitingAsync(BeaconDb db, Guid incidentId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var visible = await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).AnyAsync(i => i.Id == incidentId, ct);
        return visible ? ApiResults.Conflict(IncidentErrors.NothingToSign, "Nothing of this incident awaits your unit's signature.") : ApiResults.NotFound(IncidentErrors.NotFound, "Incident");
    }
}

internal static class EscalationEndpoints
{
    public static void Map(RouteGroupBuilder reporters)
    {
        reporters.MapPost("/incidents/{id:guid}/sign", (EscalationHandler handler, Guid id, SignRequest request, CancellationToken ct) => handler.SignAsync(id, request, ct))
            .RequirePermission(IncidentPermissions.Sign)
            .WithName("SignForReceipt").WithTags("Incidents")
            .Produces<List<SubmissionView>>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Signs for a report sent to the caller's duty room (签收); the receipt time is recorded");
        reporters.MapPost("/incidents/{id:guid}/forward", (EscalationHandler handler, Guid id, ForwardRequest request, CancellationToken ct) => handler.ForwardAsync(id, request, ct))
            .RequirePermission(IncidentPermissions.Forward)
            .WithName("ForwardIncident").WithTags("Incidents")
            .Produces<List<SubmissionView>>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Forwards an incident to the level above with the caller's assessment (逐级上报)");
    }
}
