using System.Globalization;
using Beacon.Platform.Localization;
using Beacon.Platform.Time;
using Beacon.Warnings.Localization;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Warnings.Statistics;

/// <summary>
/// Warning statistics and trends (预警统计): the warnings issued in a period by colour, kind, Beijing-time month and
/// issuing unit, real ones apart from exercises and tests, and the same as an Excel workbook.
/// </summary>
public partial class WarningStatisticsPage
{
    private WarningStatisticsView? _view;
    private DateOnly _from;
    private DateOnly _to;
    private WarningStatus _status = WarningStatus.Actual;

    [Inject]
    private WarningStatisticsHandler Statistics { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IStringLocalizer<WarningsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    private string ExportUrl => $"api/v1/warnings/statistics.xlsx?from={Uri.EscapeDataString(Start.ToString("O", CultureInfo.InvariantCulture))}"
        + $"&to={Uri.EscapeDataString(End.ToString("O", CultureInfo.InvariantCulture))}&status={_status}";

    /// <summary>The first Beijing day of the period at 00:00 Beijing time.</summary>
    private DateTimeOffset Start => new(_from.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The day after the last Beijing day of the period at 00:00 Beijing time.</summary>
    private DateTimeOffset End => new(_to.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset);

    private TimeSpan Offset => Beijing.ToLocal(Clock.GetUtcNow()).Offset;

    protected override Task OnInitializedAsync()
    {
        var today = DateOnly.FromDateTime(Beijing.ToLocal(Clock.GetUtcNow()).DateTime);
        _to = today;
        _from = new DateOnly(today.Year, 1, 1);
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_from > _to)
        {
            (_from, _to) = (_to, _from);
        }

        _view = await Statistics.GetAsync(Start, End, _status, CancellationToken.None);
    }

    private static int Percent(int count, IReadOnlyList<CountRow> rows) =>
        rows.Count == 0 ? 0 : (int)Math.Round(100.0 * count / Math.Max(1, rows.Max(r => r.Count)));
}
