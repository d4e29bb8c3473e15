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

/// <summary>Logs a phone report (电话报告): who called whom and when; meets the phone obligation of the calling unit.</summary>
public sealed record LogPhoneReportRequest(
    [property: Required] Guid? ToUnitId,
    [property: Required, StringLength(50, MinimumLength = 1)] string Caller,
    [property: Required, StringLength(50, MinimumLength = 1)] string Callee,
    [property: Required] DateTimeOffset? CalledAt,
    [property: Required, StringLength(2000, MinimumLength = 2)] string Summary);

/// <summary>The answer to a logged phone report: its id.</summary>
public sealed record LoggedPhoneReport(Guid Id);

public sealed class LogPhoneReportHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, TimeProvider clock, DutyBoard.IncidentEvents events,
    ReportingReferenceData reference)
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

        var now = clock.GetUtcNow();
        if (r.CalledAt > now.AddMinutes(5))
        {
            return ApiResults.Invalid("calledAt", IncidentErrors.TimeInFuture, "cannot be in the future");
        }

        if (!await db.Units.AnyAsync(u => u.Id == r.ToUnitId, ct))
        {
            return ApiResults.Invalid("toUnitId", IncidentErrors.UnitUnknown, "is not a unit");
        }

        var phone = new PhoneReport
        {
            IncidentId = incident.Id,
            FromUnitId = actor.UnitId ?? incident.OriginUnitId,
            ToUnitId = r.ToUnitId!.Value,
            Caller = r.Caller.Trim(),
            Callee = r.Callee.Trim(),
            CalledAt = r.CalledAt!.Value.ToUniversalTime(),
            Summary = r.Summary.Trim(),
            LoggedBy = actor.UserName,
        };
        db.Add(phone);
        await ObligationSync.ReconcileAsync(db, tree, reference, incident, now, null, phone, ct);
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
            .WithName("LogPhoneReport").WithTags("Incidents").Produces<LoggedPhoneReport>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Logs a phone report (电话报告); meets the phone obligation");
}
