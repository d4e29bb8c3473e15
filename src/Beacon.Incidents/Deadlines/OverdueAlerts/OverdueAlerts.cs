using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Instructions;
using Beacon.Incidents.Verification;
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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Incidents.Deadlines.OverdueAlerts;

/// <summary>
/// An alert (超时提醒) to a duty room: a deadline of its own or of a unit below it has passed: a reporting obligation
/// (<see cref="ObligationId"/>), the answer to a verification request (核报, <see cref="VerificationRequestId"/>) or a
/// supervised instruction a unit has not carried out (督办, <see cref="AssignmentId"/>). Exactly one of the three is set.
/// </summary>
public sealed class DutyAlert
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UnitId { get; set; }

    public Guid JurisdictionId { get; set; }

    /// <summary>The incident the overdue item belongs to; none for a verification request not linked to one.</summary>
    public Guid? IncidentId { get; set; }

    public Guid? ObligationId { get; set; }

    public Guid? VerificationRequestId { get; set; }

    public Guid? AssignmentId { get; set; }

    public string Message { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }
}

public sealed record DutyAlertView(
    Guid Id, Guid? IncidentId, string Message, DateTimeOffset CreatedAt, DateTimeOffset? AcknowledgedAt, Guid? VerificationRequestId, Guid? AssignmentId);

/// <summary>
/// Finds obligations, verification requests and supervised instructions that have just gone overdue and alerts the responsible duty room and the duty room above
/// it, once per obligation. <see cref="ScanAsync"/> is the unit of work; <see cref="OverdueWatcher"/> runs it on a timer.
/// </summary>
public sealed class OverdueScanner(BeaconDbFactory dbs, JurisdictionTree tree, DutyRooms dutyRooms, TimeProvider clock, IncidentEvents events, Platform.Time.BeijingTime beijing,
    Platform.Permissions.PermissionCheck permissions, Platform.Workbench.WorkbenchSignal workbench)
{
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var published = new List<IncidentEvent>();
        await using var db = dbs.CreateForSystem();
        var count = await ScanObligationsAsync(db, now, published, ct)
            + await ScanVerificationsAsync(db, now, published, ct)
            + await ScanInstructionsAsync(db, now, published, ct);
        if (count == 0)
        {
            return 0;
        }

        await db.SaveChangesAsync(ct);
        foreach (var e in published)
        {
            events.Publish(e);
        }

        return count;
    }

    private async Task<int> ScanObligationsAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var due = await db.Set<ReportingObligation>()
            .Where(o => o.MetAt == null && o.CancelledAt == null && o.AlertedAt == null && o.DueAt < now)
            .OrderBy(o => o.DueAt).Take(200).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var snapshot = await tree.GetAsync(ct);
        var incidents = await db.Set<Incident>().AsNoTracking().Where(i => due.Select(o => o.IncidentId).Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, ct);
        var parents = due.ToDictionary(o => o.Id, o => snapshot.Find(o.JurisdictionId)?.ParentId);
        var rooms = await dutyRooms.OfAsync(
            [.. due.Select(o => o.JurisdictionId).Concat(parents.Values.OfType<Guid>()).Distinct()], ct);
        foreach (var o in due)
        {
            var incident = incidents[o.IncidentId];
            var channel = o.Channel == ReportChannel.Phone ? "电话报告" : "书面报告";
            var message = $"{incident.Number}「{incident.Title}」{channel}已超时（时限 北京时间 {beijing.Format(o.DueAt)}，应报{o.ReportTo}）";
            var alerted = new List<Guid>();
            foreach (var j in new[] { o.JurisdictionId, parents[o.Id] }.OfType<Guid>())
            {
                if (rooms.TryGetValue(j, out var room))
                {
                    alerted.Add(room);
                    db.Add(new DutyAlert { UnitId = room, JurisdictionId = j, IncidentId = o.IncidentId, ObligationId = o.Id, Message = message, CreatedAt = now });
                }
            }

            o.AlertedAt = now;
            published.Add(new IncidentEvent(IncidentEventKind.ObligationOverdue, incident.Id, incident.Number, incident.Title, incident.OriginJurisdictionId, alerted, now));
        }

        return due.Count;
    }

    /// <summary>
    /// Verification requests (核报) whose answer is overdue: the asked unit, the duty room above it and the asking unit
    /// are alerted, once per request.
    /// </summary>
    private async Task<int> ScanVerificationsAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var due = await db.Set<VerificationRequest>()
            .Where(v => v.AnsweredAt == null && v.AlertedAt == null && v.DueAt < now)
            .OrderBy(v => v.DueAt).Take(200).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var units = await UnitsAsync(db, due.SelectMany(v => new[] { v.FromUnitId, v.ToUnitId }), ct);
        foreach (var v in due)
        {
            var clue = v.Clue.Length > 40 ? v.Clue[..40] + "…" : v.Clue;
            var asked = units.TryGetValue(v.ToUnitId, out var to) ? to.Name : "";
            var message = $"核报超时：{asked}未在时限内答复「{clue}」（时限 北京时间 {beijing.Format(v.DueAt)}）";
            var alerted = await AlertAsync(db, v.ToUnitId, v.ToJurisdictionId, v.FromUnitId, units,
                (unit, jurisdiction) => new DutyAlert
                {
                    UnitId = unit,
                    JurisdictionId = jurisdiction,
                    IncidentId = v.IncidentId,
                    VerificationRequestId = v.Id,
                    Message = message,
                    CreatedAt = now,
                }, ct);
            v.AlertedAt = now;
            published.Add(new IncidentEvent(IncidentEventKind.AlertRaised, v.IncidentId ?? Guid.Empty, "", clue, v.ToJurisdictionId, alerted, now));
        }

        return due.Count;
    }

    /// <summary>
    /// Supervised instructions (督办) a unit has not carried out by the supervision deadline: the unit, the duty room
    /// above it and the issuing unit are alerted, once per deadline (a new deadline alerts again).
    /// </summary>
    private async Task<int> ScanInstructionsAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var due = await db.Set<InstructionAssignment>()
            .Join(db.Set<Instruction>(), a => a.InstructionId, i => i.Id, (a, i) => new { Assignment = a, i.DueAt, i.IssuerUnitId, i.Text })
            .Where(x => x.Assignment.DoneAt == null && x.DueAt != null && x.DueAt < now && (x.Assignment.AlertedDueAt == null || x.Assignment.AlertedDueAt != x.DueAt))
            .OrderBy(x => x.DueAt).Take(200).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var units = await UnitsAsync(db, due.SelectMany(x => new[] { x.IssuerUnitId, x.Assignment.ToUnitId }), ct);
        var incidentIds = due.Select(x => x.Assignment.IncidentId).Distinct().ToList();
        var incidents = await db.Set<Incident>().AsNoTracking().Where(i => incidentIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        foreach (var x in due)
        {
            var a = x.Assignment;
            var incident = incidents[a.IncidentId];
            var unitName = units.TryGetValue(a.ToUnitId, out var to) ? to.Name : "";
            var message = $"督办超时：{incident.Number}「{incident.Title}」{unitName}未在督办时限内反馈落实情况（时限 北京时间 {beijing.Format(x.DueAt!.Value)}）";
            var alerted = await AlertAsync(db, a.ToUnitId, a.ToJurisdictionId, x.IssuerUnitId, units,
                (unit, jurisdiction) => new DutyAlert
                {
                    UnitId = unit,
                    JurisdictionId = jurisdiction,
                    IncidentId = a.IncidentId,
                    AssignmentId = a.Id,
                    Message = message,
                    CreatedAt = now,
                }, ct);
            a.AlertedDueAt = x.DueAt;
            published.Add(new IncidentEvent(IncidentEventKind.AlertRaised, incident.Id, incident.Number, incident.Title, a.ToJurisdictionId, alerted, now));
        }

        return due.Count;
    }

    private static Task<Dictionary<Guid, Unit>> UnitsAsync(BeaconDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        return db.Units.AsNoTracking().Where(u => distinct.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
    }

    /// <summary>Adds an alert for the obligated unit, the duty room of the jurisdiction above it and the unit that set the deadline, each once.</summary>
    private async Task<List<Guid>> AlertAsync(
        BeaconDb db, Guid obligedUnit, Guid obligedJurisdiction, Guid setByUnit, Dictionary<Guid, Unit> units, Func<Guid, Guid, DutyAlert> alert, CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var recipients = new List<(Guid Unit, Guid Jurisdiction)> { (obligedUnit, obligedJurisdiction) };
        if (snapshot.Find(obligedJurisdiction)?.ParentId is { } parent && (await dutyRooms.OfAsync([parent], ct)).TryGetValue(parent, out var room))
        {
            recipients.Add((room, parent));
        }

        if (units.TryGetValue(setByUnit, out var setBy))
        {
            recipients.Add((setBy.Id, setBy.JurisdictionId));
        }

        var alerted = new List<Guid>();
        foreach (var (unit, jurisdiction) in recipients.DistinctBy(r => r.Unit))
        {
            alerted.Add(unit);
            db.Add(alert(unit, jurisdiction));
        }

        return alerted;
    }

    /// <summary>One page of the alerts to the caller's duty room: unacknowledged first, then newest first, then by id.</summary>
    public async Task<Paged<DutyAlertView>> ForUnitAsync(Guid? unitId, PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        return await db.Set<DutyAlert>().AsNoTracking().Where(a => a.UnitId == unitId)
            .OrderBy(a => a.AcknowledgedAt != null).ThenByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Select(a => new DutyAlertView(a.Id, a.IncidentId, a.Message, a.CreatedAt, a.AcknowledgedAt, a.VerificationRequestId, a.AssignmentId))
            .ToPagedAsync(page, ct);
    }

    /// <summary>Marks an alert of the caller's own duty room as seen; false when it is not theirs.</summary>
    public async Task<bool> AcknowledgeAsync(Guid id, Actor actor, CancellationToken ct)
    {
        await permissions.DemandAsync(actor, IncidentPermissions.AcknowledgeAlert, id, ct);
        await using var db = dbs.CreateFor(actor);
        var alert = await db.Set<DutyAlert>().SingleOrDefaultAsync(a => a.Id == id && a.UnitId == actor.UnitId, ct);
        if (alert is null)
        {
            return false;
        }

        alert.AcknowledgedAt ??= clock.GetUtcNow();
        alert.AcknowledgedBy ??= actor.UserName;
        await db.SaveChangesAsync(ct);
        workbench.Raise(new Platform.Workbench.WorkbenchChange([alert.JurisdictionId], [alert.UnitId]));
        return true;
    }
}

/// <summary>Runs <see cref="OverdueScanner"/> every <see cref="IncidentsOptions.OverdueScanSeconds"/> seconds.</summary>
internal sealed class OverdueWatcher(IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<IncidentsOptions> options, ILogger<OverdueWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.OverdueScanSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.OverdueScanSeconds), clock);
        while (await timer.NextRoundAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OverdueScanner>().ScanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Overdue scan failed; it runs again on the next tick");
            }
        }
    }
}

internal static class OverdueAlertEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/alerts", (OverdueScanner scanner, CurrentActor current, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => scanner.ForUnitAsync(current.Actor.UnitId, p, ct)))
            .WithName("ListAlerts").WithTags("Incidents")
            .WithSummary("Overdue alerts (超时提醒) to the caller's duty room, unacknowledged first, then newest first, then id; paged");
        api.MapPost("/alerts/{id:guid}/acknowledge", async Task<IResult> (OverdueScanner scanner, CurrentActor current, Guid id, CancellationToken ct) =>
                await scanner.AcknowledgeAsync(id, current.Actor, ct) ? TypedResults.NoContent() : Platform.Http.ApiResults.NotFound(IncidentErrors.AlertNotFound, "Alert"))
            .RequirePermission(IncidentPermissions.AcknowledgeAlert)
            .WithName("AcknowledgeAlert").WithTags("Incidents")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
