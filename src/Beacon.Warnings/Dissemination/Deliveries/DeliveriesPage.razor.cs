using AntDesign;
using AntDesign.TableModels;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Beacon.Warnings.ListWarnings;
using Beacon.Warnings.Localization;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Warnings.Dissemination.Deliveries;

/// <summary>
/// A warning's deliveries (发布情况): per channel how many are queued, accepted by the far end, confirmed delivered,
/// failed and given up; the failures with their reasons, each with a retry (重发) for those allowed. Channels the
/// recorder carries are labelled 演示记录 (recorded, not sent). Reloads live when <see cref="DeliverySignal"/> says this
/// warning's deliveries changed, through the same scope-checked handler as the first load.
/// </summary>
public partial class DeliveriesPage : IDisposable
{
    private const int PageSize = 20;
    private static readonly string[] Columns = ["Queued", "Retrying", "Sent", "Delivered", "Failed", "GivenUp"];
    private static readonly string[] AllChannels = ["Sms", "Email", "Webhook"];

    private DeliveryReport? _report;
    private WarningView? _warning;
    private IReadOnlyList<DeliveryRow> _failures = [];
    private (AlertType Type, string Text)? _notice;
    private int _pageIndex = 1;
    private bool _loading = true;
    private bool _busy;
    private bool _disposed;
    private int _reloading;
    private int _reloadAgain;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private DeliveryReportHandler Reports { get; set; } = default!;

    [Inject]
    private RetryDeliveriesHandler Retry { get; set; } = default!;

    [Inject]
    private ListWarningsHandler Warnings { get; set; } = default!;

    [Inject]
    private DeliverySignal Signal { get; set; } = default!;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private IStringLocalizer<WarningsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    private IEnumerable<string> Channels =>
        _report is null ? [] : AllChannels.Where(c => _report.Counts.Any(x => x.Channel == c) || _report.RecorderChannels?.Contains(c) == true);

    private int FailureTotal => _report?.Counts.Where(c => c.Status is "Failed" or "GivenUp").Sum(c => c.Count) ?? 0;

    private int Count(string channel, string status) => _report?.Counts.FirstOrDefault(c => c.Channel == channel && c.Status == status)?.Count ?? 0;

    protected override async Task OnParametersSetAsync()
    {
        Signal.Changed -= OnChanged;
        Signal.Changed += OnChanged;
        _warning = await Warnings.GetAsync(Id, CancellationToken.None);
        await LoadAsync();
        _loading = false;
    }

    public void Dispose()
    {
        _disposed = true;
        Signal.Changed -= OnChanged;
        GC.SuppressFinalize(this);
    }

    private async Task LoadAsync()
    {
        _report = _warning is null ? null : await Reports.ReadAsync(Id, new PageRequest(_pageIndex, PageSize), failures: true, CancellationToken.None);
        _failures = _report?.Deliveries ?? [];
    }

    /// <summary>Queues one reload for a change of this warning; changes arriving meanwhile make one more, not one each.</summary>
    private void OnChanged(IReadOnlyCollection<Guid> warningIds)
    {
        if (_disposed || !warningIds.Contains(Id))
        {
            return;
        }

        Interlocked.Exchange(ref _reloadAgain, 1);
        if (Interlocked.CompareExchange(ref _reloading, 1, 0) != 0)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            try
            {
                while (!_disposed && Interlocked.Exchange(ref _reloadAgain, 0) == 1)
                {
                    await LoadAsync();
                    StateHasChanged();
                }
            }
            finally
            {
                Interlocked.Exchange(ref _reloading, 0);
            }
        });
    }

    private async Task OnTableChangeAsync(QueryModel<DeliveryRow> query)
    {
        if (query.PageIndex == _pageIndex)
        {
            return;
        }

        _pageIndex = query.PageIndex;
        await LoadAsync();
    }

    private async Task RetryAsync(long? deliveryId)
    {
        _busy = true;
        var outcome = Problems.Read(await Retry.RetryAsync(Id, new RetryDeliveriesRequest(deliveryId is { } one ? [one] : null), CancellationToken.None), L, WarningsUi.FieldName);
        _busy = false;
        _notice = outcome.Succeeded ? (AlertType.Success, L["Deliveries.Retried"].Value) : (AlertType.Error, outcome.Problem ?? string.Join("；", outcome.FieldErrors.Values));
        await LoadAsync();
    }
}
