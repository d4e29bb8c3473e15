using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>Issue 3, item 8: the roster calendar: a duty officer adds a shift, swaps it, and the prefecture sees who is on duty below.</summary>
public sealed class RosterTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_duty_officer_rosters_a_shift_on_the_calendar_and_swaps_it()
    {
        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/duty/roster");
        await BrowserFixture.ReadyAsync(county);
        await Assertions.Expect(county.GetByTestId("roster-title")).ToHaveTextAsync("值班安排");

        await county.GetByTestId("roster-add").Locator("button").ClickAsync();
        await Assertions.Expect(county.GetByTestId("shift-officers")).ToHaveValueAsync("");
        await county.GetByTestId("shift-officers").FillAsync("王强、李娜");
        await county.GetByTestId("shift-leader").FillAsync("赵副区长");
        await county.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Assertions.Expect(county.GetByTestId("roster-day")).ToContainTextAsync("王强、李娜");
        await Assertions.Expect(county.GetByTestId("roster-calendar").GetByTestId("roster-shift").Filter(new() { HasText = "王强、李娜" }).First).ToBeVisibleAsync();

        await Assertions.Expect(county.GetByTestId("shift-officers")).ToHaveCountAsync(0);
        await county.GetByTestId("roster-swap").Locator("button").First.ClickAsync();
        await Assertions.Expect(county.GetByTestId("shift-officers")).ToHaveValueAsync("王强、李娜");
        await county.GetByTestId("shift-officers").FillAsync("王强、刘洋");
        await county.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Assertions.Expect(county.GetByTestId("roster-day")).ToContainTextAsync("王强、刘洋");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("roster"), FullPage = true });

        var prefecture = await browser.SignInAsync("duty.150200");
        await prefecture.GotoAsync("/duty/roster");
        await BrowserFixture.ReadyAsync(prefecture);
        await prefecture.GetByText("下级在岗").ClickAsync();
        await Assertions.Expect(prefecture.GetByTestId("roster-now")).ToContainTextAsync("昆都仑区人民政府总值班室");
        await Assertions.Expect(prefecture.GetByTestId("roster-now")).Not.ToContainTextAsync("呼和浩特");
    }
}
