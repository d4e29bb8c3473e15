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

namespace Beacon.Incidents.Reporting.LogPhoneReport;

/// <summary>
/// Logs a phone report (电话报告): who called whom and when. Goes only to a duty room above the caller (or a unit a
/// rule names); a call logged well after it was made is a back-dated entry (补录) and needs <paramref name="LateEntryReason"/>.
/// </summary>
public sealed record LogPhoneReportRequest(
    [property: Required] Guid? ToUnitId,
    [property: Required, StringLength(50, MinimumLength = 1)] string Caller,
    [property: Required, StringLength(50, MinimumLength = 1)] string Callee,
    [property: Required] DateTimeOffset? CalledAt,
    [property: Required, StringLength(2000, MinimumLength = 2)] string Summary,
    [property: StringLength(500)] string? LateEntryReason = null);

/// <summary>The answer to a logged phone report: its id.</summary>
public sealed record LoggedPhoneReport(Guid Id);

public sealed class LogPhoneReportHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, Platform.Units.DutyRooms dutyRooms, TimeProvider clock,
    DutyBoard.IncidentEvents events, ReportingReferenceData reference, IncidentLookups lookups, Microsoft.Extensions.Options.IOptions<IncidentsOptions> options)
{
    public async Task<IResult> HandleAsync(Guid incidentId, LogPhoneReportRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.LogPhoneReport, incidentId, ct);
        var scope = await scopes.GetAsync(ct);
        var actor = scopes.Actor;
        await using var db = dbs.CreateDbContext();
        var incident = await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null)
        {
            return ApiResults.NotFound(IncidentErrors.NotFound, "Incident");
        }

        if (actor.UnitId is not { } fromUnit || actor.JurisdictionId is not { } fromJurisdiction)
        {
            return ApiResults.Forbidden(IncidentErrors.ReporterNoUnit, "Only an account or token of a unit can log a phone report.");
        }

        var now = clock.GetUtcNow();
        var calledAt = r.CalledAt!.Value.ToUniversalTime();
        if (calledAt > now.AddMinutes(5))
        {
            return ApiResults.Invalid("calledAt", IncidentErrors.TimeInFuture, "cannot be in the future");
        }

        // Calls are logged to the minute; learned-at is not.
        if (calledAt < incident.LearnedAt.AddMinutes(-1))
        {
            return ApiResults.Invalid("calledAt", IncidentErrors.PhoneBeforeLearned, "is before the incident was learned of");
        }

        var lateEntry = now - calledAt > TimeSpan.FromMinutes(options.Value.LateEntryMinutes);
        if (lateEntry && string.IsNullOrWhiteSpace(r.LateEntryReason))
        {
            return ApiResults.Invalid("lateEntryReason", IncidentErrors.PhoneLateEntryReason,
                $"the call was more than {options.Value.LateEntryMinutes} minutes ago: a back-dated entry (补录) needs a reason");
        }

        if (!await db.Units.AnyAsync(u => u.Id == r.ToUnitId, ct))
        {
            return ApiResults.Invalid("toUnitId", IncidentErrors.UnitUnknown, "is not a unit");
        }

        // Reporting goes up the chain: a call to a neighbour or below is refused, and nothing reaches its board.
        var allowed = await lookups.PhoneTargetsAsync(fromJurisdiction, ct);
        if (allowed.All(u => u.Id != r.ToUnitId))
        {
            return ApiResults.Forbidden(IncidentErrors.PhoneTargetNotAbove, "A phone report goes to a duty room above yours (or a unit a reporting rule names).");
        }

        var phone = new PhoneReport
        {
            IncidentId = incident.Id,
            FromUnitId = fromUnit,
            ToUnitId = r.ToUnitId!.Value,
            Caller = r.Caller.Trim(),
            Callee = r.Callee.Trim(),
            CalledAt = calledAt,
            Summary = r.Summary.Trim(),
            LoggedBy = actor.UserName,
            LoggedAt = now,
            IsLateEntry = lateEntry,
            LateEntryReason = lateEntry ? r.LateEntryReason!.Trim() : null,
        };
        db.Add(phone);
        await ObligationSync.ReconcileAsync(db, tree, dutyRooms, reference, incident, now, null, phone, ct);
        await db.SaveChangesAsync(ct);
        events.Publish(new DutyBoard.IncidentEvent(DutyBoard.IncidentEventKind.PhoneReportLogged, incident.Id, incident.Number, incident.Title,
            incident.OriginJurisdictionId, [phone.ToUnitId], now, incident.IsDrill));
        return TypedResults.Created($"/api/v1/incidents/{incident.Id}/phone-reports/{phone.Id}", new LoggedPhoneReport(phone.Id));
    }
}

internal static class LogPhoneReportEndpoint
{
    public static void Map(RouteGroupBuilder reporters) =>
        reporters.MapPost("/incidents/{id:guid}/phone-reports", (LogPhoneReportHandler handler, Guid id, LogPhoneReportRequest request, CancellationToken ct) => handler.HandleAsync(id, request, ct))
            .RequirePermission(IncidentPermissions.LogPhoneReport)
            .WithName("LogPhoneReport").WithTags("Incidents").Produces<LoggedPhoneReport>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)
            .WithSummary("Logs a phone report (电话报告) to a duty room above (GET /api/v1/duty-rooms/above); meets the phone obligation owed to that unit; a back-dated call (补录) needs lateEntryReason");
}
