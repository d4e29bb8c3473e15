using Beacon.Incidents.Attachments;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Instructions;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beacon.Incidents.Incidents.Timeline;

/// <summary>What happened on an incident's timeline (信息报送时间线).</summary>
public enum TimelineKind
{
    /// <summary>A written report (首报、续报、终报).</summary>
    Report = 1,

    /// <summary>A phone report to a duty room (电话报告).</summary>
    PhoneCall = 2,

    /// <summary>The report went to the duty room above (上报).</summary>
    Submission = 3,

    /// <summary>The report was copied to a unit a rule names (抄告).</summary>
    Notification = 4,

    /// <summary>The receiving duty room signed for it (签收).</summary>
    Signature = 5,

    /// <summary>The receiving duty room forwarded it to the level above (转报上级).</summary>
    Forward = 6,

    /// <summary>A proposal, referral or leader's instruction (拟办、转办、领导批示).</summary>
    Instruction = 7,

    /// <summary>A unit signed for an instruction passed to it.</summary>
    InstructionSigned = 8,

    /// <summary>A unit reported back on an instruction (反馈落实情况).</summary>
    InstructionFeedback = 9,

    /// <summary>A reporting deadline (报告时限), at its due time, with where it stands.</summary>
    Obligation = 10,

    /// <summary>A photo or document attached (附件).</summary>
    Attachment = 11,
}

/// <summary>
/// One entry of the timeline: what (<see cref="Kind"/>), when (<see cref="At"/>, UTC), the record it comes from
/// (<see cref="SubjectId"/>) and the facts of its kind; people by name（unit）, never by login.
/// </summary>
public sealed record TimelineEvent(TimelineKind Kind, DateTimeOffset At, Guid SubjectId)
{
    /// <summary>The unit that acted (reported, called, submitted, signed, issued, uploaded, owes the report).</summary>
    public string? Unit { get; init; }

    /// <summary>The unit on the other end (called, submitted to, passed to, owed).</summary>
    public string? ToUnit { get; init; }

    /// <summary>Who acted, as people read it: display name（unit）.</summary>
    public string? By { get; init; }

    /// <summary>The text: a report's narrative, a call's summary, an assessment, an instruction, feedback, a file's name.</summary>
    public string? Text { get; init; }

    public ReportKind? ReportKind { get; init; }

    /// <summary>The report's place in the chain (1 = 首报), or the obligation's.</summary>
    public int? Sequence { get; init; }

    public Severity? Severity { get; init; }

    public Casualties? Casualties { get; init; }

    public string? Measures { get; init; }

    public string? NextSteps { get; init; }

    public string? Signer { get; init; }

    public string? Phone { get; init; }

    /// <summary>The level a report's figures gave (建议级别) and why, as stored on the report (field:figure:threshold).</summary>
    public Severity? ProposedSeverity { get; init; }

    public string? ProposedReason { get; init; }

    /// <summary>A final report's confirmation that instructions were still open, with its reason.</summary>
    public string? FinalConfirmation { get; init; }

    /// <summary>A phone report logged well after the call (补录), when, and why.</summary>
    public bool IsLateEntry { get; init; }

    public DateTimeOffset? LoggedAt { get; init; }

    public string? LateEntryReason { get; init; }

    public InstructionKind? InstructionKind { get; init; }

    public string? LeaderName { get; init; }

    /// <summary>An instruction's feedback that reports it carried out.</summary>
    public bool IsFinal { get; init; }

    public ReportChannel? Channel { get; init; }

    /// <summary>An obligation's deadline (also its <see cref="At"/>) or an instruction's supervision deadline.</summary>
    public DateTimeOffset? DueAt { get; init; }

    public DateTimeOffset? MetAt { get; init; }

    public ObligationStatus? ObligationStatus { get; init; }

    public long? Size { get; init; }
}

/// <summary>
/// An incident's timeline in time order: written reports, phone calls, submissions, signatures and forwards, handling
/// and instructions with their feedback, reporting deadlines and attachments. Scoped like the incident itself: what
/// the caller cannot see is not on it, and an incident out of scope is 404.
/// </summary>
public sealed class IncidentTimelineHandler(GetIncidentHandler incidents, ListInstructionsHandler instructions, AttachmentsHandler attachments, BeaconDbFactory dbs, ScopeService scopes)
{
    public async Task<List<TimelineEvent>?> ForAsync(Guid id, CancellationToken ct)
    {
        var detail = await incidents.FindAsync(id, ct);
        if (detail is null)
        {
            return null;
        }

        var items = new List<TimelineEvent>();
        foreach (var r in detail.Reports)
        {
            items.Add(new TimelineEvent(TimelineKind.Report, r.SubmittedAt, r.Id)
            {
                Unit = r.UnitName,
                By = r.SubmittedByName ?? r.SubmittedBy,
                Text = r.Narrative,
                ReportKind = r.Kind,
                Sequence = r.Sequence,
                Severity = r.Severity,
                Casualties = r.Casualties,
                Measures = r.Measures,
                NextSteps = r.NextSteps,
                ProposedSeverity = r.ProposedSeverity,
                ProposedReason = r.ProposedReason,
                FinalConfirmation = r.FinalConfirmation,
                Signer = r.Signer,
                Phone = r.Phone,
            });
        }

        foreach (var p in detail.PhoneReports)
        {
            items.Add(new TimelineEvent(TimelineKind.PhoneCall, p.CalledAt, p.Id)
            {
                Unit = p.FromUnit,
                ToUnit = p.ToUnit,
                By = p.Caller,
                Text = p.Summary,
                Signer = p.Callee,
                IsLateEntry = p.IsLateEntry,
                LoggedAt = p.LoggedAt,
                LateEntryReason = p.LateEntryReason,
            });
        }

        foreach (var s in detail.Chain)
        {
            items.Add(new TimelineEvent(s.IsNotification ? TimelineKind.Notification : TimelineKind.Submission, s.SubmittedAt, s.Id)
            {
                Unit = s.FromUnit,
                ToUnit = s.ToUnit,
                By = s.SubmittedByName ?? s.SubmittedBy,
                Text = s.Assessment,
            });
            if (s.SignedAt is { } signed)
            {
                items.Add(new TimelineEvent(TimelineKind.Signature, signed, s.Id) { Unit = s.ToUnit, By = s.SignedByName ?? s.SignedBy });
            }

            if (s.ForwardedAt is { } forwarded)
            {
                items.Add(new TimelineEvent(TimelineKind.Forward, forwarded, s.Id) { Unit = s.ToUnit });
            }
        }

        foreach (var o in detail.Obligations.Where(o => o.Reason != ObligationReasons.Cancelled))
        {
            items.Add(new TimelineEvent(TimelineKind.Obligation, o.DueAt, o.Id)
            {
                ToUnit = o.ReportTo,
                Text = o.RuleName,
                Channel = o.Channel,
                ReportKind = o.Kind,
                Sequence = o.Sequence,
                DueAt = o.DueAt,
                MetAt = o.MetAt,
                ObligationStatus = o.Status,
            });
        }

        var scope = await scopes.GetAsync(ct);
        await using (var db = dbs.CreateDbContext())
        {
            var handling = await instructions.ViewsAsync(db, scope, ListInstructionsHandler.Visible(db, scope).Where(i => i.IncidentId == id), ct);
            foreach (var i in handling)
            {
                items.Add(new TimelineEvent(TimelineKind.Instruction, i.IssuedAt, i.Id)
                {
                    Unit = i.IssuerUnit,
                    ToUnit = i.Assignments.Count == 0 ? null : string.Join("、", i.Assignments.Select(a => a.Unit)),
                    By = i.IssuedByName ?? i.IssuedBy,
                    Text = i.Text,
                    InstructionKind = i.Kind,
                    LeaderName = i.LeaderName,
                    DueAt = i.DueAt,
                });
                foreach (var a in i.Assignments)
                {
                    if (a.SignedAt is { } signed)
                    {
                        items.Add(new TimelineEvent(TimelineKind.InstructionSigned, signed, a.Id) { Unit = a.Unit, By = a.SignedByName ?? a.SignedBy, InstructionKind = i.Kind });
                    }

                    foreach (var f in a.Feedback)
                    {
                        items.Add(new TimelineEvent(TimelineKind.InstructionFeedback, f.At, a.Id) { Unit = a.Unit, By = f.ByName ?? f.By, Text = f.Text, IsFinal = f.IsFinal, InstructionKind = i.Kind });
                    }
                }
            }
        }

        foreach (var a in await attachments.ListAsync(id, ct) ?? [])
        {
            items.Add(new TimelineEvent(TimelineKind.Attachment, a.UploadedAt, a.Id) { Unit = a.Unit, By = a.UploadedByName ?? a.UploadedBy, Text = a.FileName, Size = a.Size });
        }

        return [.. items.OrderBy(i => i.At).ThenBy(i => i.Kind).ThenBy(i => i.SubjectId)];
    }
}

internal static class IncidentTimelineEndpoint
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/incidents/{id:guid}/timeline", async Task<IResult> (IncidentTimelineHandler handler, Guid id, CancellationToken ct) =>
                await handler.ForAsync(id, ct) is { } items ? TypedResults.Ok(items) : ApiResults.NotFound(IncidentErrors.NotFound, "Incident"))
            .Produces<List<TimelineEvent>>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("IncidentTimeline").WithTags("Incidents")
            .WithSummary("An incident's timeline (信息报送时间线) in time order: reports, phone calls, submissions, signatures and forwards, instructions and feedback, reporting deadlines, attachments; complete, scoped like GET /incidents/{id}");
    }
}
