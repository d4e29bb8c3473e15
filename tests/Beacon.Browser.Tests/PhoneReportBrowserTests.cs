using System.Net;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13, item 2: the phone report form offers only the duty rooms above the county; a call to the prefecture
/// leaves the obligation owed to the region open and says why; the call to the region meets it.
/// </summary>
public sealed class PhoneReportBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_county_can_call_only_the_duty_rooms_above_it_and_the_clock_says_why_a_call_counts()
    {
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var response = await api.PostJsonAsync("/api/v1/incidents", new
        {
            title = "昆都仑区某物流园仓库火灾",
            eventTypeCode = "12A03",
            severity = "III",
            isSensitive = false,
            occurredAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-5),
            learnedAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-2),
            locationCode = "150203",
            source = "Phone",
            narrative = "仓库起火，消防已到场。",
            signer = "张明",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incident = await response.ReadAsync<ReportedIncident>();

        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync($"/incidents/{incident.Id}");
        await BrowserFixture.ReadyAsync(county);
        var obligations = county.GetByTestId("incident-obligations");
        await Expect(obligations.GetByTestId("obligation-reason").First).ToBeVisibleAsync();
        await Expect(obligations).ToContainTextAsync("尚未电话报告");
        await Expect(obligations).ToContainTextAsync("已报出，尚未送达应报单位");

        await county.Locator("[data-testid=phone-to] .ant-select-selector").ClickAsync();
        var options = county.Locator(".ant-select-item-option");
        await Expect(options).ToHaveCountAsync(2);
        await Expect(options.Nth(0)).ToContainTextAsync("包头市人民政府总值班室");
        await Expect(options.Nth(1)).ToContainTextAsync("内蒙古自治区人民政府总值班室");
        await options.Nth(0).ClickAsync();
        await county.GetByTestId("phone-caller").FillAsync("张值班");
        await county.GetByTestId("phone-callee").FillAsync("包头市值班员");
        await county.Locator("[data-testid=phone-summary] textarea").FillAsync("电话报告仓库火灾基本情况");
        await county.GetByTestId("phone-submit").Locator("button").ClickAsync();
        await Expect(obligations).ToContainTextAsync("已有电话报告，但未报至应报单位（层级不符）");

        await county.Locator("[data-testid=phone-to] .ant-select-selector").ClickAsync();
        await county.Locator(".ant-select-item-option").Filter(new() { HasText = "内蒙古自治区人民政府总值班室" }).ClickAsync();
        await county.GetByTestId("phone-caller").FillAsync("张值班");
        await county.GetByTestId("phone-callee").FillAsync("自治区值班员");
        await county.Locator("[data-testid=phone-summary] textarea").FillAsync("电话报告仓库火灾基本情况");
        await county.GetByTestId("phone-submit").Locator("button").ClickAsync();
        await Expect(obligations).ToContainTextAsync("已电话报告应报单位");
        await Expect(obligations.Locator("tr").Filter(new() { HasText = "已电话报告应报单位" })).ToContainTextAsync("按时完成");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("incident-phone-rules"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
