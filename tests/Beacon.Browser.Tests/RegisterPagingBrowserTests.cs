using System.Globalization;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Incidents;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 12, acceptance 5: with 3,000 incidents the register page (突发事件台账) shows the true total and pages to the
/// last page, which holds the remainder; nothing stops at a fixed number of rows.
/// </summary>
public sealed class RegisterPagingBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Count = 3000;
    private const int RowsPerPage = 20;

    [Fact]
    public async Task The_register_page_shows_the_total_of_three_thousand_incidents_and_pages_to_the_last_page()
    {
        var total = await InsertAsync();
        var pages = (total + RowsPerPage - 1) / RowsPerPage;
        var county = await browser.SignInAsync("duty.150203");

        await county.GotoAsync("/incidents");
        await BrowserFixture.ReadyAsync(county);

        await Expect(county.GetByTestId("incidents-total")).ToHaveTextAsync($"共 {total} 起");
        var rows = county.Locator("[data-testid=incidents-table] tr.ant-table-row");
        await Expect(rows).ToHaveCountAsync(RowsPerPage);
        var last = county.Locator($"[data-testid=incidents-table] li.ant-pagination-item[title='{pages.ToString(CultureInfo.InvariantCulture)}']");
        await Expect(last).ToBeVisibleAsync();

        await last.ClickAsync();

        await Expect(county.Locator("[data-testid=incidents-table] li.ant-pagination-item-active"))
            .ToHaveAttributeAsync("title", pages.ToString(CultureInfo.InvariantCulture));
        await Expect(rows).ToHaveCountAsync(total - ((pages - 1) * RowsPerPage));
        await Expect(county.GetByTestId("incidents-total")).ToHaveTextAsync($"共 {total} 起");
        // The oldest incidents come last: the first minute's ten of this test are on the last page.
        await Expect(rows.Filter(new() { HasText = "分页测试事件 0" }).First).ToBeVisibleAsync();
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-register-last-page"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>3,000 incidents of Kundulun, straight into the database, ten to a minute, the oldest a month ago; the total in scope.</summary>
    private async Task<int> InsertAsync()
    {
        var beacon = browser.Beacon;
        await using var db = beacon.Db();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "150203");
        var unit = await db.Units.Where(u => u.JurisdictionId == county.Id && u.Kind == UnitKind.DutyRoom).Select(u => u.Id).FirstAsync();
        var eventType = await db.Set<EventType>().OrderBy(t => t.Code).Select(t => t.Code).FirstAsync();
        var start = beacon.Clock.GetUtcNow().AddDays(-400);
        db.Set<Incident>().AddRange(Enumerable.Range(0, Count).Select(i => new Incident
        {
            Number = "150203-2098-" + i.ToString("D5", CultureInfo.InvariantCulture),
            OriginUnitId = unit,
            OriginJurisdictionId = county.Id,
            LocationJurisdictionId = county.Id,
            Title = $"分页测试事件 {i}",
            EventTypeCode = eventType,
            Severity = Severity.IV,
            OccurredAt = start.AddMinutes(i / 10),
            LearnedAt = start.AddMinutes(i / 10),
            CreatedAt = start.AddMinutes(i / 10),
            Narrative = "分页测试",
        }));
        await db.SaveChangesAsync();
        return await db.Set<Incident>().CountAsync(i => i.OriginJurisdictionId == county.Id);
    }
}
