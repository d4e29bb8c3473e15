using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Platform.Workbench;

/// <summary>
/// The workbench (工作台): asks every <see cref="IWorkItemSource"/> what awaits the person signed in, groups the items by
/// kind (the group with the lowest priority for this person first, the most urgent items first within a group), and
/// shows the modules' <see cref="WorkbenchPanel"/>s beside them. Reloads when <see cref="WorkbenchSignal"/> reports a
/// change the person may see, and every minute; countdowns tick every ten seconds.
/// </summary>
public partial class WorkbenchBoard : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);
    private const int TicksPerReload = 6;

    private IReadOnlyList<WorkItemGroup> _groups = [];
    private List<WorkbenchPanel> _panels = [];
    private WorkbenchViewer? _viewer;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _now;
    private ITimer? _timer;
    private bool _failed;
    private bool _reloadQueued;
    private bool _disposed;
    private int _ticks;
    private int _revision;

    [Inject]
    private WorkbenchHandler Workbench { get; set; } = default!;

    [Inject]
    private IEnumerable<WorkbenchPanel> Panels { get; set; } = default!;

    [Inject]
    private WorkbenchSignal Signal { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<WorkbenchResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _panels = [.. Panels.OrderBy(p => p.Order)];
        _viewer = await Workbench.ViewerAsync(CancellationToken.None);
        Signal.Changed += OnChanged;
        await LoadAsync();
        _timer = Clock.CreateTimer(_ => OnTick(), null, Tick, Tick);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        Signal.Changed -= OnChanged;
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task LoadAsync()
    {
        var view = await Workbench.HandleAsync(CancellationToken.None);
        _failed = view.Incomplete;
        _groups = view.Groups;
        _loadedAt = Clock.GetUtcNow();
        _now = _loadedAt;
        _revision++;
    }

    private Dictionary<string, object?> PanelParameters(WorkbenchPanel panel) =>
        panel.Component.GetProperty("Revision") is { } p && p.IsDefined(typeof(ParameterAttribute), true)
            ? new() { ["Revision"] = _revision }
            : [];

    /// <summary>The item's urgency as the countdown moves: an item due soon becomes overdue without a reload.</summary>
    private WorkItemUrgency UrgencyNow(WorkItem item) =>
        item.DueAt is { } due && due <= _now ? WorkItemUrgency.Overdue : item.Urgency;

    private string Span(TimeSpan span)
    {
        var minutes = Math.Max(0, (int)Math.Floor(span.TotalMinutes));
        return minutes < 60 ? L["Workbench.Minutes", minutes]
            : minutes < 24 * 60 ? L["Workbench.HoursMinutes", minutes / 60, minutes % 60]
            : L["Workbench.Days", minutes / (24 * 60), minutes / 60 % 24];
    }

    private void OnChanged(WorkbenchChange change)
    {
        if (_disposed || _viewer is null || !change.Concerns(_viewer))
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

    /// <summary>Coalesces a burst of signals into one reload on the circuit's dispatcher (signals come from other threads).</summary>
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
}
