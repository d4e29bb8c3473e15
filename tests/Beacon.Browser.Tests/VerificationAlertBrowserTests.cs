using System.Text.RegularExpressions;
using Beacon.Incidents.Deadlines.OverdueAlerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13, acceptance 1: the region's duty officer asks Kundulun to verify two rumours on the 核报 page; the county
/// answers one on its page before the deadline; the other goes overdue, and both duty boards (the county's and the
/// region's) show the flashing alert (超时提醒) and trigger the audio cue without a reload; the county acknowledges
/// (确认) and its alarm stops; muting (静音) is kept by the browser.
/// </summary>
public sealed partial class VerificationAlertBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_region_asks_a_county_to_verify_the_county_answers_in_time_and_an_overdue_one_sounds_on_both_boards()
    {
        var region = await browser.SignInAsync("duty.150000");
        await region.GotoAsync("/duty/verification");
        await BrowserFixture.ReadyAsync(region);
        await AskAsync(region, "网传昆都仑区某小区燃气爆炸，请核实伤亡情况", "30");
        await AskAsync(region, "网传昆都仑区某加油站起火，请核实", "10");
        await Expect(region.GetByTestId("verify-item")).ToHaveCountAsync(2);
        await Expect(region.GetByTestId("verify-item").First).ToContainTextAsync("加油站");

        // The county answers the first on its own page, before the deadline.
        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/duty/verification");
        await BrowserFixture.ReadyAsync(county);
        var gas = county.GetByTestId("verify-item").Filter(new() { HasText = "燃气爆炸" });
        await gas.GetByTestId("verify-answer").Locator("button").ClickAsync();
        await county.GetByTestId("verify-answer-result").GetByText("不属实", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=verify-answer-text] textarea").FillAsync("经现场核实，系小区内电动车起火，无人员伤亡，网传不实。");
        await Expect(county.GetByTestId("verify-answer-result").Locator(".ant-radio-button-wrapper-checked")).ToHaveTextAsync("不属实");
        await BrowserFixture.ConfirmModalAsync(county);
        await Expect(county.GetByTestId("verify-item").Filter(new() { HasText = "燃气爆炸" })).ToHaveCountAsync(0);
        await county.GetByTestId("verify-filter").GetByText("全部", new() { Exact = true }).ClickAsync();
        await Expect(county.GetByTestId("verify-item").Filter(new() { HasText = "燃气爆炸" }).GetByTestId("verify-answer-shown")).ToContainTextAsync("不属实");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("verification-answered"), FullPage = true });

        // Both boards are open when the second request goes overdue: the alert is pushed, flashes and sounds.
        await county.GotoAsync("/duty");
        await BrowserFixture.ReadyAsync(county);
        await region.GotoAsync("/duty");
        await BrowserFixture.ReadyAsync(region);
        await Expect(county.GetByTestId("alert-banner")).ToHaveCountAsync(0);

        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(11));
        await using (var scope = browser.Beacon.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<OverdueScanner>().ScanAsync(TestContext.Current.CancellationToken) >= 1);
        }

        foreach (var page in new[] { county, region })
        {
            var banner = page.GetByTestId("alert-banner");
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToHaveClassAsync(Flashing());
            await Expect(banner.GetByTestId("alert-item").Filter(new() { HasText = "加油站" })).ToContainTextAsync("核报超时");
            await Expect(page.Locator("body")).ToHaveAttributeAsync("data-alert-cues", Counted());
            await Expect(page.Locator("body")).ToHaveAttributeAsync("data-alarm", "on");
        }

        await region.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("verification-overdue-alert"), FullPage = true });

        // The county acknowledges: its alert goes and, with nothing else unacknowledged, its alarm stops; the region's still sounds.
        await county.GetByTestId("alert-banner").GetByTestId("alert-item").Filter(new() { HasText = "加油站" }).GetByTestId("alert-acknowledge").Locator("button").ClickAsync();
        await Expect(county.GetByTestId("alert-item").Filter(new() { HasText = "加油站" })).ToHaveCountAsync(0);
        await Expect(county.Locator("body")).ToHaveAttributeAsync("data-alarm", "off");
        await Expect(region.GetByTestId("alert-banner")).ToBeVisibleAsync();

        // Muted in this browser: the choice survives a reload, and the alert is still shown and listed.
        await region.GetByTestId("alert-mute").Locator("button").ClickAsync();
        await Expect(region.Locator("body")).ToHaveAttributeAsync("data-alert-muted", "true");
        await region.ReloadAsync();
        await BrowserFixture.ReadyAsync(region);
        await Expect(region.GetByTestId("alert-banner")).ToBeVisibleAsync();
        await Expect(region.GetByTestId("alert-mute")).ToContainTextAsync("取消静音");
        await region.GotoAsync("/duty/alerts");
        await BrowserFixture.ReadyAsync(region);
        await Expect(region.GetByTestId("alerts-list")).ToContainTextAsync("加油站");
    }

    private static async Task AskAsync(IPage page, string clue, string minutes)
    {
        await page.GetByTestId("verify-ask-open").Locator("button").ClickAsync();
        await BrowserFixture.PickOptionAsync(page, "verify-ask-unit", "昆都仑区人民政府总值班室", "昆都仑区人民政府总值班室");
        await page.Locator("[data-testid=verify-ask-clue] textarea").FillAsync(clue);
        await page.GetByTestId("verify-ask-source").FillAsync("微博");
        await page.Locator("[data-testid=verify-ask-minutes] input").FillAsync(minutes);
        await BrowserFixture.ConfirmModalAsync(page);
        await Expect(page.GetByTestId("verify-item").Filter(new() { HasText = clue })).ToHaveCountAsync(1);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex("duty-alert-flash")]
    private static partial Regex Flashing();

    [GeneratedRegex("^[1-9][0-9]*$")]
    private static partial Regex Counted();
}
