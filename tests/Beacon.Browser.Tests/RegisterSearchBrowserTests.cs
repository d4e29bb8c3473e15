using System.Globalization;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13: a duty officer works the register (突发事件台账) at 1280 px: searches a word of the reports, filters by
/// level and 仅超时, sees the total, exports exactly those rows, saves the filter and finds it again after a reload,
/// and sees the filtered incidents on the map; the state column stays in view.
/// </summary>
public sealed class RegisterSearchBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Prefix = "150203-2096-";
    private const string Word = "排洪渠堵塞";

    [Fact]
    public async Task A_duty_officer_searches_filters_by_level_and_overdue_exports_what_is_filtered_and_finds_the_saved_filter_again()
    {
        var expected = await InsertAsync();
        var duty = await browser.SignInAsync("duty.150203");
        await duty.SetViewportSizeAsync(1280, 860);
        await duty.GotoAsync("/incidents");
        await BrowserFixture.ReadyAsync(duty);

        // The state column is in view at 1280 px, without scrolling sideways.
        await Expect(duty.GetByTestId("incident-status").First).ToBeInViewportAsync();
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-register-1280") });

        await duty.Locator("[data-testid=incidents-search] input").FillAsync(Word);
        await duty.Locator("[data-testid=incidents-filter-level] .ant-select-selector").ClickAsync();
        await duty.Locator(".ant-select-item-option").Filter(new() { HasText = "Ⅱ级 重大" }).ClickAsync();
        await duty.Locator("[data-testid=incidents-filter-overdue] input").CheckAsync();
        await duty.GetByTestId("incidents-query").ClickAsync();

        await Expect(duty.GetByTestId("incidents-total")).ToHaveTextAsync($"共 {expected.Count} 起");
        var rows = duty.Locator("[data-testid=incidents-table] tr.ant-table-row");
        await Expect(rows).ToHaveCountAsync(expected.Count);
        await Expect(duty.GetByTestId("incident-overdue")).ToHaveCountAsync(expected.Count);
        await Expect(duty.GetByTestId("incident-status").First).ToBeInViewportAsync();
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-register-filtered-1280") });

        var download = await duty.RunAndWaitForDownloadAsync(() => duty.GetByTestId("incidents-export").ClickAsync());
        var exported = MiniExcel.Query(await download.PathAsync(), useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), exported.Select(r => (string?)r["编号"]).Order(StringComparer.Ordinal));
        Assert.All(exported, r => Assert.Equal("是", r["超时"]));

        // Saved (常用筛选) and found again after a reload.
        await duty.Locator("[data-testid=incidents-save-name] input").FillAsync("超时重大事件");
        await duty.GetByTestId("incidents-save").ClickAsync();
        await Expect(duty.Locator("[data-testid=saved-filter][data-name=超时重大事件]")).ToBeVisibleAsync();
        await duty.ReloadAsync();
        await BrowserFixture.ReadyAsync(duty);
        await Expect(duty.GetByTestId("incidents-total")).Not.ToHaveTextAsync($"共 {expected.Count} 起");
        await duty.Locator("[data-testid=saved-filter][data-name=超时重大事件] [data-testid=saved-filter-apply]").ClickAsync();
        await Expect(duty.GetByTestId("incidents-total")).ToHaveTextAsync($"共 {expected.Count} 起");
        await Expect(rows).ToHaveCountAsync(expected.Count);

        // The same incidents on the one map.
        await duty.Locator("[data-testid=incidents-view] label").Filter(new() { HasText = "地图" }).ClickAsync();
        await Expect(duty.GetByTestId("incidents-map-canvas")).ToHaveAttributeAsync("data-layer-incidents", expected.Count.ToString(CultureInfo.InvariantCulture));
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-register-map") });
        await duty.Locator("[data-testid=incidents-view] label").Filter(new() { HasText = "列表" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(expected.Count);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>
    /// 60 incidents of Kundulun straight into the database: every other one's report mentions the word, every third is
    /// level Ⅱ, every fifth has a written report unmet past its deadline. The numbers of those with all three.
    /// </summary>
    private async Task<List<string>> InsertAsync()
    {
        var beacon = browser.Beacon;
        await using var db = beacon.Db();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "150203");
        var unit = await db.Units.Where(u => u.JurisdictionId == county.Id && u.Kind == UnitKind.DutyRoom).Select(u => u.Id).FirstAsync();
        var eventType = await db.Set<EventType>().OrderBy(t => t.Code).Select(t => t.Code).FirstAsync();
        var now = beacon.Clock.GetUtcNow();
        var expected = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var incident = new Incident
            {
                Number = Prefix + i.ToString("D5", CultureInfo.InvariantCulture),
                OriginUnitId = unit,
                OriginJurisdictionId = county.Id,
                LocationJurisdictionId = county.Id,
                Title = $"台账页面测试事件 {i}",
                EventTypeCode = eventType,
                Severity = i % 3 == 0 ? Severity.II : Severity.IV,
                OccurredAt = now.AddHours(-3).AddMinutes(i),
                LearnedAt = now.AddHours(-3).AddMinutes(i),
                CreatedAt = now.AddHours(-3).AddMinutes(i),
                Narrative = "台账页面测试",
                ReportCount = 1,
            };
            db.Set<Incident>().Add(incident);
            db.Set<IncidentReport>().Add(new IncidentReport
            {
                IncidentId = incident.Id,
                Kind = ReportKind.First,
                Sequence = 1,
                UnitId = unit,
                SubmittedBy = "duty.150203",
                SubmittedAt = incident.LearnedAt,
                Severity = incident.Severity,
                Narrative = i % 2 == 0 ? $"现场{Word}，正在疏通。" : "现场情况稳定。",
                Signer = "王主任",
            });
            if (i % 5 == 0)
            {
                db.Set<ReportingObligation>().Add(new ReportingObligation
                {
                    IncidentId = incident.Id,
                    UnitId = unit,
                    JurisdictionId = county.Id,
                    RuleId = Guid.CreateVersion7(),
                    RuleName = "台账页面测试规则",
                    Channel = ReportChannel.Written,
                    Kind = ReportKind.First,
                    Sequence = 1,
                    ReportTo = "包头市",
                    StartsAt = incident.LearnedAt,
                    DueAt = incident.LearnedAt.AddMinutes(60),
                });
            }

            if (i % 2 == 0 && i % 3 == 0 && i % 5 == 0)
            {
                expected.Add(incident.Number);
            }
        }

        await db.SaveChangesAsync();
        return expected;
    }
}
