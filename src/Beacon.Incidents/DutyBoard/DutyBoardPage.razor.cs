using AntDesign;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Deadlines.ListObligations;
using Beacon.Incidents.Escalation.Inbox;
using Beacon.Incidents.Escalation.SignForReceipt;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Localization;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Beacon.Incidents.DutyBoard;

/// <summary>
/// The live duty board (值班台): reports awaiting signature (待签收) with sign and forward, the reporting clocks
/// (报告时限) ticking down, open incidents (在办事件) and today's counters (接报 / 上报 / 在办 / 完结). Reloads
/// when an incident event is raised and every 30 seconds; a new report awaiting signature is highlighted and beeps.
/// </summary>
public partial class DutyBoardPage : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private const int TicksPerReload = 6;

    private readonly HashSet<Guid> _fresh = [];
    private readonly ForwardForm _forwardForm = new();
    private HashSet<Guid>? _known;
    private List<InboxItem> _inbox = [];
    private List<BoardObligation> _obligations = [];
    private List<IncidentSummary> _open = [];
    private DutyCounters _counters = new(0, 0, 0, 0, 0, 0);
    private DataScope _scope = DataScope.Nothing;
    private Dictionary<string, string> _forwardErrors = [];
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _now;
    private bool _loading = true;
    private bool _saving;
    private bool _reloadQueued;
    private bool _disposed;
    private int _ticks;
    private int _revision;
    private Guid? _signing;
    private InboxItem? _forwarding;
    private string? _forwardError;
    private string? _arrival;
    private (AlertType Type, string Text)? _notice;
    private ITimer? _timer;
    private IJSObjectReference? _module;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private IncidentLookups Lookups { get; set; } = default!;

    [Inject]
    private InboxHandler Inbox { get; set; } = default!;

    [Inject]
    private ListObligationsHandler Obligations { get; set; } = default!;

    [Inject]
    private GetIncidentHandler IncidentsQuery { get; set; } = default!;

    [Inject]
    private EscalationHandler Escalation { get; set; } = default!;

    [Inject]
    private IncidentEvents Events { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private IOptions<IncidentsOptions> Options { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    private int OverdueCount => _obligations.Count(o => StatusNow(o.Obligation) == ObligationStatus.Overdue);

    protected override async Task OnInitializedAsync()
    {
        _now = Clock.GetUtcNow();
        _scope = await Scopes.GetAsync();
        Events.Raised += OnIncidentEvent;
        await LoadAsync();
        _timer = Clock.CreateTimer(_ => OnTick(), null, Tick, Tick);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./_content/Beacon.Incidents/duty-board.js");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        Events.Raised -= OnIncidentEvent;
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; the browser dropped the module with it.
            }
        }

        GC.SuppressFinalize(this);
    }

    private async Task LoadAsync()
    {
        var startOfToday = Beijing.ToUtc(Beijing.Now.Date);
        var inbox = await Inbox.HandleAsync(pendingOnly: true, CancellationToken.None);
        _obligations = await Obligations.HandleAsync(includeMet: false, CancellationToken.None);
        _open = await IncidentsQuery.ListAllAsync(IncidentStatus.Open, null, null, DrillFilter.Include, CancellationToken.None);
        _counters = await Lookups.CountersAsync(startOfToday, CancellationToken.None);
        _revision++;

        var ids = inbox.Select(i => i.SubmissionId).ToHashSet();
        _fresh.IntersectWith(ids);
        var arrived = _known is null ? [] : inbox.Where(i => !_known.Contains(i.SubmissionId)).ToList();
        _known = ids;
        _inbox = inbox;
        _loadedAt = Clock.GetUtcNow();
        _now = _loadedAt;
        _loading = false;
        if (arrived.Count > 0)
        {
            _fresh.UnionWith(arrived.Select(a => a.SubmissionId));
            _arrival = arrived.Count == 1
                ? L["Duty.Arrival.One", arrived[0].FromUnit, arrived[0].Number, arrived[0].Title].Value
                : L["Duty.Arrival.Many", arrived.Count].Value;
            await BeepAsync();
        }
    }

    private void OnIncidentEvent(IncidentEvent e)
    {
        // Only events of this board's scope or sent to its duty room matter; the reload itself is scope-filtered anyway.
        // An alert matters only to the duty rooms alerted.
        var addressed = Scopes.Actor.UnitId is { } unit && e.ToUnitIds.Contains(unit);
        if (_disposed || !(addressed || (!e.IsAlert && _scope.Contains(e.OriginJurisdictionId))))
        {
            return;
        }

        QueueReload();
    }

    private void OnTick()
    {
        if (_disposed)
        {
            return;
        }

        if (++_ticks % TicksPerReload == 0)
        {
            QueueReload();
            return;
        }

        _ = InvokeAsync(() =>
        {
            _now = Clock.GetUtcNow();
            StateHasChanged();
        });
    }

    /// <summary>Coalesces a burst of events into one reload on the circuit's dispatcher (events come from other threads).</summary>
    private void QueueReload()
    {
        if (_reloadQueued)
        {
            return;
        }

        _reloadQueued = true;
        _ = InvokeAsync(async () =>
        {
            await Task.Delay(200);
            _reloadQueued = false;
            if (_disposed)
            {
                return;
            }

            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task BeepAsync()
    {
        if (_module is null)
        {
            return;
        }

        try
        {
            await _module.InvokeAsync<bool>("beep");
        }
        catch (JSException)
        {
            // No sound is no reason to lose the board; the banner and highlight remain.
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task UnlockAudioAsync()
    {
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("unlock");
        }
    }

    private async Task SignAsync(InboxItem item)
    {
        _signing = item.SubmissionId;
        var outcome = Problems.Read(await Escalation.SignAsync(item.IncidentId, new SignRequest(null), CancellationToken.None), L);
        _signing = null;
        _notice = outcome.Succeeded
            ? (AlertType.Success, L["Sign.Done", item.Number].Value)
            : (AlertType.Error, outcome.Problem ?? L["Error.Status", 400].Value);
        await LoadAsync();
    }

    private void OpenForward(InboxItem item)
    {
        _forwarding = item;
        _forwardForm.Assessment = "";
        _forwardErrors = [];
        _forwardError = null;
    }

    private async Task ForwardAsync()
    {
        if (_forwarding is not { } item)
        {
            return;
        }

        var request = new ForwardRequest(_forwardForm.Assessment);
        _forwardErrors = IncidentsUi.Validate(request, L);
        if (_forwardErrors.Count > 0)
        {
            return;
        }

        _saving = true;
        var outcome = Problems.Read(await Escalation.ForwardAsync(item.IncidentId, request, CancellationToken.None), L);
        _saving = false;
        if (!outcome.Succeeded)
        {
            _forwardErrors = outcome.FieldErrors;
            _forwardError = outcome.Problem;
            return;
        }

        _forwarding = null;
        _notice = (AlertType.Success, L["Forward.Done", item.Number].Value);
        await LoadAsync();
    }

    private ObligationStatus StatusNow(ObligationView o) => IncidentsUi.StatusAt(o, _now, Options.Value.DueSoon);

    private static string CountdownClass(ObligationStatus status) => status switch
    {
        ObligationStatus.Overdue => "duty-obligation-overdue",
        ObligationStatus.DueSoon => "duty-obligation-duesoon",
        _ => "",
    };

    private string ObligationKind(ObligationView o) => o.Kind switch
    {
        ReportKind.First => L["ReportKind.First"].Value,
        ReportKind.Final => L["ReportKind.Final"].Value,
        _ => L["ReportKind.FollowUpN", IncidentReport.ChineseNumber(o.Sequence - 1), o.Sequence - 1].Value,
    };

    private sealed class ForwardForm
    {
        public string Assessment { get; set; } = "";
    }
}
