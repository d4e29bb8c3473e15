using System.Net;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13, level changes re-route: a county duty officer files a follow-up raising deaths on a road accident to 3;
/// the form shows the level the figures give as the officer types, and after submitting the incident page shows the
/// proposed level with its reason and the new reporting obligations. The signer defaults to the person filing. A final
/// report with a leader's instruction still open is filed only after the page's confirmation with a reason.
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

        // 终报 with a leader's instruction not yet carried out: the page asks for a confirmation with a reason.
        using var leader = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(leader, "leader.150200", Platform.Seeding.DemoAccounts.Password);
        var room = (await (await api.GetAsync("/api/v1/me", ct)).ReadAsync<Platform.Accounts.Me.MeView>()).UnitId!.Value;
        var issued = await leader.PostJsonAsync($"/api/v1/incidents/{id}/instructions", new
        {
            kind = "LeaderInstruction",
            text = "请全力救治伤员，查明事故原因。",
            toUnitIds = new[] { room },
            dueAt = browser.Beacon.Clock.GetUtcNow().AddHours(2),
        });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        await county.ReloadAsync();
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("followup-kind").GetByText("终报", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=followup-narrative] textarea").FillAsync("现场处置完毕，善后由交通运输部门负责。");
        await county.GetByTestId("followup-submit").Locator("button").ClickAsync();
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-final-confirm"), FullPage = true });
        await Expect(county.GetByTestId("final-confirm")).ToContainTextAsync("1 条领导批示");
        await county.Locator("[data-testid=final-confirm-reason] textarea").FillAsync("处置已结束，批示落实情况另行反馈");
        await county.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(county.GetByTestId("incident-status")).ToContainTextAsync("完结");
        await Expect(county.GetByTestId("incident-timeline")).ToContainTextAsync("处置已结束，批示落实情况另行反馈");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
