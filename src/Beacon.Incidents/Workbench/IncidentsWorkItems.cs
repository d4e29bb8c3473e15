using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Deadlines.OverdueAlerts;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Escalation.Inbox;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Instructions;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Incidents.Localization;
using Beacon.Incidents.Reporting;
using Beacon.Incidents.Verification;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Beacon.Platform.Workbench;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Workbench;

/// <summary>
/// What awaits the person signed in on incidents: reports to sign for (待签收), proposals awaiting their instruction
/// (待批示), instructions passed to their unit to sign for and report on (待落实), verification requests to answer
/// (待核报), their unit's open reporting deadlines (报告时限) and unacknowledged overdue alerts (超时提醒). Each kind
/// is listed only to the roles its handler lets act (reporters sign, answer and report; leaders instruct), and
/// read with the handlers' own scope rules: the caller's unit for what is addressed to it, its scope for the rest.
/// </summary>
internal sealed class IncidentsWorkItems(
    BeaconDbFactory dbs, InboxHandler inbox, OverdueScanner alerts, TimeProvider clock, IOptions<IncidentsOptions> options,
    IStringLocalizer<IncidentsWorkbenchResource> L, IStringLocalizer<IncidentsResource> incidents) : IWorkItemSource
{
    public const string Instruct = "incident.instruct";
    public const string SignFor = "incident.sign-for";
    public const string Alert = "incident.alert";
    public const string Verify = "incident.verify";
    public const string Obligation = "incident.obligation";
    public const string CarryOut = "incident.carry-out";
    public const string Approve = "incident.approve";
    public const string Returned = "incident.returned";

    public async Task<IReadOnlyList<WorkItem>> GetAsync(WorkbenchViewer viewer, CancellationToken ct)
    {
        var actor = viewer.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId)
        {
            return [];
        }

        // The same role sets as IncidentsModule.ReporterPolicy and IssueInstructionHandler's leaders.
        var reporter = actor.IsInRole(Roles.DutyOfficer) || actor.IsInRole(Roles.LeaderOnDuty) || actor.IsInRole(Roles.DepartmentLiaison);
        var leader = actor.IsInRole(Roles.Leader) || actor.IsInRole(Roles.LeaderOnDuty);
        var dutyRoom = actor.IsInRole(Roles.DutyOfficer) || actor.IsInRole(Roles.LeaderOnDuty);
        var items = new List<WorkItem>();
        var now = clock.GetUtcNow();
        var window = options.Value.DueSoon;
        await using var db = dbs.CreateDbContext();

        if (leader)
        {
            // Proposals (拟办) of the leader's own level awaiting an instruction; the incident page decides them.
            var proposals = await ListInstructionsHandler.Visible(db, viewer.Scope)
                .Where(i => i.Kind == InstructionKind.Proposal && i.Status == InstructionStatus.Proposed && i.IssuerJurisdictionId == jurisdictionId)
                .OrderByDescending(i => i.IssuedAt).Take(200)
                .Select(i => new
                {
                    i.Id,
                    i.IncidentId,
                    i.IssuedAt,
                    Incident = db.Set<Incident>().Where(x => x.Id == i.IncidentId).Select(x => new { x.Number, x.Title }).First(),
                    From = db.Units.Where(u => u.Id == i.IssuerUnitId).Select(u => u.Name).First(),
                })
                .ToListAsync(ct);
            items.AddRange(proposals.Select(p => new WorkItem(Instruct, L["Kind.Instruct"], 10, p.Id.ToString(), p.Incident.Number, p.Incident.Title,
                p.From, p.IssuedAt, null, WorkItemUrgency.Normal, $"incidents/{p.IncidentId}")));
        }

        if (leader || reporter)
        {
            // 带班领导审核 (decision 0039): deliveries of the unit held for its leader (待审核), and those returned to its duty officers (退回修改).
            var state = leader ? Reporting.LeaderApproval.ApprovalState.Pending : Reporting.LeaderApproval.ApprovalState.Returned;
            var held = await db.Set<Reporting.LeaderApproval.ReportApproval>().AsNoTracking().InScope(viewer.Scope, a => a.JurisdictionId)
                .Where(a => a.FromUnitId == unitId && (a.State == state || (reporter && a.State == Reporting.LeaderApproval.ApprovalState.Returned)))
                .OrderBy(a => a.RequestedAt).Take(200)
                .Select(a => new { a.Id, a.IncidentId, a.State, a.RequestedAt, a.Note, Incident = db.Set<Incident>().Where(x => x.Id == a.IncidentId).Select(x => new { x.Number, x.Title }).First() })
                .ToListAsync(ct);
            items.AddRange(held.Select(a => a.State == Reporting.LeaderApproval.ApprovalState.Pending
                ? new WorkItem(Approve, L["Kind.Approve"], 5, a.Id.ToString(), a.Incident.Number, a.Incident.Title, "", a.RequestedAt, null, WorkItemUrgency.DueSoon, $"incidents/{a.IncidentId}")
                : new WorkItem(Returned, L["Kind.Returned"], 6, a.Id.ToString(), a.Incident.Number, L["Returned.Title", a.Incident.Title, a.Note ?? ""], "", a.RequestedAt, null, WorkItemUrgency.DueSoon, $"incidents/{a.IncidentId}")));
        }

        if (reporter)
        {
            var signPriority = leader ? 20 : 10;
            items.AddRange((await inbox.HandleAsync(pendingOnly: true, ct)).Select(s => new WorkItem(SignFor, L["Kind.SignFor"], signPriority,
                s.SubmissionId.ToString(), s.Number, s.Title, s.FromUnit, s.SubmittedAt, null, WorkItemUrgency.Normal, $"incidents/{s.IncidentId}")));

            var verifications = await db.Set<VerificationRequest>().AsNoTracking().InScope(viewer.Scope, v => v.ToJurisdictionId)
                .Where(v => v.ToUnitId == unitId && v.AnsweredAt == null)
                .OrderBy(v => v.DueAt).Take(200)
                .Select(v => new { Request = v, From = db.Units.Where(u => u.Id == v.FromUnitId).Select(u => u.Name).First() })
                .ToListAsync(ct);
            items.AddRange(verifications.Select(v => new WorkItem(Verify, L["Kind.Verify"], 30, v.Request.Id.ToString(), "", Shorten(v.Request.Clue),
                v.From, v.Request.RequestedAt, v.Request.DueAt, Urgency(v.Request.StatusAt(now, window)), "duty/verification")));

            var obligations = await db.Set<ReportingObligation>().AsNoTracking().InScope(viewer.Scope, o => o.JurisdictionId)
                .Where(o => o.UnitId == unitId && o.MetAt == null && o.CancelledAt == null)
                .OrderBy(o => o.DueAt).Take(200)
                .Select(o => new { Obligation = o, Incident = db.Set<Incident>().Where(i => i.Id == o.IncidentId).Select(i => new { i.Number, i.Title }).First() })
                .ToListAsync(ct);
            items.AddRange(obligations.Select(o => new WorkItem(Obligation, L["Kind.Obligation"], 40, o.Obligation.Id.ToString(), o.Incident.Number,
                L["Obligation.Title", o.Incident.Title, incidents["Channel." + o.Obligation.Channel], ReportKindName(o.Obligation), o.Obligation.ReportTo],
                "", o.Obligation.StartsAt, o.Obligation.DueAt, Urgency(o.Obligation.StatusAt(now, window)), $"incidents/{o.Obligation.IncidentId}")));

            var assignments = await db.Set<InstructionAssignment>().AsNoTracking().InScope(viewer.Scope, a => a.ToJurisdictionId)
                .Where(a => a.ToUnitId == unitId && a.DoneAt == null)
                .Join(db.Set<Instruction>(), a => a.InstructionId, i => i.Id, (a, i) => new { a.Id, a.IncidentId, a.SignedAt, i.IssuedAt, i.DueAt, i.IssuerUnitId })
                .OrderBy(a => a.IssuedAt).Take(200)
                .Select(a => new
                {
                    a.Id,
                    a.IncidentId,
                    a.SignedAt,
                    a.IssuedAt,
                    a.DueAt,
                    Incident = db.Set<Incident>().Where(x => x.Id == a.IncidentId).Select(x => new { x.Number, x.Title }).First(),
                    From = db.Units.Where(u => u.Id == a.IssuerUnitId).Select(u => u.Name).First(),
                })
                .ToListAsync(ct);
            items.AddRange(assignments.Select(a => new WorkItem(CarryOut, L["Kind.CarryOut"], 50, a.Id.ToString(), a.Incident.Number,
                L[a.SignedAt is null ? "CarryOut.ToSign" : "CarryOut.ToReport", a.Incident.Title], a.From, a.IssuedAt, a.DueAt,
                a.DueAt is { } due ? Urgency(Deadline.Status(due, null, now, window)) : WorkItemUrgency.Normal, $"incidents/{a.IncidentId}")));
        }

        if (dutyRoom)
        {
            items.AddRange((await alerts.ForUnitAsync(unitId, new Platform.Http.PageRequest(1, Platform.Http.Paging.MaxPageSize), ct)).Items.Where(a => a.Sounding).Select(a => new WorkItem(Alert, L["Kind.Alert"], 15,
                a.Id.ToString(), "", a.Message, "", a.CreatedAt, null,
                a.Kind == Deadlines.OverdueAlerts.AlertKind.DueSoon ? WorkItemUrgency.DueSoon : WorkItemUrgency.Overdue, Deadlines.OverdueAlerts.AlertBanner.AlertHref(a))));
        }

        return items;
    }

    private string ReportKindName(ReportingObligation o) => o.Kind switch
    {
        ReportKind.First => incidents["ReportKind.First"].Value,
        ReportKind.Final => incidents["ReportKind.Final"].Value,
        _ => incidents["ReportKind.FollowUpN", IncidentReport.ChineseNumber(o.Sequence - 1), o.Sequence - 1].Value,
    };

    private static WorkItemUrgency Urgency(ObligationStatus status) => status switch
    {
        ObligationStatus.Overdue => WorkItemUrgency.Overdue,
        ObligationStatus.DueSoon => WorkItemUrgency.DueSoon,
        _ => WorkItemUrgency.Normal,
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

/// <summary>Tells open workbenches when an incident changed (the duty board's events, raised after commit).</summary>
internal sealed class IncidentsWorkbenchBridge(IncidentEvents events, WorkbenchSignal signal) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.Raised += OnRaised;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.Raised -= OnRaised;
        return Task.CompletedTask;
    }

    private void OnRaised(IncidentEvent e) => signal.Raise(new WorkbenchChange(e.IsAlert ? [] : [e.OriginJurisdictionId], e.ToUnitIds));
}
