using AntDesign;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Localization;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Platform.Accounts;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Verification;

/// <summary>
/// The verification page (核报, 值班 → 核报): the requests the duty room sent and those sent to it or to units in its
/// scope, open ones first by deadline (overdue highlighted); the form to ask a unit below to verify a clue (optionally
/// about an existing incident); for the asked unit, the answer, "转为接报" (a first report prefilled from the clue) and,
/// for both ends, "关联事件" (link an existing incident).
/// </summary>
public partial class VerificationPage
{
    private readonly AskForm _ask = new();
    private readonly AnswerForm _answer = new();
    private readonly LinkForm _link = new();
    private List<VerificationView> _items = [];
    private List<UnitChoice> _units = [];
    private List<IncidentChoice> _incidents = [];
    private PeopleNames _people = PeopleNames.None;
    private Dictionary<string, string> _errors = [];
    private bool _openOnly = true;
    private bool _loading = true;
    private bool _busy;
    private bool _askOpen;
    private VerificationView? _answering;
    private VerificationView? _linking;
    private string? _error;
    private (AlertType Type, string Text)? _notice;

    [Inject]
    private VerificationHandler Verification { get; set; } = default!;

    [Inject]
    private IncidentLookups Lookups { get; set; } = default!;

    [Inject]
    private GetIncidentHandler IncidentsQuery { get; set; } = default!;

    [Inject]
    private People People { get; set; } = default!;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private PermissionCheck Can { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    /// <summary>Open requests first, the nearest deadline first; then answered ones, the latest answer first.</summary>
    private List<VerificationView> Shown =>
    [
        .. _items.Where(v => v.AnsweredAt is null).OrderBy(v => v.DueAt),
        .. _items.Where(v => !_openOnly && v.AnsweredAt is not null).OrderByDescending(v => v.AnsweredAt),
    ];

    private int OverdueCount => _items.Count(v => v.AnsweredAt is null && v.Status == ObligationStatus.Overdue);

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (Can.Allows(IncidentPermissions.RequestVerification))
        {
            _units = await Lookups.UnitsBelowAsync(CancellationToken.None);
        }

        var incidents = await IncidentsQuery.ListAllAsync(null, null, null, DrillFilter.Exclude, CancellationToken.None);
        _incidents = [.. incidents.OrderByDescending(i => i.LearnedAt).Take(500).Select(i => new IncidentChoice(i.Id, $"{i.Number} {i.Title}"))];
    }

    private async Task LoadAsync()
    {
        _items = [.. (await Verification.ListAsync(new PageRequest(1, Paging.MaxPageSize), CancellationToken.None)).Items];
        _people = await People.ResolveAsync(_items.SelectMany(v => new[] { v.RequestedBy, v.AnsweredBy }), CancellationToken.None);
        _loading = false;
    }

    private string IncidentLabel(Guid id) => _incidents.FirstOrDefault(i => i.Id == id)?.Label ?? L["Verify.IncidentOpen"].Value;

    private void OpenAsk()
    {
        _ask.ToUnitId = null;
        _ask.Clue = "";
        _ask.Source = null;
        _ask.DueMinutes = null;
        _ask.IncidentId = null;
        _errors = [];
        _error = null;
        _askOpen = true;
    }

    private async Task AskAsync()
    {
        var request = new RequestVerificationRequest(_ask.ToUnitId, _ask.Clue, string.IsNullOrWhiteSpace(_ask.Source) ? null : _ask.Source, _ask.DueMinutes, _ask.IncidentId);
        if (await SaveAsync(request, () => Verification.RequestAsync(request, CancellationToken.None)))
        {
            _askOpen = false;
            _notice = (AlertType.Success, L["Verify.AskDone"].Value);
        }
    }

    private void OpenAnswer(VerificationView v)
    {
        _answer.Result = null;
        _answer.Text = "";
        _errors = [];
        _error = null;
        _answering = v;
    }

    private async Task AnswerAsync()
    {
        if (_answering is not { } v)
        {
            return;
        }

        var request = new AnswerVerificationRequest(_answer.Result, _answer.Text);
        if (await SaveAsync(request, () => Verification.AnswerAsync(v.Id, request, CancellationToken.None)))
        {
            _answering = null;
            _notice = (AlertType.Success, L["Verify.AnswerDone"].Value);
        }
    }

    private void OpenLink(VerificationView v)
    {
        _link.IncidentId = v.IncidentId;
        _errors = [];
        _error = null;
        _linking = v;
    }

    private async Task LinkAsync()
    {
        if (_linking is not { } v)
        {
            return;
        }

        var request = new LinkVerificationRequest(_link.IncidentId);
        if (await SaveAsync(request, () => Verification.LinkAsync(v.Id, request, CancellationToken.None)))
        {
            _linking = null;
            _notice = (AlertType.Success, L["Verify.LinkDone"].Value);
        }
    }

    private async Task<bool> SaveAsync(object request, Func<Task<Microsoft.AspNetCore.Http.IResult>> save)
    {
        _error = null;
        _errors = IncidentsUi.Validate(request, L);
        if (_errors.Count > 0)
        {
            return false;
        }

        _busy = true;
        try
        {
            var outcome = Problems.Read(await save(), L);
            if (!outcome.Succeeded)
            {
                _errors = outcome.FieldErrors;
                _error = outcome.Problem ?? L["Error.CheckFields"].Value;
                return false;
            }
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync();
        return true;
    }

    private sealed class AskForm
    {
        public Guid? ToUnitId { get; set; }

        public string Clue { get; set; } = "";

        public string? Source { get; set; }

        public int? DueMinutes { get; set; }

        public Guid? IncidentId { get; set; }
    }

    private sealed class AnswerForm
    {
        public VerificationResult? Result { get; set; }

        public string Text { get; set; } = "";
    }

    private sealed class LinkForm
    {
        public Guid? IncidentId { get; set; }
    }
}

/// <summary>An incident offered in a picker: its number and title.</summary>
public sealed record IncidentChoice(Guid Id, string Label);
