using System.Globalization;
using Beacon.Incidents.Documents;
using Beacon.Incidents.Localization;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Statistics;

/// <summary>
/// 报送及时率统计 (值班 → 报送及时率): the duty room picks a period of Beijing dates (本月 by default; 上月, 本季度, 本年 or
/// its own dates) and sees, per unit in its scope, 首报、续报 and 核报 due, on time, late and open with the rates, as a
/// table and as horizontal bars; 导出Excel downloads the same period. Read through the handler the API uses, so the
/// page, <c>GET /statistics/timeliness</c> and its Excel agree and refuse the same periods.
/// </summary>
public partial class TimelinessPage
{
    private const double ChartWidth = 960;
    private const double LabelWidth = 240;
    private const double BarSpan = 620;
    private const double BarHeight = 16;
    private const double BarGap = 3;
    private const double Top = 34;
    private const double RowHeight = (3 * BarHeight) + (2 * BarGap) + 16;

    private static readonly string[] Presets = ["ThisMonth", "LastMonth", "ThisQuarter", "ThisYear", "Custom"];
    private static readonly string[] Kinds = ["first", "followup", "verification"];

    private List<TimelinessRow>? _rows;
    private string _preset = "ThisMonth";
    private DateOnly _from;
    private DateOnly _to;
    private DateTimeOffset _asOf;
    private string? _error;

    [Inject]
    private ExportsHandler Exports { get; set; } = default!;

    [Inject]
    private Platform.Permissions.PermissionCheck Can { get; set; } = default!;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    /// <summary>The Excel of the same period (the API's <c>from</c> and <c>to</c>, Beijing midnights).</summary>
    private string ExportUrl => $"api/v1/statistics/timeliness.xlsx?from={Uri.EscapeDataString(Start.ToString("O", CultureInfo.InvariantCulture))}"
        + $"&to={Uri.EscapeDataString(End.ToString("O", CultureInfo.InvariantCulture))}";

    /// <summary>The first Beijing day of the period at 00:00 Beijing time.</summary>
    private DateTimeOffset Start => new(_from.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The day after the last Beijing day of the period at 00:00 Beijing time.</summary>
    private DateTimeOffset End => new(_to.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset);

    private TimeSpan Offset => Beijing.Now.Offset;

    private DateOnly Today => DateOnly.FromDateTime(Beijing.Now.DateTime);

    protected override Task OnInitializedAsync()
    {
        if (!Can.Allows(IncidentPermissions.ViewTimeliness))
        {
            return Task.CompletedTask;
        }

        (_from, _to) = PeriodOf(_preset, Today);
        return LoadAsync();
    }

    /// <summary>The Beijing dates of a preset: 本月, 上月, 本季度, 本年 (whole months, quarter, year).</summary>
    internal static (DateOnly From, DateOnly To) PeriodOf(string preset, DateOnly today)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        var quarter = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return preset switch
        {
            "LastMonth" => (month.AddMonths(-1), month.AddDays(-1)),
            "ThisQuarter" => (quarter, quarter.AddMonths(3).AddDays(-1)),
            "ThisYear" => (new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31)),
            _ => (month, month.AddMonths(1).AddDays(-1)),
        };
    }

    private async Task PresetAsync(string preset)
    {
        _preset = preset;
        if (preset != "Custom")
        {
            (_from, _to) = PeriodOf(preset, Today);
        }

        await LoadAsync();
    }

    private Task FromChangedAsync(ChangeEventArgs e) => DateChangedAsync(e, d => _from = d);

    private Task ToChangedAsync(ChangeEventArgs e) => DateChangedAsync(e, d => _to = d);

    private async Task DateChangedAsync(ChangeEventArgs e, Action<DateOnly> set)
    {
        if (!DateOnly.TryParseExact(e.Value as string, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return;
        }

        set(date);
        _preset = "Custom";
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _asOf = Clock.GetUtcNow();
        var outcome = Problems.Read(await Exports.TimelinessAnswerAsync(Start, End, CancellationToken.None), L);
        if (outcome.Succeeded)
        {
            _rows = outcome.ValueAs<List<TimelinessRow>>() ?? [];
            _error = null;
        }
        else
        {
            _rows = null;
            _error = outcome.Problem ?? string.Join("；", outcome.FieldErrors.Values);
        }
    }

    private static IEnumerable<(string Kind, int Due, int OnTime)> Totals(List<TimelinessRow> rows) =>
        Kinds.Select(kind => (kind, rows.Sum(r => Counts(r, kind).Due), rows.Sum(r => Counts(r, kind).OnTime)));

    private static (int Due, int OnTime, int Late, int Open) Counts(TimelinessRow r, string kind) => kind switch
    {
        "first" => (r.FirstDue, r.FirstOnTime, r.FirstLate, r.FirstOpen),
        "followup" => (r.FollowUpDue, r.FollowUpOnTime, r.FollowUpLate, r.FollowUpOpen),
        _ => (r.VerificationDue, r.VerificationOnTime, r.VerificationLate, r.VerificationOpen),
    };

    private static double? Rate(TimelinessRow r, string kind) => kind switch
    {
        "first" => r.FirstRate,
        "followup" => r.FollowUpRate,
        _ => r.VerificationRate,
    };

    /// <summary>Colours that read on a wall screen: strong blue, orange and green, distinct for the colour-blind by order and label too.</summary>
    private static string Colour(string kind) => kind switch
    {
        "first" => "#0958d9",
        "followup" => "#d46b08",
        _ => "#389e0d",
    };

    private static string RateClass(double? rate) => rate switch
    {
        null => "timeliness-rate-none",
        >= 95 => "timeliness-rate-good",
        >= 80 => "timeliness-rate-fair",
        _ => "timeliness-rate-poor",
    };

    private static string RateText(double? rate) => rate is { } r ? r.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "";

    private static double ChartHeight(int units) => Top + (units * RowHeight) + 24;

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
