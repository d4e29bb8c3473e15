using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Beacon.Platform.Units;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beacon.Incidents.Incidents.ReportIncident;

/// <summary>
/// A first report (首报): records the incident and its first written report in one step, and starts the
/// reporting clocks from the learned-at time.
/// </summary>
public sealed record ReportIncidentRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string Title,
    [property: Required, StringLength(12)] string EventTypeCode,
    [property: Required, EnumDataType(typeof(Severity), ErrorMessage = "must be I, II, III, IV or NotAssessed")] Severity? Severity,
    bool IsSensitive,
    [property: Required] DateTimeOffset? OccurredAt,
    [property: Required] DateTimeOffset? LearnedAt,
    [property: StringLength(500)] string? LearnedBeforeOccurredReason,
    [property: Required, RegularExpression("^[0-9]{6}([0-9]{3})?$", ErrorMessage = "must be a 6-digit county or 9-digit township code")] string LocationCode,
    [property: StringLength(200)] string? Address,
    [property: Range(3.8, 53.6, ErrorMessage = "must be inside China (3.8–53.6° N)")] double? Latitude,
    [property: Range(73.4, 135.1, ErrorMessage = "must be inside China (73.4–135.1° E)")] double? Longitude,
    [property: Range(0, 1_000_000, ErrorMessage = "cannot be negative")] int Deaths,
    [property: Range(0, 1_000_000, ErrorMessage = "cannot be negative")] int Missing,
    [property: Range(0, 1_000_000, ErrorMessage = "cannot be negative")] int Injured,
    [property: Range(0, 1_000_000, ErrorMessage = "cannot be negative")] int Trapped,
    [property: Range(0, 100_000_000, ErrorMessage = "cannot be negative")] int Evacuated,
    [property: Range(0, 100_000_000, ErrorMessage = "cannot be negative")] int Affected,
    [property: Range(typeof(decimal), "0", "100000000", ErrorMessage = "cannot be negative")] decimal DirectLossTenThousandYuan,
    [property: Required, EnumDataType(typeof(InformationSource))] InformationSource? Source,
    [property: Required, StringLength(8000, MinimumLength = 2)] string Narrative,
    [property: StringLength(4000)] string? Measures,
    [property: StringLength(4000)] string? NextSteps,
    [property: Required, StringLength(50, MinimumLength = 1)] string Signer,
    [property: StringLength(40), Phone] string? Phone);

public sealed class ReportIncidentHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, DutyRooms dutyRooms, BeijingTime beijing, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<IncidentsOptions> options, DutyBoard.IncidentEvents events, ReportingReferenceData reference,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, Classification.SeverityGrading grading)
{
    public Task<IResult> HandleAsync(ReportIncidentRequest r, CancellationToken ct) => HandleAsync(r, keepAnswerWithReport: true, ct);

    /// <summary>
    /// Records the first report. With <paramref name="keepAnswerWithReport"/> the answer kept for the request's
    /// <c>Idempotency-Key</c> commits with the report; a caller with more to save after it (a clue turned into a first
    /// report) passes false, so that until its own save a retry is told the request was processed (409), not answered.
    /// </summary>
    internal async Task<IResult> HandleAsync(ReportIncidentRequest r, bool keepAnswerWithReport, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.Report, ct: ct);
        var actor = scopes.Actor;
        var scope = await scopes.GetAsync(ct);
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } originJurisdiction)
        {
            return ApiResults.Forbidden(IncidentErrors.ReporterNoUnit, "Only an account or token of a unit can report.");
        }

        if (r.LearnedAt < r.OccurredAt && string.IsNullOrWhiteSpace(r.LearnedBeforeOccurredReason))
        {
            return ApiResults.Invalid("learnedAt", IncidentErrors.LearnedBeforeOccurred, "is before occurredAt; give learnedBeforeOccurredReason if that is right");
        }

        var now = clock.GetUtcNow();
        if (r.OccurredAt > now.AddMinutes(5) || r.LearnedAt > now.AddMinutes(5))
        {
            return ApiResults.Invalid(r.LearnedAt > now.AddMinutes(5) ? "learnedAt" : "occurredAt", IncidentErrors.TimeInFuture, "cannot be in the future");
        }

        if ((r.Latitude is null) != (r.Longitude is null))
        {
            return ApiResults.Invalid(r.Latitude is null ? "latitude" : "longitude", IncidentErrors.LatLngTogether, "latitude and longitude come together");
        }

        var type = await reference.EventTypeAsync(r.EventTypeCode, ct);
        if (type is null)
        {
            return ApiResults.Invalid("eventTypeCode", IncidentErrors.EventTypeUnknown, "is not a known event type code");
        }

        var countyCode = r.LocationCode[..6];
        var snapshot = await tree.GetAsync(ct);
        var location = snapshot.Nodes.FirstOrDefault(j => j.Code == countyCode && !j.IsRetired && scope.Contains(j.Id));
        if (location is null)
        {
            return ApiResults.Invalid("locationCode", IncidentErrors.LocationNotInScope, "is not a jurisdiction in your scope");
        }

        var originTier = snapshot.Find(originJurisdiction)?.Level ?? JurisdictionLevel.County;
        var originCode = snapshot.Find(originJurisdiction)?.Code ?? "000000";
        var year = beijing.ToLocal(r.LearnedAt!.Value).Year;
        var prefix = $"{originCode}-{year}-";

        var casualties = new Casualties(r.Deaths, r.Missing, r.Injured, r.Trapped, r.Evacuated, r.Affected, r.DirectLossTenThousandYuan);
        // The figures' level by the event type's thresholds (the same grading as follow-ups): a level above the declared
        // one is proposed and taken, so the obligations and skip-level reporting follow the figures (decision 0032).
        var grade = grading.Grade(type.Code, casualties);
        var severity = Classification.Grade.IsAbove(grade.Level, r.Severity!.Value) ? grade.Level : r.Severity!.Value;
        var incident = new Incident
        {
            // Given inside the saving transaction (below), so concurrent first reports of one unit never collide.
            Number = "",
            OriginUnitId = unitId,
            OriginJurisdictionId = originJurisdiction,
            Title = r.Title.Trim(),
            EventTypeCode = type.Code,
            Severity = severity,
            IsSensitive = r.IsSensitive,
            OccurredAt = r.OccurredAt!.Value.ToUniversalTime(),
            LearnedAt = r.LearnedAt.Value.ToUniversalTime(),
            LocationJurisdictionId = location.Id,
            TownshipCode = r.LocationCode.Length == 9 ? r.LocationCode : null,
            Address = r.Address?.Trim(),
            Latitude = r.Latitude,
            Longitude = r.Longitude,
            Casualties = casualties,
            Source = r.Source!.Value,
            Narrative = r.Narrative.Trim(),
            Measures = r.Measures?.Trim(),
            ReportCount = 1,
            CreatedAt = now,
        };
        var report = new IncidentReport
        {
            IncidentId = incident.Id,
            Kind = ReportKind.First,
            Sequence = 1,
            UnitId = unitId,
            SubmittedById = actor.UserId,
            SubmittedBy = actor.UserName,
            SubmittedAt = now,
            Severity = incident.Severity,
            IsSensitive = incident.IsSensitive,
            Casualties = casualties,
            Narrative = incident.Narrative,
            Measures = incident.Measures,
            NextSteps = r.NextSteps?.Trim(),
            Signer = r.Signer.Trim(),
            Phone = r.Phone?.Trim(),
            ProposedSeverity = grade.Level == Severity.NotAssessed ? null : grade.Level,
            ProposedReason = grade.Reason,
        };
        var rules = await reference.ActiveRulesAsync(ct);
        var obligations = new List<ReportingObligation>();
        var submissions = await Escalation.Escalator.SubmissionsUpAsync(tree, dutyRooms, incident, unitId, originJurisdiction, actor.UserName, null,
            options.Value.SkipLevelFor, [], now, ct);
        // 上报前需带班领导审核 (decision 0039): when the jurisdiction's rule holds this level, nothing leaves until a leader of
        // the unit approves; the submissions are made then. Read from the cached rules: no extra read per report.
        Reporting.LeaderApproval.ReportApproval? held = null;
        if (submissions.Count > 0 && await Reporting.LeaderApproval.LeaderApprovalHandler.HoldsAsync(reference, originJurisdiction, incident.Severity, ct))
        {
            held = new Reporting.LeaderApproval.ReportApproval
            {
                IncidentId = incident.Id,
                FromUnitId = unitId,
                JurisdictionId = originJurisdiction,
                Delivery = Reporting.LeaderApproval.HeldDelivery.FirstReport,
                RequestedAt = now,
                RequestedBy = actor.UserName,
            };
            submissions = [];
        }

        var targets = await ObligationSync.TargetsAsync(tree, dutyRooms, originJurisdiction, submissions, ct);
        ObligationPlanner.Reconcile(incident, type.Class, originTier, rules, [report], [], obligations, incident.LearnedAt, targets);
        // Saved in a transaction shared with the first reports arriving meanwhile (a group commit): under load one
        // commit per batch instead of one per report. Reports taking numbers from one counter share a lane. The answer is
        // rendered in that transaction once the number is taken, so an Idempotency-Key's answer commits with the report.
        var answer = await dbs.SaveInGroupAsync(prefix, db =>
        {
            db.Add(incident);
            db.Add(report);
            db.AddRange(obligations);
            db.AddRange(submissions);
            if (held is not null)
            {
                db.Add(held);
                db.Audit("report.held", "incident", incident.Id.ToString(), new { delivery = "FirstReport" });
            }

            IncidentNumbers.Take(db, prefix, number => incident.Number = number);
        }, () => PreparedAnswer.Created($"/api/v1/incidents/{incident.Id}",
            new ReportedIncident(incident.Id, incident.Number, report.Id, obligations.Select(o => ObligationView.Of(o, now, options.Value.DueSoon)).ToList())
            { AwaitingApproval = held is not null },
            json.Value.SerializerOptions), keepAnswerWithReport, ct);
        events.Publish(new DutyBoard.IncidentEvent(DutyBoard.IncidentEventKind.Reported, incident.Id, incident.Number, incident.Title,
            incident.OriginJurisdictionId, submissions.Select(s => s.ToUnitId).ToList(), now));
        return answer;
    }
}

public sealed record ReportedIncident(Guid Id, string Number, Guid ReportId, IReadOnlyList<ObligationView> Obligations)
{
    /// <summary>True when the report is held for the leader on duty's approval (待带班领导审核) before it goes up (decision 0039).</summary>
    public bool AwaitingApproval { get; init; }
}

internal static class ReportIncidentEndpoint
{
    public static void Map(RouteGroupBuilder reporters) =>
        reporters.MapPost("/incidents", (ReportIncidentHandler handler, ReportIncidentRequest request, CancellationToken ct) => handler.HandleAsync(request, ct))
            .RequirePermission(IncidentPermissions.Report)
            .WithName("ReportIncident").WithTags("Incidents").Produces<ReportedIncident>(StatusCodes.Status201Created)
            .WithSummary("First report (首报): records an incident and starts its reporting clocks; honours Idempotency-Key");
}
