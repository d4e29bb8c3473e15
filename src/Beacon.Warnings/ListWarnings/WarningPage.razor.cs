using AntDesign;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Beacon.Platform.Permissions;
using Beacon.Platform.Time;
using Beacon.Warnings.Drafting;
using Beacon.Warnings.Localization;
using Beacon.Warnings.Release;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.ListWarnings;

/// <summary>
/// One warning: its content, areas (with a map), release flow and chain, and the actions the user's roles allow at
/// its stage: submit (送审), review (审核通过 / 退回), sign-off (签发), and for a published one update, upgrade,
/// downgrade, extension or cancel (解除). Every step sends the version shown as If-Match, so a step taken on a
/// warning someone else changed meanwhile is refused instead of applied to what the user did not see.
/// </summary>
public partial class WarningPage
{
    private static readonly WarningChange[] Changes = [WarningChange.Update, WarningChange.Upgrade, WarningChange.Downgrade, WarningChange.Extend, WarningChange.Cancel];

    private readonly DialogForm _dialog = new();
    private WarningView? _w;
    private List<WarningView> _chain = [];
    private Dissemination.WarningReach? _reach;
    private Upstream.UpstreamPushView? _upstream;
    private Dictionary<string, string> _dialogErrors = [];
    private string? _dialogError;
    private (AlertType Type, string Text)? _notice;
    private bool _loading = true;
    private bool _busy;
    private bool _canDraft;
    private bool _canReview;
    private bool _canSignOff;
    private bool _canSubmit;
    private bool _canChange;
    private bool _reviewOpen;
    private bool _approve;
    private bool _signOffOpen;
    private bool _sendSms = true;
    private bool _sendEmail = true;
    private bool _sendWebhook = true;
    private bool _changeOpen;
    private bool _canRepublish;
    private bool _republishOpen;
    private WarningView? _republished;
    private WarningChange? _change;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private ListWarningsHandler Warnings { get; set; } = default!;

    [Inject]
    private ReleaseHandler Release { get; set; } = default!;

    [Inject]
    private Dissemination.WarningReachHandler Reach { get; set; } = default!;

    [Inject]
    private Upstream.UpstreamStatusHandler UpstreamStatus { get; set; } = default!;

    [Inject]
    private PermissionCheck Can { get; set; } = default!;

    [Inject]
    private IEnumerable<Dissemination.IWarningChannel> ChannelImplementations { get; set; } = default!;

    /// <summary>The channels this instance records instead of sending (演示记录), labelled wherever deliveries show.</summary>
    private List<string> RecorderChannels => [.. ChannelImplementations.OfType<Dissemination.RecordingChannel>().Select(c => c.Channel.ToString()).Order(StringComparer.Ordinal)];

    [Inject]
    private IOptions<WarningsOptions> Options { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IStringLocalizer<WarningsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    private int FlowStep => _w?.Stage switch
    {
        "Draft" => 0,
        "InReview" => 1,
        "Approved" => 2,
        _ => 3,
    };

    private IEnumerable<WarningLevel> LevelChoices
    {
        get
        {
            var current = _w is null ? WarningLevel.Blue : Enum.Parse<WarningLevel>(_w.Level);
            return Enum.GetValues<WarningLevel>().Where(l => _change == WarningChange.Upgrade ? l < current : l > current);
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _republished = null;
        _canDraft = Can.Allows(WarningPermissions.Draft);
        _canSubmit = Can.Allows(WarningPermissions.Submit);
        _canReview = Can.Allows(WarningPermissions.Review);
        _canSignOff = Can.Allows(WarningPermissions.SignOff);
        _canChange = Can.Allows(WarningPermissions.Change);
        _canRepublish = Can.Allows(WarningPermissions.Republish);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _w = await Warnings.GetAsync(Id, CancellationToken.None);
        if (_w is { ReadOnly: true })
        {
            // Issued above the reader and shown because it covers their area (decision 0036): read, never acted on here.
            _canDraft = _canSubmit = _canReview = _canSignOff = _canChange = _canRepublish = false;
        }

        _chain = _w is null ? [] : [.. await Warnings.ChainAsync(Id, CancellationToken.None) ?? []];
        // Before sign-off: how many recipients the areas select, so an area that selects nobody is seen in time.
        _reach = _w is { Stage: "Draft" or "InReview" or "Approved" } ? await Reach.GetAsync(Id, CancellationToken.None) : null;
        // After sign-off: where the push to the national warning release system stands (上报), for holders of warning.feeds.
        _upstream = _w is { SentAt: not null } && Can.Allows(WarningPermissions.Feeds) ? (await UpstreamStatus.GetAsync(Id, CancellationToken.None)).Push : null;
        _loading = false;
    }

    private string IfMatch => ApiResults.ETag(_w?.Version ?? 0);

    private async Task SubmitAsync()
    {
        _busy = true;
        var outcome = Problems.Read(await Release.SubmitAsync(Id, IfMatch, CancellationToken.None), L, WarningsUi.FieldName);
        _busy = false;
        await AfterAsync(outcome, "Done.Submitted");
    }

    private void OpenReview(bool approve)
    {
        (_approve, _dialog.Note, _dialogErrors, _dialogError) = (approve, "", [], null);
        _reviewOpen = true;
    }

    private async Task ReviewAsync()
    {
        _dialogError = null;
        _dialogErrors = [];
        if (!_approve && string.IsNullOrWhiteSpace(_dialog.Note))
        {
            _dialogErrors["Note"] = L["Error.ReturnNote"].Value;
            return;
        }

        _busy = true;
        var outcome = Problems.Read(await Release.ReviewAsync(Id, IfMatch, new ReviewRequest(_approve, Blank(_dialog.Note)), CancellationToken.None), L, WarningsUi.FieldName);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _dialogErrors = outcome.FieldErrors;
            _dialogError = outcome.Problem;
            return;
        }

        _reviewOpen = false;
        await AfterAsync(outcome, _approve ? "Done.Approved" : "Done.Returned");
    }

    private void OpenSignOff()
    {
        (_sendSms, _sendEmail, _sendWebhook, _dialogError) = (true, true, true, null);
        _signOffOpen = true;
    }

    /// <summary>The channels ticked in the sign-off dialog (渠道选择): only these get deliveries.</summary>
    private List<Dissemination.WarningChannel> ChosenChannels =>
    [
        .. _sendSms ? [Dissemination.WarningChannel.Sms] : Array.Empty<Dissemination.WarningChannel>(),
        .. _sendEmail ? [Dissemination.WarningChannel.Email] : Array.Empty<Dissemination.WarningChannel>(),
        .. _sendWebhook ? [Dissemination.WarningChannel.Webhook] : Array.Empty<Dissemination.WarningChannel>(),
    ];

    private RenderFragment RecorderTag(string channel) => builder =>
    {
        if (RecorderChannels.Contains(channel))
        {
            builder.OpenComponent<Tag>(0);
            builder.AddAttribute(1, "Style", "margin-left: 6px");
            builder.AddAttribute(2, "ChildContent", (RenderFragment)(b => b.AddContent(0, L["Delivery.Recorded"].Value)));
            builder.CloseComponent();
        }
    };

    private async Task SignOffAsync()
    {
        _dialogError = null;
        _busy = true;
        var outcome = Problems.Read(await Release.SignOffAsync(Id, IfMatch, new SignOffRequest(Blank(_dialog.Note), ChosenChannels), CancellationToken.None), L, WarningsUi.FieldName);
        _busy = false;
        if (!outcome.Succeeded)
        {
            // The server decides who signs off; its refusal is shown in the dialog, as it said it.
            _dialogError = outcome.Problem ?? string.Join("；", outcome.FieldErrors.Values);
            return;
        }

        _signOffOpen = false;
        await AfterAsync(outcome, "Done.SignedOff");
    }

    private void OpenChange(WarningChange change)
    {
        if (_w is null)
        {
            return;
        }

        _change = change;
        _dialogErrors = [];
        _dialogError = null;
        _dialog.Level = change is WarningChange.Upgrade or WarningChange.Downgrade ? null : Enum.Parse<WarningLevel>(_w.Level);
        _dialog.ExpiresAt = WarningsUi.ToPicker(change == WarningChange.Extend ? _w.ExpiresAt.AddHours(12) : _w.ExpiresAt, Beijing.Zone);
        (_dialog.Headline, _dialog.Description, _dialog.Instruction) = (_w.Headline, _w.Description, _w.Instruction);
        _changeOpen = true;
    }

    /// <summary>A change of level usually changes the colour named in the texts too: rename it where the old one was written.</summary>
    private void RetitleForLevel(WarningLevel? level)
    {
        if (_w is null || level is not { } l)
        {
            return;
        }

        var was = Warning.LevelName(Enum.Parse<WarningLevel>(_w.Level));
        var now = Warning.LevelName(l);
        _dialog.Headline = _dialog.Headline.Replace(was, now, StringComparison.Ordinal);
        _dialog.Description = _dialog.Description.Replace(was, now, StringComparison.Ordinal);
    }

    private async Task ChangeAsync()
    {
        if (_w is null || _change is not { } change)
        {
            return;
        }

        _dialogError = null;
        _dialogErrors = [];
        WarningDraftRequest? content = null;
        if (change != WarningChange.Cancel)
        {
            if (_dialog.Level is null)
            {
                _dialogErrors["Level"] = L["Validation.Required"].Value;
                return;
            }

            var w = _w;
            content = new WarningDraftRequest(
                w.EventCode, _dialog.Level, Enum.Parse<WarningStatus>(w.Status), w.Urgency, w.Certainty, w.EffectiveAt, w.OnsetAt,
                WarningsUi.ToUtc(_dialog.ExpiresAt, Beijing.Zone), _dialog.Headline, _dialog.Description, _dialog.Instruction,
                w.HeadlineEn, w.DescriptionEn, w.InstructionEn, w.Contact, w.Web,
                [.. w.Areas.Select(a => new WarningAreaRequest(a.Description, a.DivisionCode, a.Polygon, a.Circle))]);
            _dialogErrors = WarningsUi.Validate(content, L);
            if (_dialogErrors.Count > 0)
            {
                return;
            }
        }

        _busy = true;
        var outcome = Problems.Read(await Release.ChangeAsync(Id, new ChangeRequest(change, content), CancellationToken.None), L, WarningsUi.FieldName);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _dialogErrors = outcome.FieldErrors;
            _dialogError = outcome.Problem ?? (outcome.FieldErrors.Count > 0 ? L["Error.CheckFields"].Value : null);
            return;
        }

        _changeOpen = false;
        if (outcome.ValueAs<WarningView>() is { } draft)
        {
            Navigation.NavigateTo($"warnings/{draft.Id}");
        }
    }

    private void OpenRepublish()
    {
        _dialogError = null;
        _republishOpen = true;
    }

    /// <summary>转发发布: a draft of our own with the received warning's content; it goes through review and sign-off, and opens at once.</summary>
    private async Task RepublishAsync()
    {
        _dialogError = null;
        _busy = true;
        var outcome = Problems.Read(await Release.RepublishAsync(Id, CancellationToken.None), L, WarningsUi.FieldName);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _dialogError = outcome.Problem ?? string.Join("；", outcome.FieldErrors.Values);
            return;
        }

        _republishOpen = false;
        _republished = outcome.ValueAs<WarningView>();
    }

    private async Task AfterAsync(PageOutcome outcome, string doneKey)
    {
        _notice = outcome.Succeeded
            ? (AlertType.Success, L[doneKey].Value)
            : (AlertType.Error, outcome.Problem ?? string.Join("；", outcome.FieldErrors.Values));
        await LoadAsync();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed class DialogForm
    {
        public string Note { get; set; } = "";

        public WarningLevel? Level { get; set; }

        public DateTime? ExpiresAt { get; set; }

        public string Headline { get; set; } = "";

        public string Description { get; set; } = "";

        public string Instruction { get; set; } = "";
    }
}
