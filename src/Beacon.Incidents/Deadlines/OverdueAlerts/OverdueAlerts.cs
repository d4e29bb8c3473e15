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

/// <summary>What an alert says about its deadline (decision 0040).</summary>
public enum AlertKind
{
    /// <summary>The deadline has passed (超时提醒): the obligated unit, the level above and whoever set the deadline.</summary>
    Overdue = 0,

    /// <summary>The deadline is near (临期提醒): the obligated duty room only; quiet once the item is met or acknowledged.</summary>
    DueSoon = 1,

    /// <summary>The obligated duty room has not acknowledged an overdue alert in time (升级提醒): the level one further up.</summary>
    Escalated = 2,
}

/// <summary>
/// An alert to a duty room about a deadline of its own or of a unit below it: a reporting obligation
/// (<see cref="ObligationId"/>), the answer to a verification request (核报, <see cref="VerificationRequestId"/>), a
/// supervised instruction a unit has not carried out (督办, <see cref="AssignmentId"/>) or a report not signed for
/// (签收, <see cref="SubmissionId"/>). Exactly one of the four is set; <see cref="Kind"/> says whether the deadline is
/// near, passed, or passed and escalated.
/// </summary>
public sealed class DutyAlert
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UnitId { get; set; }

    public Guid JurisdictionId { get; set; }

    public AlertKind Kind { get; set; }

    /// <summary>The incident the item belongs to; none for a verification request not linked to one.</summary>
    public Guid? IncidentId { get; set; }

    public Guid? ObligationId { get; set; }

    public Guid? VerificationRequestId { get; set; }

    public Guid? AssignmentId { get; set; }

    public Guid? SubmissionId { get; set; }

    public string Message { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    /// <summary>
    /// On the obligated duty room's overdue alert: when it escalates (升级) unless acknowledged first. Cleared when it is
    /// acknowledged, when it escalates, or when the item turns out met; only waiting alerts carry it (indexed).
    /// </summary>
    public DateTimeOffset? EscalateAt { get; set; }

    /// <summary>When this alert was escalated to the level one further up.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
}

public sealed record DutyAlertView(
    Guid Id, Guid? IncidentId, string Message, DateTimeOffset CreatedAt, DateTimeOffset? AcknowledgedAt, Guid? VerificationRequestId, Guid? AssignmentId)
{
    public AlertKind Kind { get; init; }

    public Guid? ObligationId { get; init; }

    public Guid? SubmissionId { get; init; }

    /// <summary>The item is met, answered, carried out, signed for or no longer owed: a due-soon alert no longer sounds.</summary>
    public bool Settled { get; init; }

    /// <summary>When the alert escalated to the level one further up.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>Whether the banner still sounds for it: unacknowledged, and for a due-soon alert not yet settled.</summary>
    public bool Sounding => AcknowledgedAt is null && !(Kind == AlertKind.DueSoon && Settled);
}

/// <summary>
/// Finds the deadlines that are near (临期) or have just passed (超时) — reporting obligations, verification requests,
/// supervised instructions and reports awaiting signature — and alerts the duty rooms concerned, once per item and
/// kind; escalates overdue alerts not acknowledged in time (升级). <see cref="ScanAsync"/> is the unit of work;
/// <see cref="OverdueWatcher"/> runs it on a timer. Every pass reads one index range and at most <see cref="Batch"/> rows.
/// </summary>
public sealed class OverdueScanner(BeaconDbFactory dbs, JurisdictionTree tree, DutyRooms dutyRooms, TimeProvider clock, IncidentEvents events, Platform.Time.BeijingTime beijing,
    Platform.Permissions.PermissionCheck permissions, Platform.Workbench.WorkbenchSignal workbench, Microsoft.Extensions.Options.IOptions<IncidentsOptions> options)
{
    /// <summary>At most this many items per pass and tick; the rest is found on the next tick.</summary>
    internal const int Batch = 200;

    private AlertOptions Settings => options.Value.Alerts;

    /// <summary>Raises the alerts due now; the number of items alerted (or escalated).</summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var published = new List<IncidentEvent>();
        await using var db = dbs.CreateForSystem();
        var count = await EscalateAsync(db, now, published, ct)
            + await ScanObligationsAsync(db, now, published, ct)
            + await ScanObligationsDueSoonAsync(db, now, published, ct)
            + await ScanVerificationsAsync(db, now, published, ct)
            + await ScanVerificationsDueSoonAsync(db, now, published, ct)
            + await ScanInstructionsAsync(db, now, published, ct)
            + await ScanInstructionsDueSoonAsync(db, now, published, ct)
            + await ScanSigningAsync(db, now, published, ct)
            + await ScanSigningDueSoonAsync(db, now, published, ct);
        if (count == 0 && !db.ChangeTracker.HasChanges())
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
            .Where(o => o.AlertedAt == null && o.MetAt == null && o.CancelledAt == null && o.DueAt < now)
            .OrderBy(o => o.DueAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var incidents = await IncidentsAsync(db, due.Select(o => o.IncidentId), ct);
        var rooms = await dutyRooms.OfAsync(due.Select(o => o.JurisdictionId).Distinct(), ct);
        foreach (var o in due)
        {
            var incident = incidents[o.IncidentId];
            var message = $"{incident.Number}「{incident.Title}」{ChannelName(o)}已超时（时限 北京时间 {beijing.Format(o.DueAt)}，应报{o.ReportTo}）";
            var alerted = await AlertAsync(db, AlertKind.Overdue, rooms.TryGetValue(o.JurisdictionId, out var room) ? room : null, o.JurisdictionId, null, [], now,
                (unit, jurisdiction) => new DutyAlert { UnitId = unit, JurisdictionId = jurisdiction, IncidentId = o.IncidentId, ObligationId = o.Id, Message = message, CreatedAt = now }, ct);
            o.AlertedAt = now;
            published.Add(new IncidentEvent(IncidentEventKind.ObligationOverdue, incident.Id, incident.Number, incident.Title, incident.OriginJurisdictionId, alerted, now));
        }

        return due.Count;
    }

    /// <summary>Open obligations whose deadline is within the lead time of their channel: the obligated duty room, once.</summary>
    private async Task<int> ScanObligationsDueSoonAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var phoneUntil = now + Settings.DueSoon;
        var writtenUntil = now + Settings.WrittenDueSoon;
        var until = phoneUntil > writtenUntil ? phoneUntil : writtenUntil;
        var window = await db.Set<ReportingObligation>()
            .Where(o => o.DueSoonAlertedAt == null && o.MetAt == null && o.CancelledAt == null && o.DueAt > now && o.DueAt <= until)
            .OrderBy(o => o.DueAt).Take(Batch).ToListAsync(ct);
        var due = window.Where(o => o.DueAt <= (o.Channel == ReportChannel.Phone ? phoneUntil : writtenUntil)).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var incidents = await IncidentsAsync(db, due.Select(o => o.IncidentId), ct);
        var rooms = await dutyRooms.OfAsync(due.Select(o => o.JurisdictionId).Distinct(), ct);
        foreach (var o in due)
        {
            o.DueSoonAlertedAt = now;
            if (!rooms.TryGetValue(o.JurisdictionId, out var room))
            {
                continue;
            }

            var incident = incidents[o.IncidentId];
            var message = $"{incident.Number}「{incident.Title}」{ChannelName(o)}临期（时限 北京时间 {beijing.Format(o.DueAt)}，应报{o.ReportTo}）";
            db.Add(new DutyAlert { Kind = AlertKind.DueSoon, UnitId = room, JurisdictionId = o.JurisdictionId, IncidentId = o.IncidentId, ObligationId = o.Id, Message = message, CreatedAt = now });
            published.Add(new IncidentEvent(IncidentEventKind.AlertDueSoon, incident.Id, incident.Number, incident.Title, o.JurisdictionId, [room], now));
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
            .Where(v => v.AlertedAt == null && v.AnsweredAt == null && v.DueAt < now)
            .OrderBy(v => v.DueAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var units = await UnitsAsync(db, due.SelectMany(v => new[] { v.FromUnitId, v.ToUnitId }), ct);
        foreach (var v in due)
        {
            var clue = Shorten(v.Clue);
            var asked = units.TryGetValue(v.ToUnitId, out var to) ? to.Name : "";
            var message = $"核报超时：{asked}未在时限内答复「{clue}」（时限 北京时间 {beijing.Format(v.DueAt)}）";
            var alerted = await AlertAsync(db, AlertKind.Overdue, v.ToUnitId, v.ToJurisdictionId, v.FromUnitId, units, now,
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

    /// <summary>Verification requests whose answer is due within the lead time: the asked unit, once.</summary>
    private async Task<int> ScanVerificationsDueSoonAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var until = now + Settings.DueSoon;
        var due = await db.Set<VerificationRequest>()
            .Where(v => v.DueSoonAlertedAt == null && v.AnsweredAt == null && v.DueAt > now && v.DueAt <= until)
            .OrderBy(v => v.DueAt).Take(Batch).ToListAsync(ct);
        foreach (var v in due)
        {
            var clue = Shorten(v.Clue);
            v.DueSoonAlertedAt = now;
            db.Add(new DutyAlert
            {
                Kind = AlertKind.DueSoon,
                UnitId = v.ToUnitId,
                JurisdictionId = v.ToJurisdictionId,
                IncidentId = v.IncidentId,
                VerificationRequestId = v.Id,
                Message = $"核报临期：请在时限前答复「{clue}」（时限 北京时间 {beijing.Format(v.DueAt)}）",
                CreatedAt = now,
            });
            published.Add(new IncidentEvent(IncidentEventKind.AlertDueSoon, v.IncidentId ?? Guid.Empty, "", clue, v.ToJurisdictionId, [v.ToUnitId], now));
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
            .OrderBy(x => x.DueAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var units = await UnitsAsync(db, due.SelectMany(x => new[] { x.IssuerUnitId, x.Assignment.ToUnitId }), ct);
        var incidents = await IncidentsAsync(db, due.Select(x => x.Assignment.IncidentId), ct);
        foreach (var x in due)
        {
            var a = x.Assignment;
            var incident = incidents[a.IncidentId];
            var unitName = units.TryGetValue(a.ToUnitId, out var to) ? to.Name : "";
            var message = $"督办超时：{incident.Number}「{incident.Title}」{unitName}未在督办时限内反馈落实情况（时限 北京时间 {beijing.Format(x.DueAt!.Value)}）";
            var alerted = await AlertAsync(db, AlertKind.Overdue, a.ToUnitId, a.ToJurisdictionId, x.IssuerUnitId, units, now,
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

    /// <summary>Supervised instructions due within the lead time and not carried out: the unit, once per deadline.</summary>
    private async Task<int> ScanInstructionsDueSoonAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var until = now + Settings.InstructionDueSoon;
        var due = await db.Set<Instruction>()
            .Where(i => i.DueAt != null && i.DueAt > now && i.DueAt <= until)
            .Join(db.Set<InstructionAssignment>(), i => i.Id, a => a.InstructionId, (i, a) => new { Assignment = a, i.DueAt })
            .Where(x => x.Assignment.DoneAt == null && (x.Assignment.DueSoonAlertedDueAt == null || x.Assignment.DueSoonAlertedDueAt != x.DueAt))
            .OrderBy(x => x.DueAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var incidents = await IncidentsAsync(db, due.Select(x => x.Assignment.IncidentId), ct);
        foreach (var x in due)
        {
            var a = x.Assignment;
            var incident = incidents[a.IncidentId];
            a.DueSoonAlertedDueAt = x.DueAt;
            db.Add(new DutyAlert
            {
                Kind = AlertKind.DueSoon,
                UnitId = a.ToUnitId,
                JurisdictionId = a.ToJurisdictionId,
                IncidentId = a.IncidentId,
                AssignmentId = a.Id,
                Message = $"督办临期：{incident.Number}「{incident.Title}」请在督办时限前反馈落实情况（时限 北京时间 {beijing.Format(x.DueAt!.Value)}）",
                CreatedAt = now,
            });
            published.Add(new IncidentEvent(IncidentEventKind.AlertDueSoon, incident.Id, incident.Number, incident.Title, a.ToJurisdictionId, [a.ToUnitId], now));
        }

        return due.Count;
    }

    /// <summary>
    /// Reports not signed for (签收) within <see cref="AlertOptions.SignWithinMinutes"/> of their submission: the
    /// receiving duty room and the duty room above it, once per submission. A copy for information (抄告) is owed no
    /// signature by a deadline: it is marked and passed over.
    /// </summary>
    private async Task<int> ScanSigningAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var submittedBefore = now - Settings.SignWithin;
        var due = await db.Set<Escalation.Submission>()
            .Where(s => s.SignedAt == null && s.SignAlertedAt == null && s.SubmittedAt < submittedBefore)
            .OrderBy(s => s.SubmittedAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var units = await UnitsAsync(db, due.SelectMany(s => new[] { s.FromUnitId, s.ToUnitId }), ct);
        var incidents = await IncidentsAsync(db, due.Select(s => s.IncidentId), ct);
        foreach (var s in due)
        {
            s.SignAlertedAt = now;
            if (s.IsNotification || s.SkippedAt is not null)
            {
                continue;
            }

            var incident = incidents[s.IncidentId];
            var from = units.TryGetValue(s.FromUnitId, out var f) ? f.Name : "";
            var to = units.TryGetValue(s.ToUnitId, out var t) ? t.Name : "";
            var message = $"签收超时：{incident.Number}「{incident.Title}」{from}报送的信息{to}未在时限内签收（时限 北京时间 {beijing.Format(s.SubmittedAt + Settings.SignWithin)}）";
            var alerted = await AlertAsync(db, AlertKind.Overdue, s.ToUnitId, s.ToJurisdictionId, null, units, now,
                (unit, jurisdiction) => new DutyAlert
                {
                    UnitId = unit,
                    JurisdictionId = jurisdiction,
                    IncidentId = s.IncidentId,
                    SubmissionId = s.Id,
                    Message = message,
                    CreatedAt = now,
                }, ct);
            published.Add(new IncidentEvent(IncidentEventKind.AlertRaised, incident.Id, incident.Number, incident.Title, s.ToJurisdictionId, alerted, now, incident.IsDrill));
        }

        return due.Count;
    }

    /// <summary>Reports whose signing deadline is within the lead time: the receiving duty room, once per submission.</summary>
    private async Task<int> ScanSigningDueSoonAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var deadlinePassed = now - Settings.SignWithin;
        var dueSoonFrom = deadlinePassed + Settings.DueSoon;
        var due = await db.Set<Escalation.Submission>()
            .Where(s => s.SignedAt == null && s.SignDueSoonAlertedAt == null && s.SubmittedAt > deadlinePassed && s.SubmittedAt <= dueSoonFrom)
            .OrderBy(s => s.SubmittedAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var units = await UnitsAsync(db, due.Select(s => s.FromUnitId), ct);
        var incidents = await IncidentsAsync(db, due.Select(s => s.IncidentId), ct);
        foreach (var s in due)
        {
            s.SignDueSoonAlertedAt = now;
            if (s.IsNotification || s.SkippedAt is not null)
            {
                continue;
            }

            var incident = incidents[s.IncidentId];
            var from = units.TryGetValue(s.FromUnitId, out var f) ? f.Name : "";
            db.Add(new DutyAlert
            {
                Kind = AlertKind.DueSoon,
                UnitId = s.ToUnitId,
                JurisdictionId = s.ToJurisdictionId,
                IncidentId = s.IncidentId,
                SubmissionId = s.Id,
                Message = $"签收临期：{incident.Number}「{incident.Title}」{from}报送的信息待签收（时限 北京时间 {beijing.Format(s.SubmittedAt + Settings.SignWithin)}）",
                CreatedAt = now,
            });
            published.Add(new IncidentEvent(IncidentEventKind.AlertDueSoon, incident.Id, incident.Number, incident.Title, s.ToJurisdictionId, [s.ToUnitId], now, incident.IsDrill));
        }

        return due.Count;
    }

    /// <summary>
    /// Overdue alerts the obligated duty room has not acknowledged by their <see cref="DutyAlert.EscalateAt"/>: the duty
    /// room one level further up (the grandparent of the obligated jurisdiction) gets an escalated alert (升级提醒), once.
    /// An item met in the meantime escalates no more.
    /// </summary>
    private async Task<int> EscalateAsync(BeaconDb db, DateTimeOffset now, List<IncidentEvent> published, CancellationToken ct)
    {
        var due = await db.Set<DutyAlert>().Where(a => a.EscalateAt != null && a.EscalateAt <= now)
            .OrderBy(a => a.EscalateAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var settled = await SettledAsync(db, due, ct);
        var snapshot = await tree.GetAsync(ct);
        var units = await UnitsAsync(db, due.Select(a => a.UnitId), ct);
        var incidents = await IncidentsAsync(db, due.Select(a => a.IncidentId).OfType<Guid>(), ct);
        var escalated = 0;
        foreach (var a in due)
        {
            a.EscalateAt = null;
            if (a.AcknowledgedAt is not null || settled.Contains(a.Id)
                || snapshot.Find(a.JurisdictionId)?.ParentId is not { } parent || snapshot.Find(parent)?.ParentId is not { } grandparent
                || !(await dutyRooms.OfAsync([grandparent], ct)).TryGetValue(grandparent, out var room))
            {
                continue;
            }

            var minutes = (int)Math.Round((now - a.CreatedAt).TotalMinutes);
            var who = units.TryGetValue(a.UnitId, out var unit) ? unit.Name : "";
            var message = $"升级提醒：{who}超过{minutes}分钟未确认——{a.Message}";
            a.EscalatedAt = now;
            db.Add(new DutyAlert
            {
                Kind = AlertKind.Escalated,
                UnitId = room,
                JurisdictionId = grandparent,
                IncidentId = a.IncidentId,
                ObligationId = a.ObligationId,
                VerificationRequestId = a.VerificationRequestId,
                AssignmentId = a.AssignmentId,
                SubmissionId = a.SubmissionId,
                Message = message.Length > 500 ? message[..499] + "…" : message,
                CreatedAt = now,
            });
            var incident = a.IncidentId is { } id && incidents.TryGetValue(id, out var i) ? i : null;
            published.Add(new IncidentEvent(IncidentEventKind.AlertEscalated, a.IncidentId ?? Guid.Empty, incident?.Number ?? "", incident?.Title ?? "",
                a.JurisdictionId, [room], now, incident?.IsDrill ?? false));
            escalated++;
        }

        return escalated;
    }

    /// <summary>The alerts among <paramref name="alerts"/> whose item is met, answered, carried out, signed for or no longer owed.</summary>
    private static async Task<HashSet<Guid>> SettledAsync(BeaconDb db, List<DutyAlert> alerts, CancellationToken ct)
    {
        var obligations = alerts.Select(a => a.ObligationId).OfType<Guid>().ToList();
        var verifications = alerts.Select(a => a.VerificationRequestId).OfType<Guid>().ToList();
        var assignments = alerts.Select(a => a.AssignmentId).OfType<Guid>().ToList();
        var submissions = alerts.Select(a => a.SubmissionId).OfType<Guid>().ToList();
        var settled = new HashSet<Guid>();
        settled.UnionWith(await db.Set<ReportingObligation>().Where(o => obligations.Contains(o.Id) && (o.MetAt != null || o.CancelledAt != null)).Select(o => o.Id).ToListAsync(ct));
        settled.UnionWith(await db.Set<VerificationRequest>().Where(v => verifications.Contains(v.Id) && v.AnsweredAt != null).Select(v => v.Id).ToListAsync(ct));
        settled.UnionWith(await db.Set<InstructionAssignment>().Where(x => assignments.Contains(x.Id) && x.DoneAt != null).Select(x => x.Id).ToListAsync(ct));
        settled.UnionWith(await db.Set<Escalation.Submission>().Where(s => submissions.Contains(s.Id) && s.SignedAt != null).Select(s => s.Id).ToListAsync(ct));
        return [.. alerts.Where(a => new[] { a.ObligationId, a.VerificationRequestId, a.AssignmentId, a.SubmissionId }.Any(x => x is { } id && settled.Contains(id))).Select(a => a.Id)];
    }

    private static string ChannelName(ReportingObligation o) => o.Channel == ReportChannel.Phone ? "电话报告" : "书面报告";

    private static string Shorten(string clue) => clue.Length > 40 ? clue[..40] + "…" : clue;

    private static Task<Dictionary<Guid, Incident>> IncidentsAsync(BeaconDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        return db.Set<Incident>().AsNoTracking().Where(i => distinct.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
    }

    private static Task<Dictionary<Guid, Unit>> UnitsAsync(BeaconDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        return db.Units.AsNoTracking().Where(u => distinct.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
    }

    /// <summary>
    /// Adds an overdue alert for the obligated unit, the duty room of the jurisdiction above it and the unit that set the
    /// deadline, each once. The obligated unit's alert escalates after <see cref="AlertOptions.EscalateAfterMinutes"/>
    /// unless acknowledged, when there is a duty room one level further up that is not alerted already.
    /// </summary>
    private async Task<List<Guid>> AlertAsync(
        BeaconDb db, AlertKind kind, Guid? obligedUnit, Guid obligedJurisdiction, Guid? setByUnit, Dictionary<Guid, Unit> units, DateTimeOffset now,
        Func<Guid, Guid, DutyAlert> alert, CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var recipients = new List<(Guid Unit, Guid Jurisdiction)>();
        if (obligedUnit is { } obliged)
        {
            recipients.Add((obliged, obligedJurisdiction));
        }

        var parent = snapshot.Find(obligedJurisdiction)?.ParentId;
        var grandparent = parent is { } p ? snapshot.Find(p)?.ParentId : null;
        var rooms = await dutyRooms.OfAsync(new[] { parent, grandparent }.OfType<Guid>(), ct);
        if (parent is { } up && rooms.TryGetValue(up, out var room))
        {
            recipients.Add((room, up));
        }

        if (setByUnit is { } setById && units.TryGetValue(setById, out var setBy))
        {
            recipients.Add((setBy.Id, setBy.JurisdictionId));
        }

        var escalateTo = grandparent is { } g && rooms.TryGetValue(g, out var top) && recipients.All(r => r.Unit != top) ? top : (Guid?)null;
        var alerted = new List<Guid>();
        foreach (var (unit, jurisdiction) in recipients.DistinctBy(r => r.Unit))
        {
            alerted.Add(unit);
            var added = alert(unit, jurisdiction);
            added.Kind = kind;
            if (unit == obligedUnit && escalateTo is not null && Settings.EscalateAfter is { } after)
            {
                added.EscalateAt = now + after;
            }

            db.Add(added);
        }

        return alerted;
    }

    /// <summary>One page of the alerts to the caller's duty room: unacknowledged first, then newest first, then by id.</summary>
    public async Task<Paged<DutyAlertView>> ForUnitAsync(Guid? unitId, PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        return await db.Set<DutyAlert>().AsNoTracking().Where(a => a.UnitId == unitId)
            .OrderBy(a => a.AcknowledgedAt != null).ThenByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Select(a => new DutyAlertView(a.Id, a.IncidentId, a.Message, a.CreatedAt, a.AcknowledgedAt, a.VerificationRequestId, a.AssignmentId)
            {
                Kind = a.Kind,
                ObligationId = a.ObligationId,
                SubmissionId = a.SubmissionId,
                EscalatedAt = a.EscalatedAt,
                Settled = (a.ObligationId != null && db.Set<ReportingObligation>().Any(o => o.Id == a.ObligationId && (o.MetAt != null || o.CancelledAt != null)))
                    || (a.VerificationRequestId != null && db.Set<VerificationRequest>().Any(v => v.Id == a.VerificationRequestId && v.AnsweredAt != null))
                    || (a.AssignmentId != null && db.Set<InstructionAssignment>().Any(x => x.Id == a.AssignmentId && x.DoneAt != null))
                    || (a.SubmissionId != null && db.Set<Escalation.Submission>().Any(s => s.Id == a.SubmissionId && s.SignedAt != null)),
            })
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
        // Acknowledged in time: it no longer escalates (升级).
        alert.EscalateAt = null;
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
            .WithSummary("Alerts to the caller's duty room (临期 due soon, 超时 overdue, 升级 escalated), unacknowledged first, then newest first, then id; paged");
        api.MapPost("/alerts/{id:guid}/acknowledge", async Task<IResult> (OverdueScanner scanner, CurrentActor current, Guid id, CancellationToken ct) =>
                await scanner.AcknowledgeAsync(id, current.Actor, ct) ? TypedResults.NoContent() : Platform.Http.ApiResults.NotFound(IncidentErrors.AlertNotFound, "Alert"))
            .RequirePermission(IncidentPermissions.AcknowledgeAlert)
            .WithName("AcknowledgeAlert").WithTags("Incidents")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
