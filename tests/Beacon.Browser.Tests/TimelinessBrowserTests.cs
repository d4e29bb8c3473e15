using System.Globalization;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Time;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13: the prefecture's duty officer opens 报送及时率 from the menu, sees this month's rows and bars per unit of
/// its scope (本月 by default), changes to 上月 and to a range of its own (a reversed one is refused with the reason),
/// and downloads the Excel of the same period, whose rows match the table.
/// </summary>
public sealed class TimelinessBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Kundulun = "昆都仑区及时率测试大队";
    private const string Qingshan = "青山区及时率测试大队";

    [Fact]
    public async Task A_prefecture_duty_officer_changes_the_period_sees_rows_and_bars_per_unit_and_downloads_the_same_rows_as_excel()
    {
        var period = await InsertAsync();
        var duty = await browser.SignInAsync("duty.150200");
        await BrowserFixture.ReadyAsync(duty);
        await duty.GetByRole(AriaRole.Menuitem).GetByRole(AriaRole.Link, new() { Name = "报送及时率" }).ClickAsync();
        await Expect(duty.GetByTestId("timeliness-title")).ToHaveTextAsync("报送及时率统计");
        await BrowserFixture.ReadyAsync(duty);

        // 本月 by default: Kundulun's test unit 3 of 4 first reports on time (one late), 1 of 2 follow-ups (one still open); Qingshan's 0 of 1.
        await Expect(duty.GetByTestId("timeliness-range")).ToContainTextAsync(Iso(period.MonthStart));
        var kundulun = Row(duty, Kundulun);
        await ExpectCountsAsync(kundulun, "first", "4", "3", "1", "0", "75%");
        await ExpectCountsAsync(kundulun, "followup", "2", "1", "0", "1", "50%");
        await Expect(kundulun.GetByTestId("timeliness-verification-rate")).ToHaveTextAsync("—");
        await ExpectCountsAsync(Row(duty, Qingshan), "first", "1", "0", "0", "1", "0%");
        var bars = duty.Locator($"[data-testid=timeliness-chart-unit][data-unit='{Kundulun}']");
        await Expect(bars.Locator("[data-testid=timeliness-bar][data-kind=first]")).ToHaveAttributeAsync("data-rate", "75%");
        await Expect(bars.Locator("[data-testid=timeliness-bar][data-kind=followup]")).ToHaveAttributeAsync("data-rate", "50%");
        await Expect(bars).ToContainTextAsync("75%");
        await Expect(bars).ToContainTextAsync("无应报");
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("timeliness-this-month"), FullPage = true });

        // 上月: only Kundulun's two first reports, both on time.
        await duty.GetByTestId("timeliness-preset").GetByText("上月", new() { Exact = true }).ClickAsync();
        await Expect(duty.GetByTestId("timeliness-range")).ToContainTextAsync(Iso(period.MonthStart.AddMonths(-1)));
        await ExpectCountsAsync(Row(duty, Kundulun), "first", "2", "2", "0", "0", "100%");
        await Expect(Row(duty, Qingshan)).ToHaveCountAsync(0);

        // Its own dates: a reversed range is refused with the reason; from the first of last month to today holds both.
        await duty.GetByTestId("timeliness-to").FillAsync(Iso(period.MonthStart.AddMonths(-1).AddDays(-1)));
        await Expect(duty.GetByTestId("timeliness-error")).ToContainTextAsync("结束日期须晚于开始日期");
        await duty.GetByTestId("timeliness-to").FillAsync(Iso(period.Today));
        await Expect(duty.GetByTestId("timeliness-error")).ToHaveCountAsync(0);
        await Expect(duty.GetByTestId("timeliness-preset").Locator(".ant-radio-button-wrapper-checked")).ToHaveTextAsync("自定义");
        await ExpectCountsAsync(Row(duty, Kundulun), "first", "6", "5", "1", "0", "83.3%");
        await ExpectCountsAsync(Row(duty, Qingshan), "first", "1", "0", "0", "1", "0%");

        // The Excel of the same period: one row per row of the table, with the same figures.
        var download = await duty.RunAndWaitForDownloadAsync(() => duty.GetByTestId("timeliness-export").ClickAsync());
        var exported = MiniExcel.Query(await download.PathAsync(), useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        var shown = await duty.Locator("[data-testid=timeliness-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.unit)");
        Assert.Equal(shown, exported.Select(r => (string?)r["单位"]));
        var excelKundulun = Assert.Single(exported, r => (string?)r["单位"] == Kundulun);
        Assert.Equal(6, Convert.ToInt32(excelKundulun["首报应报"], CultureInfo.InvariantCulture));
        Assert.Equal(5, Convert.ToInt32(excelKundulun["首报按时"], CultureInfo.InvariantCulture));
        Assert.Equal(83.3, Convert.ToDouble(excelKundulun["首报及时率（%）"], CultureInfo.InvariantCulture));
        Assert.Equal(1, Convert.ToInt32(excelKundulun["续报逾期未报"], CultureInfo.InvariantCulture));
        var excelQingshan = Assert.Single(exported, r => (string?)r["单位"] == Qingshan);
        Assert.Equal(1, Convert.ToInt32(excelQingshan["首报逾期未报"], CultureInfo.InvariantCulture));
        foreach (var unit in shown)
        {
            var row = Row(duty, unit);
            var excel = exported.Single(r => (string?)r["单位"] == unit);
            await Expect(row.GetByTestId("timeliness-first-due")).ToHaveTextAsync(Convert.ToString(excel["首报应报"], CultureInfo.InvariantCulture)!);
            await Expect(row.GetByTestId("timeliness-followup-due")).ToHaveTextAsync(Convert.ToString(excel["续报应报"], CultureInfo.InvariantCulture)!);
            await Expect(row.GetByTestId("timeliness-verification-due")).ToHaveTextAsync(Convert.ToString(excel["核报应答"], CultureInfo.InvariantCulture)!);
        }
    }

    private static ILocator Row(IPage page, string unit) => page.Locator($"[data-testid=timeliness-row][data-unit='{unit}']");

    private static async Task ExpectCountsAsync(ILocator row, string kind, string due, string onTime, string late, string open, string rate)
    {
        await Expect(row.GetByTestId($"timeliness-{kind}-due")).ToHaveTextAsync(due);
        await Expect(row.GetByTestId($"timeliness-{kind}-ontime")).ToHaveTextAsync(onTime);
        await Expect(row.GetByTestId($"timeliness-{kind}-late")).ToHaveTextAsync(late);
        await Expect(row.GetByTestId($"timeliness-{kind}-open")).ToHaveTextAsync(open);
        await Expect(row.GetByTestId($"timeliness-{kind}-rate")).ToHaveTextAsync(rate);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Period(DateOnly Today, DateOnly MonthStart);

    /// <summary>
    /// Two units of the prefecture's counties with deadlines straight in the database: this month (between the first of
    /// the Beijing month and now) and last month.
    /// </summary>
    private async Task<Period> InsertAsync()
    {
        var beacon = browser.Beacon;
        var beijing = beacon.Services.GetRequiredService<BeijingTime>();
        var now = beacon.Clock.GetUtcNow();
        var local = beijing.ToLocal(now);
        var today = DateOnly.FromDateTime(local.DateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var thisMonth = new DateTimeOffset(monthStart.ToDateTime(TimeOnly.MinValue), local.Offset).ToUniversalTime();
        var lastMonth = new DateTimeOffset(monthStart.AddMonths(-1).ToDateTime(TimeOnly.MinValue), local.Offset).ToUniversalTime();
        var inThisMonth = thisMonth + ((now - thisMonth) / 2);

        await using var db = beacon.Db();
        var eventType = await db.Set<EventType>().OrderBy(t => t.Code).Select(t => t.Code).FirstAsync();
        var units = new Dictionary<string, Unit>();
        foreach (var (name, code) in new[] { (Kundulun, "150203"), (Qingshan, "150204") })
        {
            var jurisdiction = await db.Jurisdictions.SingleAsync(j => j.Code == code);
            units[name] = new Unit { JurisdictionId = jurisdiction.Id, Name = name, Kind = UnitKind.LineDepartment, CreatedAt = now };
            db.Units.Add(units[name]);
        }

        var n = 0;
        void Owe(string unitName, ReportKind kind, DateTimeOffset due, TimeSpan? metAfter)
        {
            var unit = units[unitName];
            var incident = new Incident
            {
                Number = "150200-2097-" + (++n).ToString("D5", CultureInfo.InvariantCulture),
                OriginUnitId = unit.Id,
                OriginJurisdictionId = unit.JurisdictionId,
                LocationJurisdictionId = unit.JurisdictionId,
                Title = $"及时率测试事件 {n}",
                EventTypeCode = eventType,
                Severity = Severity.IV,
                OccurredAt = due.AddHours(-2),
                LearnedAt = due.AddHours(-1),
                CreatedAt = due.AddHours(-1),
                Narrative = "及时率测试",
                ReportCount = 1,
            };
            db.Set<Incident>().Add(incident);
            db.Set<ReportingObligation>().Add(new ReportingObligation
            {
                IncidentId = incident.Id,
                UnitId = unit.Id,
                JurisdictionId = unit.JurisdictionId,
                RuleId = Guid.CreateVersion7(),
                RuleName = "及时率测试规则",
                Channel = ReportChannel.Written,
                Kind = kind,
                Sequence = kind == ReportKind.First ? 1 : 2,
                ReportTo = "包头市",
                StartsAt = incident.LearnedAt,
                DueAt = due,
                MetAt = metAfter is { } after ? due + after : null,
            });
        }

        var early = TimeSpan.FromMinutes(-10);
        Owe(Kundulun, ReportKind.First, inThisMonth, early);
        Owe(Kundulun, ReportKind.First, inThisMonth, early);
        Owe(Kundulun, ReportKind.First, inThisMonth, TimeSpan.Zero);
        Owe(Kundulun, ReportKind.First, inThisMonth, TimeSpan.FromMinutes(25));
        Owe(Kundulun, ReportKind.FollowUp, inThisMonth, early);
        Owe(Kundulun, ReportKind.FollowUp, inThisMonth, null);
        Owe(Qingshan, ReportKind.First, inThisMonth, null);
        Owe(Kundulun, ReportKind.First, lastMonth.AddDays(3), early);
        Owe(Kundulun, ReportKind.First, lastMonth.AddDays(3), early);
        await db.SaveChangesAsync();
        return new Period(today, monthStart);
    }
}
