using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 3, acceptance 1: a county duty officer records a first report; the prefecture's duty board shows it
/// without reloading; the prefecture signs and forwards it; the region's board shows it with the chain; a
/// follow-up and a final report close it.
/// </summary>
public sealed partial class DutyBoardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_county_first_report_reaches_the_prefecture_board_live_is_signed_forwarded_and_closed()
    {
        var prefecture = await browser.SignInAsync("duty.150200");
        await prefecture.GotoAsync("/duty");
        await BrowserFixture.ReadyAsync(prefecture);
        await Expect(prefecture.GetByTestId("duty-title")).ToBeVisibleAsync();

        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/incidents/new");
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("report-title").FillAsync("昆都仑区某路段发生一起道路交通事故");
        await BrowserFixture.PickEventTypeAsync(county, "事故灾难", "交通运输事故", "道路交通事故");
        await county.Locator("[data-testid=report-severity] .ant-select-selector").ClickAsync();
        await county.GetByText("Ⅲ级 较大", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=report-source] .ant-select-selector").ClickAsync();
        await county.Locator(".ant-select-item-option").Filter(new() { HasText = "群众报告" }).ClickAsync();
        await county.Locator("[data-testid=report-narrative] textarea").FillAsync("一辆货车与两辆小客车相撞，3人死亡，5人受伤。");
        await county.GetByTestId("report-signer").FillAsync("张明");
        await county.GetByTestId("report-submit").Locator("button").ClickAsync();
        await Expect(county).ToHaveURLAsync(IncidentUrl());
        await Expect(county.GetByTestId("incident-title")).ToContainTextAsync("道路交通事故");
        var number = (await county.GetByTestId("incident-number").InnerTextAsync()).Trim();
        var incidentPath = new Uri(county.Url).AbsolutePath;

        // Pushed to the open board: no reload (how fast is measured by bench/run.sh reports, not asserted here).
        await Expect(prefecture.GetByTestId("duty-inbox").GetByText(number)).ToBeVisibleAsync();
        await prefecture.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("duty-board-arrived"), FullPage = true });
        await prefecture.GetByTestId("duty-sign-" + number).Locator("button").ClickAsync();
        await Expect(prefecture.GetByTestId("duty-sign-" + number)).ToHaveCountAsync(0);

        var region = await browser.SignInAsync("duty.150000");
        await region.GotoAsync("/duty");
        await BrowserFixture.ReadyAsync(region);

        await prefecture.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(prefecture);
        await prefecture.GetByTestId("incident-forward").Locator("button").ClickAsync();
        await prefecture.Locator("[data-testid=incident-forward-assessment] textarea").FillAsync("经核实，事故属实，已派员赶赴现场。");
        await prefecture.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();

        await Expect(region.GetByTestId("duty-inbox").GetByText(number)).ToBeVisibleAsync();
        await region.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(region);
        await Expect(region.GetByTestId("incident-chain")).ToContainTextAsync("昆都仑区人民政府总值班室");
        await Expect(region.GetByTestId("incident-chain")).ToContainTextAsync("包头市人民政府总值班室");
        await Expect(region.GetByTestId("incident-chain")).ToContainTextAsync("经核实，事故属实");

        await county.ReloadAsync();
        await BrowserFixture.ReadyAsync(county);
        await county.Locator("[data-testid=followup-narrative] textarea").FillAsync("伤亡情况核实：3人死亡，5人受伤，道路已恢复通行。");
        await county.GetByTestId("followup-submit").Locator("button").ClickAsync();
        await Expect(county.GetByTestId("incident-timeline")).ToContainTextAsync("续报一");
        await county.GetByText("终报", new() { Exact = true }).First.ClickAsync();
        await county.Locator("[data-testid=followup-narrative] textarea").FillAsync("事故处置完毕，善后工作由交通运输部门负责。");
        await county.GetByTestId("followup-submit").Locator("button").ClickAsync();
        await Expect(county.GetByTestId("incident-status")).ToContainTextAsync("完结");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-closed"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex("/incidents/[0-9a-f-]{36}$")]
    private static partial Regex IncidentUrl();
}
