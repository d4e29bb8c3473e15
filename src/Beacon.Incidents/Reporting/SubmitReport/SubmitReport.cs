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
    [property: StringLength(40), Phone] string? Phone);

public sealed record SubmittedReport(Guid Id, string Title, int Sequence, IReadOnlyList<ObligationView> Obligations);

public sealed class SubmitReportHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, Platform.Units.DutyRooms dutyRooms, TimeProvider clock, IOptions<IncidentsOptions> options, DutyBoard.IncidentEvents events,
    ReportingReferenceData reference)
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
            Casualties = casualties,
            Narrative = r.Narrative.Trim(),
            Measures = r.Measures?.Trim(),
            NextSteps = r.NextSteps?.Trim(),
            Signer = r.Signer.Trim(),
            Phone = r.Phone?.Trim(),
        };
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

        var obligations = await ObligationSync.ReconcileAsync(db, tree, dutyRooms, reference, incident, now, report, null, ct);
        await db.SaveChangesAsync(ct);
        events.Publish(new DutyBoard.IncidentEvent(DutyBoard.IncidentEventKind.ReportAdded, incident.Id, incident.Number, incident.Title,
            incident.OriginJurisdictionId, [], now, incident.IsDrill));
        return TypedResults.Created($"/api/v1/incidents/{incident.Id}/reports/{report.Id}",
            new SubmittedReport(report.Id, report.Title, report.Sequence, obligations.Select(o => ObligationView.Of(o, now, options.Value.DueSoon)).ToList()));
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
