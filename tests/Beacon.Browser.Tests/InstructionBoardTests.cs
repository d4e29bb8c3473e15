using System.Net;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 3, item 7: the prefecture's duty room hands an incident to the county (转办); the county's duty board shows
/// it live under the items awaiting its feedback; the county signs for it and reports it carried out from the board;
/// the prefecture sees the item done on the incident page.
/// </summary>
public sealed class InstructionBoardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_referral_reaches_the_county_board_live_and_is_signed_and_answered_from_there()
    {
        var county = await browser.SignInAsync("duty.150203");
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var response = await api.PostJsonAsync("/api/v1/incidents", new
        {
            title = "昆都仑区某化工企业储罐泄漏",
            eventTypeCode = "12C01",
            severity = "III",
            isSensitive = false,
            occurredAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-20),
            learnedAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-10),
            locationCode = "150203",
            source = "Phone",
            narrative = "储罐阀门泄漏，现场已设警戒。",
            signer = "张明",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incident = await response.ReadAsync<ReportedIncident>();

        await county.GotoAsync("/duty");
        await BrowserFixture.ReadyAsync(county);
        await Expect(county.GetByTestId("duty-instructions")).ToBeVisibleAsync();

        var prefecture = await browser.SignInAsync("duty.150200");
        await prefecture.GotoAsync($"/incidents/{incident.Id}");
        await BrowserFixture.ReadyAsync(prefecture);
        await prefecture.GetByTestId("instr-new").Locator("button").ClickAsync();
        await prefecture.GetByTestId("instr-kind").GetByText("转办", new() { Exact = true }).ClickAsync();
        await prefecture.Locator("[data-testid=instr-text-input] textarea").FillAsync("请昆都仑区立即组织排查周边企业，疏散下风向群众，1小时内反馈。");
        await BrowserFixture.PickOptionAsync(prefecture, "instr-units", "昆都仑区人民政府", "昆都仑区人民政府总值班室");
        await Expect(prefecture.Locator("[data-testid=instr-units] .ant-select-selection-item")).ToContainTextAsync("昆都仑区人民政府总值班室");
        await prefecture.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(prefecture.GetByTestId("incident-instructions").GetByTestId("instr-status")).ToContainTextAsync("落实中");

        // Pushed to the county's open board, without a reload.
        var board = county.GetByTestId("duty-instructions");
        await Expect(board.GetByText("请昆都仑区立即组织排查周边企业")).ToBeVisibleAsync();
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("duty-board-instruction"), FullPage = true });
        await board.GetByTestId("instr-sign").Locator("button").ClickAsync();
        await Expect(board.GetByTestId("instr-signed")).ToBeVisibleAsync();
        await board.GetByTestId("instr-feedback-open").Locator("button").ClickAsync();
        await county.Locator("[data-testid=instr-feedback-text] textarea").FillAsync("已疏散下风向群众120人，周边企业排查完毕，无次生险情。");
        await county.GetByTestId("instr-feedback-final").Locator("input").CheckAsync();
        await county.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(board.GetByText("请昆都仑区立即组织排查周边企业")).ToHaveCountAsync(0);

        await prefecture.ReloadAsync();
        await BrowserFixture.ReadyAsync(prefecture);
        var panel = prefecture.GetByTestId("incident-instructions");
        await Expect(panel.GetByTestId("instr-status")).ToContainTextAsync("已办结");
        await Expect(panel.GetByTestId("instr-feedback")).ToContainTextAsync("已疏散下风向群众120人");
        await prefecture.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-instruction-done"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
