using AntDesign;
using Beacon.Incidents.Attachments;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Escalation.Inbox;
using Beacon.Incidents.Escalation.SignForReceipt;
using Beacon.Incidents.Incidents.Timeline;
using Beacon.Incidents.Localization;
using Beacon.Incidents.Reporting;
using Beacon.Incidents.Reporting.LogPhoneReport;
using Beacon.Incidents.Reporting.SubmitReport;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Incidents.GetIncident;

/// <summary>
/// One incident: its facts, the timeline of written reports (首报 / 续报 / 终报), phone reports and the escalation
/// chain (逐级上报, 签收), its reporting clocks, and the forms for a follow-up or final report and a phone report.
/// </summary>
public partial class IncidentPage : IDisposable
{
    private static readonly Severity[] Severities = [Severity.I, Severity.II, Severity.III, Severity.IV, Severity.NotAssessed];

    private readonly FollowUpForm _followUp = new();
    private readonly PhoneForm _phone = new();
    private readonly ForwardForm _forward = new();
    private IncidentDetail? _detail;
    private List<TimelineEntry> _timeline = [];
    private List<UnitChoice> _dutyRooms = [];
    private List<AttachmentView> _attachments = [];
    private Dictionary<string, string> _followUpErrors = [];
    private Dictionary<string, string> _phoneErrors = [];
    private Dictionary<string, string> _forwardErrors = [];
    private InboxItem? _pending;
    private bool _canForward;
    private bool _forwardOpen;
    private bool _confirmOpen;
    private int _openInstructions;
    private string _confirmReason = "";
    private string _signerName = "";
    private bool _loading = true;
    private int _revision;
    private bool _busy;
    private string? _followUpError;
    private string? _phoneError;
    private string? _forwardError;
    private string? _attachmentError;
    private (AlertType Type, string Text)? _notice;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private IncidentLookups Lookups { get; set; } = default!;

    [Inject]
    private GetIncidentHandler Incidents { get; set; } = default!;

    [Inject]
    private InboxHandler Inbox { get; set; } = default!;

    [Inject]
    private IncidentTimelineHandler TimelineReader { get; set; } = default!;

    [Inject]
    private EscalationHandler Escalation { get; set; } = default!;

    [Inject]
    private SubmitReportHandler SubmitReport { get; set; } = default!;

    [Inject]
    private LogPhoneReportHandler LogPhone { get; set; } = default!;

    [Inject]
    private AttachmentsHandler Attachments { get; set; } = default!;

    [Inject]
    private IOptions<IncidentsOptions> Options { get; set; } = default!;

    [Inject]
    private Classification.SeverityGrading Grading { get; set; } = default!;

    [Inject]
    private Platform.Accounts.People People { get; set; } = default!;

    [Inject]
    private IncidentEvents Events { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        Events.Raised -= OnIncidentEvent;
        Events.Raised += OnIncidentEvent;
        // Only where a phone report may go: the duty rooms above (and units a rule names); the server refuses the rest.
        _dutyRooms = await Lookups.PhoneTargetsAsync(Scopes.Actor.JurisdictionId, CancellationToken.None);
        // The signer (签发人) of a follow-up defaults to the person filing it, not to whoever signed the last report.
        _signerName = (await People.ResolveAsync(Scopes.Actor.UserName, CancellationToken.None)).DisplayName;
        await LoadAsync(resetForms: true);
    }

    public void Dispose()
    {
        Events.Raised -= OnIncidentEvent;
        GC.SuppressFinalize(this);
    }

    private void OnIncidentEvent(IncidentEvent e)
    {
        if (e.IncidentId == Id)
        {
            _ = InvokeAsync(async () =>
            {
                await LoadAsync(resetForms: false);
                StateHasChanged();
            });
        }
    }

    private async Task LoadAsync(bool resetForms)
    {
        _revision++;
        _detail = await Incidents.FindAsync(Id, CancellationToken.None);
        _loading = false;
        if (_detail is null)
        {
            return;
        }

        _attachments = await Attachments.ListAsync(Id, CancellationToken.None) ?? [];
        var received = await Inbox.ForIncidentAsync(Id, CancellationToken.None);
        _pending = received.FirstOrDefault(x => x.SignedAt is null);
        // Once forwarded (or sent past this level, leaving a copy for information), 转报上级 no longer applies.
        _canForward = received.Any(x => !x.IsNotification && x.SkippedAt is null && !_detail.Chain.Any(c => c.Id == x.SubmissionId && c.ForwardedAt is not null))
            && _detail.Incident.Status == IncidentStatus.Open;
        _timeline = BuildTimeline(await TimelineReader.ForAsync(Id, CancellationToken.None) ?? []);
        if (resetForms)
        {
            _followUp.Fill(_detail, _signerName);
            _phone.Reset(Beijing.Now.DateTime, _dutyRooms.FirstOrDefault()?.Id);
        }
    }

    /// <summary>The timeline as the API gives it (GET /incidents/{id}/timeline, in time order), in the reader's language.</summary>
    private List<TimelineEntry> BuildTimeline(IReadOnlyList<TimelineEvent> items)
    {
        var entries = new List<TimelineEntry>();
        foreach (var (t, index) in items.Select((t, index) => (t, index)))
        {
            var key = $"{t.Kind}-{t.SubjectId}-{index}";
            entries.Add(t.Kind switch
            {
                TimelineKind.Report => new TimelineEntry(
                    key, t.At, t.ReportKind == ReportKind.Final ? "green" : "blue", t.ReportKind == ReportKind.Final ? TagColor.Green : TagColor.Blue,
                    KindLabel(t.ReportKind ?? ReportKind.FollowUp, t.Sequence ?? 1),
                    L["Timeline.Report", t.Unit ?? "", t.By ?? "", L["Severity." + (t.Severity ?? Severity.NotAssessed)].Value].Value,
                    t.Casualties is { } c ? Figures(c) : null, t.Text,
                    Join(
                        t.ProposedSeverity is { } proposed ? L["Timeline.Proposed", L["Severity." + proposed].Value, ReasonText(t.ProposedSeverity, t.ProposedReason)].Value : null,
                        t.FinalConfirmation is { Length: > 0 } confirmed ? L["Timeline.FinalConfirmation", confirmed].Value : null,
                        t.Measures is { Length: > 0 } m ? L["Timeline.Measures", m].Value : null,
                        t.NextSteps is { Length: > 0 } n ? L["Timeline.NextSteps", n].Value : null,
                        L["Timeline.Signer", t.Signer ?? "", t.Phone ?? ""].Value),
                    $"api/v1/incidents/{Id}/reports/{t.SubjectId}/docx"),
                TimelineKind.PhoneCall => new TimelineEntry(
                    key, t.At, "purple", TagColor.Purple, L["Channel.Phone"].Value, L["Timeline.Phone", t.Unit ?? "", t.By ?? "", t.ToUnit ?? "", t.Signer ?? ""].Value, null, t.Text,
                    t.IsLateEntry ? L["Timeline.LateEntry", t.LoggedAt is { } logged ? Beijing.Format(logged) : "", t.LateEntryReason ?? ""].Value : null),
                TimelineKind.Submission => new TimelineEntry(
                    key, t.At, "orange", TagColor.Orange, L["Timeline.Submitted"].Value, L["Timeline.Submission", t.Unit ?? "", t.ToUnit ?? "", t.By ?? ""].Value, null,
                    t.Text is null ? null : L["Chain.Assessment", t.Text].Value, null),
                TimelineKind.Notification => new TimelineEntry(
                    key, t.At, "orange", TagColor.Orange, L["Chain.Notification"].Value, L["Timeline.Notification", t.Unit ?? "", t.ToUnit ?? "", t.By ?? ""].Value, null,
                    t.Text is null ? null : L["Chain.Assessment", t.Text].Value, null),
                TimelineKind.Signature => new TimelineEntry(key, t.At, "gray", TagColor.Cyan, L["Action.Sign"].Value, L["Timeline.Signed", t.Unit ?? "", t.By ?? ""].Value, null, null, null),
                TimelineKind.Forward => new TimelineEntry(key, t.At, "orange", TagColor.Volcano, L["Timeline.Forwarded"].Value, L["Timeline.Forward", t.Unit ?? ""].Value, null, null, null),
                TimelineKind.Instruction => new TimelineEntry(
                    key, t.At, "red", TagColor.Red, L["Instr.Kind." + (t.InstructionKind ?? Instructions.InstructionKind.Referral)].Value,
                    L["Timeline.Instruction", t.Unit ?? "", t.LeaderName ?? t.By ?? ""].Value, null, t.Text,
                    Join(t.ToUnit is null ? null : L["Timeline.InstructionTo", t.ToUnit].Value, t.DueAt is { } due ? L["Timeline.InstructionDue", Beijing.Format(due)].Value : null)),
                TimelineKind.InstructionSigned => new TimelineEntry(
                    key, t.At, "gray", TagColor.Cyan, L["Action.Sign"].Value, L["Timeline.InstructionSigned", t.Unit ?? "", t.By ?? ""].Value, null, null, null),
                TimelineKind.InstructionFeedback => new TimelineEntry(
                    key, t.At, "red", TagColor.Magenta, t.IsFinal ? L["Timeline.FeedbackFinal"].Value : L["Instr.Kind." + (t.InstructionKind ?? Instructions.InstructionKind.Referral)].Value,
                    L["Timeline.Feedback", t.Unit ?? "", t.By ?? ""].Value, null, t.Text, null),
                TimelineKind.Obligation => new TimelineEntry(
                    key, t.At, t.ObligationStatus is ObligationStatus.Overdue or ObligationStatus.MetLate ? "red" : "gray", IncidentsUi.ObligationColor(t.ObligationStatus ?? ObligationStatus.OnTime),
                    L["Timeline.Deadline"].Value,
                    L["Timeline.Obligation", L["Channel." + (t.Channel ?? ReportChannel.Written)].Value, KindLabel(t.ReportKind ?? ReportKind.First, t.Sequence ?? 1), t.ToUnit ?? ""].Value,
                    null, null,
                    Join(L["ObligationStatus." + (t.ObligationStatus ?? ObligationStatus.OnTime)].Value, t.MetAt is { } met ? L["Timeline.ObligationMet", Beijing.Format(met)].Value : null)),
                _ => new TimelineEntry(
                    key, t.At, "gray", TagColor.Default, L["Timeline.AttachmentLabel"].Value, L["Timeline.Attachment", t.Unit ?? "", t.By ?? ""].Value, null, t.Text, null),
            });
        }

        return entries;
    }

    private static string? Join(params string?[] parts)
    {
        var text = string.Join("；", parts.Where(p => !string.IsNullOrEmpty(p)));
        return text.Length == 0 ? null : text;
    }

    private string Figures(Casualties c) =>
        L["Figures", c.Deaths, c.Missing, c.Injured, c.Trapped, c.Evacuated, c.Affected,
            c.DirectLossTenThousandYuan.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)].Value;

    private string KindLabel(ReportKind kind, int sequence) => kind switch
    {
        ReportKind.First => L["ReportKind.First"].Value,
        ReportKind.Final => L["ReportKind.Final"].Value,
        _ => L["ReportKind.FollowUpN", IncidentReport.ChineseNumber(sequence - 1), sequence - 1].Value,
    };

    private async Task SignAsync()
    {
        _busy = true;
        var outcome = Problems.Read(await Escalation.SignAsync(Id, new SignRequest(null), CancellationToken.None), L);
        _busy = false;
        _notice = outcome.Succeeded
            ? (AlertType.Success, L["Sign.Done", _detail?.Incident.Number ?? ""].Value)
            : (AlertType.Error, outcome.Problem ?? L["Error.Status", 400].Value);
        await LoadAsync(resetForms: false);
    }

    private async Task ForwardAsync()
    {
        var request = new ForwardRequest(_forward.Assessment);
        _forwardErrors = IncidentsUi.Validate(request, L);
        _forwardError = null;
        if (_forwardErrors.Count > 0)
        {
            return;
        }

        _busy = true;
        var outcome = Problems.Read(await Escalation.ForwardAsync(Id, request, CancellationToken.None), L);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _forwardErrors = outcome.FieldErrors;
            _forwardError = outcome.Problem;
            return;
        }

        _forwardOpen = false;
        _forward.Assessment = "";
        _notice = (AlertType.Success, L["Forward.Done", _detail?.Incident.Number ?? ""].Value);
        await LoadAsync(resetForms: false);
    }

    /// <summary>The level the figures give is shown under the figures: a figure's change re-renders the page.</summary>
    private Task OnFiguresChanged()
    {
        _followUpError = null;
        return Task.CompletedTask;
    }

    /// <summary>"Ⅲ级 较大：死亡 3 人（该级标准 ≥3 人）" for the latest report's proposal, or that the figures reach no threshold.</summary>
    private string ProposedText(ReportView? report) =>
        report?.ProposedSeverity is { } level
            ? L["Proposed.Text", L["Severity." + level].Value, ReasonText(level, report.ProposedReason)].Value
            : L["Proposed.None"].Value;

    private string ProposedText(Classification.Grade grade) =>
        L["Proposed.Text", L["Severity." + grade.Level].Value, ReasonText(grade.Level, grade.Reason)].Value;

    private string ReasonText(Severity? level, string? reason) =>
        Classification.Grade.Parse(level ?? Severity.NotAssessed, reason) is { Basis: { } basis } g
            ? L["Proposed.Reason." + basis, g.Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), g.Threshold.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)].Value
            : "";

    private void CancelConfirm()
    {
        _confirmOpen = false;
        _followUp.ConfirmOpenInstructions = false;
        _followUpErrors.Remove("ConfirmationReason");
    }

    private async Task ConfirmFinalAsync()
    {
        _followUp.ConfirmOpenInstructions = true;
        _followUp.ConfirmationReason = _confirmReason;
        await SubmitFollowUpAsync();
    }

    private async Task SubmitFollowUpAsync()
    {
        var request = _followUp.ToRequest();
        _followUpError = null;
        _followUpErrors = IncidentsUi.Validate(request, L);
        if (_followUpErrors.Count > 0)
        {
            _followUpError = L["Error.CheckFields"].Value;
            return;
        }

        _busy = true;
        if (request is { Kind: ReportKind.Final, ConfirmOpenInstructions: false }
            && (_openInstructions = await SubmitReport.OpenInstructionsAsync(Id, CancellationToken.None)) > 0)
        {
            // 终报 with instructions open: asked to confirm with a reason first (the server refuses it without one, and records it).
            _busy = false;
            _confirmOpen = true;
            return;
        }

        var outcome = Problems.Read(await SubmitReport.HandleAsync(Id, request, CancellationToken.None), L);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _followUpErrors = outcome.FieldErrors;
            _followUpError = outcome.Problem ?? L["Error.CheckFields"].Value;
            if (!_followUpErrors.ContainsKey("ConfirmationReason"))
            {
                _confirmOpen = false;
            }

            return;
        }

        _confirmOpen = false;
        _confirmReason = "";
        var submitted = outcome.ValueAs<SubmittedReport>();
        var title = submitted?.Sequence is { } seq ? KindLabel(request.Kind!.Value, seq) : "";
        _notice = submitted is { LevelRaised: true }
            ? (AlertType.Warning, L["FollowUp.DoneRaised", title, L["Severity." + submitted.Severity].Value].Value)
            : (AlertType.Success, L["FollowUp.Done", title].Value);
        await LoadAsync(resetForms: true);
    }

    private async Task LogPhoneAsync()
    {
        var request = _phone.ToRequest(Beijing.Zone);
        _phoneError = null;
        _phoneErrors = IncidentsUi.Validate(request, L);
        if (_phoneErrors.Count > 0)
        {
            _phoneError = L["Error.CheckFields"].Value;
            return;
        }

        _busy = true;
        var outcome = Problems.Read(await LogPhone.HandleAsync(Id, request, CancellationToken.None), L);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _phoneErrors = outcome.FieldErrors;
            _phoneError = outcome.Problem ?? L["Error.CheckFields"].Value;
            return;
        }

        _notice = (AlertType.Success, L["Phone.Done"].Value);
        _phone.Reset(Beijing.Now.DateTime, _phone.ToUnitId);
        await LoadAsync(resetForms: false);
    }

    private AttachmentOptions Limits => Options.Value.Attachments;

    private string AcceptedTypes => string.Join(',', Limits.Allowed.Select(e => "." + e));

    private static string SizeText(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / 1048576.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " B",
    };

    private async Task UploadAttachmentAsync(InputFileChangeEventArgs e)
    {
        _attachmentError = null;
        if (e.File.Size > Limits.MaxBytes)
        {
            _attachmentError = L["Attachments.TooLarge", SizeText(Limits.MaxBytes)].Value;
            return;
        }

        _busy = true;
        try
        {
            using var buffer = new MemoryStream();
            await using (var stream = e.File.OpenReadStream(Limits.MaxBytes))
            {
                await stream.CopyToAsync(buffer);
            }

            var result = await Attachments.UploadAsync(Id, new UploadedFile(e.File.Name, e.File.ContentType, buffer.ToArray()), CancellationToken.None);
            var outcome = Problems.Read(result, L);
            if (!outcome.Succeeded)
            {
                _attachmentError = outcome.FieldErrors.Count > 0 ? string.Join("；", outcome.FieldErrors.Values) : outcome.Problem;
                return;
            }

            var again = result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK };
            _notice = (AlertType.Success, L[again ? "Attachments.Duplicate" : "Attachments.Done", outcome.ValueAs<AttachmentView>()?.FileName ?? ""].Value);
            await LoadAsync(resetForms: false);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>One entry of the timeline as shown; <paramref name="Docx"/> is the written report's DOCX (首报、续报、终报) to download.</summary>
    private sealed record TimelineEntry(
        string Key, DateTimeOffset At, string Color, TagColor Tag, string Label, string Heading, string? Figures, string? Text, string? Extra, string? Docx = null);

    private sealed class FollowUpForm : ICasualtyForm
    {
        public ReportKind? Kind { get; set; } = ReportKind.FollowUp;

        public Severity? Severity { get; set; }

        public bool IsSensitive { get; set; }

        public int Deaths { get; set; }

        public int Missing { get; set; }

        public int Injured { get; set; }

        public int Trapped { get; set; }

        public int Evacuated { get; set; }

        public int Affected { get; set; }

        public decimal DirectLossTenThousandYuan { get; set; }

        public string Narrative { get; set; } = "";

        public string? Measures { get; set; }

        public string? NextSteps { get; set; }

        public string Signer { get; set; } = "";

        public string? Phone { get; set; }

        public bool ConfirmOpenInstructions { get; set; }

        public string? ConfirmationReason { get; set; }

        public Casualties Figures() => new(Deaths, Missing, Injured, Trapped, Evacuated, Affected, DirectLossTenThousandYuan);

        /// <summary>A follow-up starts from the current figures: the officer changes what changed; it is signed by whoever files it.</summary>
        public void Fill(IncidentDetail d, string signer)
        {
            var c = d.Incident.Casualties;
            var last = d.Reports.Count == 0 ? null : d.Reports[^1];
            Kind = ReportKind.FollowUp;
            Severity = d.Incident.Severity;
            IsSensitive = d.Incident.IsSensitive;
            (Deaths, Missing, Injured, Trapped, Evacuated, Affected, DirectLossTenThousandYuan) =
                (c.Deaths, c.Missing, c.Injured, c.Trapped, c.Evacuated, c.Affected, c.DirectLossTenThousandYuan);
            Narrative = "";
            Measures = null;
            NextSteps = null;
            Signer = signer;
            Phone = last?.Phone;
            ConfirmOpenInstructions = false;
            ConfirmationReason = null;
        }

        public SubmitReportRequest ToRequest() => new(
            Kind, Severity, IsSensitive, Deaths, Missing, Injured, Trapped, Evacuated, Affected, DirectLossTenThousandYuan,
            Narrative, Blank(Measures), Blank(NextSteps), Signer, Blank(Phone), ConfirmOpenInstructions, Blank(ConfirmationReason));

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    private sealed class ForwardForm
    {
        public string Assessment { get; set; } = "";
    }

    private sealed class PhoneForm
    {
        public Guid? ToUnitId { get; set; }

        public string Caller { get; set; } = "";

        public string Callee { get; set; } = "";

        public DateTime? CalledAt { get; set; }

        public string Summary { get; set; } = "";

        public string? LateEntryReason { get; set; }

        public void Reset(DateTime beijingNow, Guid? toUnitId)
        {
            ToUnitId = toUnitId;
            Caller = "";
            Callee = "";
            CalledAt = new DateTime(beijingNow.Year, beijingNow.Month, beijingNow.Day, beijingNow.Hour, beijingNow.Minute, 0, DateTimeKind.Unspecified);
            Summary = "";
            LateEntryReason = null;
        }

        public LogPhoneReportRequest ToRequest(TimeZoneInfo zone) =>
            new(ToUnitId, Caller, Callee, IncidentsUi.ToUtc(CalledAt, zone), Summary, string.IsNullOrWhiteSpace(LateEntryReason) ? null : LateEntryReason);
    }
}
