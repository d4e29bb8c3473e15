using System.Net;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13, level changes re-route: a county duty officer files a follow-up raising deaths on a road accident to 3;
/// the form shows the level the figures give as the officer types, and after submitting the incident page shows the
/// proposed level with its reason and the new reporting obligations. The signer defaults to the person filing.
/// </summary>
public sealed class LevelRerouteBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_county_officer_files_a_follow_up_raising_deaths_to_3_and_the_page_shows_the_proposed_level_and_the_new_obligations()
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var now = browser.Beacon.Clock.GetUtcNow();
        var created = await api.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
        {
            ["title"] = "昆都仑区钢铁大街道路交通事故（续报定级）",
            ["eventTypeCode"] = "12B01",
            ["severity"] = "IV",
            ["isSensitive"] = false,
            ["occurredAt"] = now.AddMinutes(-10),
            ["learnedAt"] = now.AddMinutes(-5),
            ["locationCode"] = "150203",
            ["injured"] = 2,
            ["source"] = "Phone",
            ["narrative"] = "一辆货车与一辆小客车相撞，2人受伤。",
            ["signer"] = "某区长",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync($"/incidents/{id}");
        await BrowserFixture.ReadyAsync(county);
        await Expect(county.GetByTestId("incident-proposed")).ToContainTextAsync("未达到");
        await Expect(county.GetByTestId("incident-obligations")).Not.ToContainTextAsync("电话报告");
        // The signer is the person filing, not the first report's signer.
        await Expect(county.GetByTestId("followup-signer")).Not.ToHaveValueAsync("某区长");
        await Expect(county.GetByTestId("followup-signer")).Not.ToHaveValueAsync("");

        await county.Locator("[data-testid=report-deaths] input").FillAsync("3");
        await county.Locator("[data-testid=report-deaths] input").PressAsync("Tab");
        await Expect(county.GetByTestId("followup-grade")).ToContainTextAsync("Ⅲ级 较大");
        await Expect(county.GetByTestId("followup-grade")).ToContainTextAsync("死亡 3 人");
        await county.Locator("[data-testid=followup-narrative] textarea").FillAsync("经核实，事故已造成3人死亡，2人受伤。");
        await county.GetByTestId("followup-submit").Locator("button").ClickAsync();

        await Expect(county.GetByTestId("incident-timeline")).ToContainTextAsync("续报一");
        await Expect(county.GetByTestId("incident-proposed")).ToContainTextAsync("Ⅲ级 较大");
        await Expect(county.GetByTestId("incident-proposed")).ToContainTextAsync("死亡 3 人（该级标准 ≥3 人）");
        await Expect(county.GetByTestId("incident-obligations")).ToContainTextAsync("电话报告");
        await Expect(county.GetByTestId("incident-obligations")).ToContainTextAsync("书面报告");
        await Expect(county.GetByTestId("incident-obligations")).ToContainTextAsync("自治区总值班室");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-level-raised"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
