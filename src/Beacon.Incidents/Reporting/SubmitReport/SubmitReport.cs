using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
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

namespace Beacon.Incidents.Reporting.SubmitReport;

/// <summary>
/// A follow-up (续报) or the final report (终报). The incident's current figures become those of this report;
/// a raised level or a newly sensitive event creates the obligations the rules now demand, counted from now.
/// The figures are graded by the event type's thresholds (<see cref="Classification.SeverityGrading"/>): a level above
/// the declared one is proposed (建议级别) and taken. A raise to a level that skips a level (越级上报) sends the report at once
/// to the region, the level in between being told (抄告). A final report with leaders' instructions still open needs a
/// confirmation with a reason (409 <see cref="IncidentErrors.FinalOpenInstructions"/> without it). Decision 0032.
/// </summary>
public sealed record SubmitReportRequest(
    [property: Required, EnumDataType(typeof(ReportKind))] ReportKind? Kind,
    [property: Required, EnumDataType(typeof(Severity), ErrorMessage = "must be I, II, III, IV or NotAssessed")] Severity? Severity,
    bool IsSensitive,
    [property: Range(0, 1_000_000, ErrorMessage = "cannot be negative")] int Deaths,
    [property: Range(0, 1_000_000, ErrorMessage = "cannot be negative")] int Missing,
    [property: Range(0, 1_000_000, ErrorMessage = "cannot be negative")] int Injured,
    [property: Range(0, 1_000_000, ErrorMessage = "cannot be negative")] int Trapped,
    [property: Range(0, 100_000_000, ErrorMessage = "cannot be negative")] int Evacuated,
    [property: Range(0, 100_000_000, ErrorMessage = "cannot be negative")] int Affected,
    [property: Range(typeof(decimal), "0", "100000000", ErrorMessage = "cannot be negative")] decimal DirectLossTenThousandYuan,
    [property: Required, StringLength(8000, MinimumLength = 2)] string Narrative,
    [property: StringLength(4000)] string? Measures,
    [property: StringLength(4000)] string? NextSteps,
    [property: Required, StringLength(50, MinimumLength = 1)] string Signer,
    [property: StringLength(40), Phone] string? Phone,
    bool ConfirmOpenInstructions = false,
    [property: StringLength(500)] string? ConfirmationReason = null);

/// <summary>
/// The report filed and what it changed: the level the figures give (<see cref="ProposedSeverity"/>, 建议级别, with its
/// reason), the incident's level after it, whether it was raised, and the duty rooms it went to past a level (越级上报).
/// </summary>
public sealed record SubmittedReport(Guid Id, string Title, int Sequence, IReadOnlyList<ObligationView> Obligations)
{
    public Severity? ProposedSeverity { get; init; }

    public string? ProposedReason { get; init; }

    public Severity Severity { get; init; }

    public bool LevelRaised { get; init; }

    public IReadOnlyList<Guid> SentTo { get; init; } = [];
}

public sealed class SubmitReportHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, Platform.Units.DutyRooms dutyRooms, TimeProvider clock, IOptions<IncidentsOptions> options, DutyBoard.IncidentEvents events,
    ReportingReferenceData reference, Classification.SeverityGrading grading)
{
    public async Task<IResult> HandleAsync(Guid incidentId, SubmitReportRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.FollowUp, incidentId, ct);
        if (r.Kind == ReportKind.First)
        {
            return ApiResults.Invalid("kind", IncidentErrors.ReportKindFirst, "a first report creates the incident (POST /api/v1/incidents); here: FollowUp or Final");
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var incident = await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null)
        {
            return ApiResults.NotFound(IncidentErrors.NotFound, "Incident");
        }

        if (incident.Status == IncidentStatus.Closed)
        {
            return ApiResults.Conflict(IncidentErrors.Closed, "The incident is closed by its final report; it takes no more reports.");
        }

        string? confirmation = null;
        if (r.Kind == ReportKind.Final)
        {
            var open = await OpenInstructionsAsync(db, incident.Id, ct);
            if (open > 0 && !r.ConfirmOpenInstructions)
            {
                return ApiResults.Conflict(IncidentErrors.FinalOpenInstructions,
                    $"{open} leaders' instruction(s) of this incident are unsigned or unfinished; resend with confirmOpenInstructions and a confirmationReason to close it anyway.");
            }

            if (open > 0)
            {
                if (r.ConfirmationReason?.Trim() is not { Length: >= 2 } reason)
                {
                    return ApiResults.Invalid("confirmationReason", IncidentErrors.FinalConfirmationReason, "give the reason for closing with instructions open (2–500 characters)");
                }

                confirmation = reason;
            }
        }

        var actor = scopes.Actor;
        var now = clock.GetUtcNow();
        var casualties = new Casualties(r.Deaths, r.Missing, r.Injured, r.Trapped, r.Evacuated, r.Affected, r.DirectLossTenThousandYuan);
        var report = new IncidentReport
        {
            IncidentId = incident.Id,
            Kind = r.Kind!.Value,
            Sequence = incident.ReportCount + 1,
            UnitId = actor.UnitId ?? incident.OriginUnitId,
            SubmittedById = actor.UserId,
            SubmittedBy = actor.UserName,
            SubmittedAt = now,
            Severity = r.Severity!.Value,
            IsSensitive = r.IsSensitive,
            FinalConfirmation = confirmation,
            Casualties = casualties,
            Narrative = r.Narrative.Trim(),
            Measures = r.Measures?.Trim(),
            NextSteps = r.NextSteps?.Trim(),
            Signer = r.Signer.Trim(),
            Phone = r.Phone?.Trim(),
        };
        // The figures' level (the same grading as the first report's): a level above the declared one is taken.
        var grade = grading.Grade(incident.EventTypeCode, casualties);
        if (grade.Level != Severity.NotAssessed)
        {
            report.ProposedSeverity = grade.Level;
            report.ProposedReason = grade.Reason;
        }

        if (Classification.Grade.IsAbove(grade.Level, report.Severity))
        {
            report.Severity = grade.Level;
        }

        var previous = incident.Severity;
        var raised = Classification.Grade.IsAbove(report.Severity, previous);
        db.Add(report);

        // The incident's current figures are derived from its latest report.
        incident.Severity = report.Severity;
        incident.IsSensitive = report.IsSensitive;
        incident.Casualties = casualties;
        incident.Narrative = report.Narrative;
        incident.Measures = report.Measures ?? incident.Measures;
        incident.ReportCount = report.Sequence;
        incident.Version++;
        if (report.Kind == ReportKind.Final)
        {
            incident.Status = IncidentStatus.Closed;
            incident.ClosedAt = now;
        }

        if (confirmation is not null)
        {
            db.Audit("incident.final-confirmed", "incident-report", report.Id.ToString(), new { incident = incident.Number, reason = confirmation });
        }

        var rerouted = raised && !incident.IsDrill ? await RerouteAsync(db, incident, previous, now, ct) : [];
        if (raised)
        {
            db.Audit("incident.level-raised", "incident", incident.Id.ToString(),
                new { number = incident.Number, from = previous.ToString(), to = incident.Severity.ToString(), reason = report.ProposedReason, sentTo = rerouted.Select(s => s.ToUnitId) });
        }

        var obligations = await ObligationSync.ReconcileAsync(db, tree, dutyRooms, reference, incident, now, report, null, ct, rerouted);
        await db.SaveChangesAsync(ct);
        // Pushed to the origin's scope and to the duty rooms the report now reached (the level skipped included), nowhere else.
        events.Publish(new DutyBoard.IncidentEvent(DutyBoard.IncidentEventKind.ReportAdded, incident.Id, incident.Number, incident.Title,
            incident.OriginJurisdictionId, rerouted.Select(s => s.ToUnitId).Distinct().ToList(), now, incident.IsDrill));
        return TypedResults.Created($"/api/v1/incidents/{incident.Id}/reports/{report.Id}",
            new SubmittedReport(report.Id, report.Title, report.Sequence, obligations.Select(o => ObligationView.Of(o, now, options.Value.DueSoon)).ToList())
            {
                ProposedSeverity = report.ProposedSeverity,
                ProposedReason = report.ProposedReason,
                Severity = incident.Severity,
                LevelRaised = raised,
                SentTo = rerouted.Where(s => !s.IsNotification).Select(s => s.ToUnitId).ToList(),
            });
    }

    /// <summary>
    /// For the page: how many leaders' instructions on an incident in scope are open, so a final report asks for the
    /// confirmation before it is sent (the server refuses it without one all the same). 0 for an incident out of scope.
    /// </summary>
    public async Task<int> OpenInstructionsAsync(Guid incidentId, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.FollowUp, incidentId, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        return await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).AnyAsync(i => i.Id == incidentId, ct)
            ? await OpenInstructionsAsync(db, incidentId, ct)
            : 0;
    }

    /// <summary>Leaders' instructions (and proposals awaiting one) on the incident not yet carried out everywhere: 未签批 or 未办结.</summary>
    internal static Task<int> OpenInstructionsAsync(Platform.Data.BeaconDb db, Guid incidentId, CancellationToken ct) =>
        db.Set<Instructions.Instruction>().AsNoTracking()
            .CountAsync(i => i.IncidentId == incidentId && (i.Status == Instructions.InstructionStatus.Proposed || i.Status == Instructions.InstructionStatus.InProgress), ct);

    /// <summary>
    /// A raise to a level that skips a level (越级上报, <see cref="IncidentsOptions.SkipLevelFor"/>): the report goes at once
    /// from the origin to the duty rooms now owed that do not have it (the region), and the level in between is told —
    /// a new copy for information, or its copy turned into one (抄告, <see cref="Escalation.Submission.SkippedAt"/>) when it
    /// has not forwarded it. Returns the submissions added or turned, for the obligations and the push.
    /// </summary>
    private async Task<List<Escalation.Submission>> RerouteAsync(Platform.Data.BeaconDb db, Incident incident, Severity previous, DateTimeOffset now, CancellationToken ct)
    {
        var skipFor = options.Value.SkipLevelFor;
        if (!skipFor.Contains(incident.Severity) || skipFor.Contains(previous))
        {
            // Not a skip-level level, or skip-level was already decided: the report follows the chain it is on.
            return [];
        }

        var added = await Escalation.Escalator.SubmitUpAsync(db, tree, dutyRooms, incident, incident.OriginUnitId, incident.OriginJurisdictionId,
            scopes.Actor.UserName, null, skipFor, now, ct);
        if (!added.Any(s => s.SkipsLevel))
        {
            // The region already had it (the prefecture forwarded it): nothing goes past a level.
            return added;
        }

        var skipped = await db.Set<Escalation.Submission>()
            .Where(s => s.IncidentId == incident.Id && s.FromUnitId == incident.OriginUnitId && !s.IsNotification && s.ForwardedAt == null)
            .ToListAsync(ct);
        foreach (var copy in skipped)
        {
            copy.IsNotification = true;
            copy.SkippedAt = now;
        }

        foreach (var told in added.Where(s => s.IsNotification))
        {
            told.SkippedAt = now;
        }

        return [.. added, .. skipped];
    }
}

internal static class SubmitReportEndpoint
{
    public static void Map(RouteGroupBuilder reporters) =>
        reporters.MapPost("/incidents/{id:guid}/reports", (SubmitReportHandler handler, Guid id, SubmitReportRequest request, CancellationToken ct) => handler.HandleAsync(id, request, ct))
            .RequirePermission(IncidentPermissions.FollowUp)
            .WithName("SubmitReport").WithTags("Incidents")
            .Produces<SubmittedReport>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Follow-up (续报) or final report (终报); the incident takes the figures of its latest report");
}
