using System.Net;
using System.Text.RegularExpressions;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 12, items 9 and 10: the branded 404 and 403 pages with a title and a way home, the favicon, page titles
/// in the form 页面 · 烽火应急平台, and people shown by display name and unit rather than by login.
/// </summary>
public sealed partial class ShellFinishTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_unknown_page_answers_404_with_the_branded_page_a_title_a_way_home_and_the_favicon()
    {
        // Signed in: an anonymous visitor is sent to the sign-in page first, which tells nothing about what exists.
        var page = await browser.SignInAsync("viewer.150200");

        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.GetByTestId("error-page")).ToHaveAttributeAsync("data-status", "404");
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("页面不存在");
        await Expect(page).ToHaveTitleAsync("页面不存在 · 烽火应急平台");
        await Expect(page.GetByTestId("error-home")).ToHaveAttributeAsync("href", "");
        await Expect(page.Locator("link[rel=icon]")).ToHaveAttributeAsync("href", FaviconPath());
        var icon = await page.APIRequest.GetAsync(await page.Locator("link[rel=icon]").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, icon.Status);
        Assert.Contains("svg", icon.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(200, (await page.APIRequest.GetAsync("/favicon.ico")).Status);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("not-found"), FullPage = true });

        // The language switch (a cookie) carries over to the 404 page.
        await page.GotoAsync("/culture/en-US?returnUrl=%2Fno-such-page");
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("Page not found");
        await Expect(page).ToHaveTitleAsync("Page not found · Beacon Emergency Platform");
    }

    [Fact]
    public async Task A_signed_in_person_who_opens_a_page_they_may_not_sees_the_branded_403_page_with_a_way_home()
    {
        var page = await browser.SignInAsync("duty.150203");

        await page.GotoAsync("/admin/audit");

        await Expect(page.GetByTestId("error-page")).ToHaveAttributeAsync("data-status", "403");
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("无权访问");
        await Expect(page).ToHaveTitleAsync("无权访问 · 烽火应急平台");
        await Expect(page.GetByTestId("audit-table")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("forbidden"), FullPage = true });

        await page.GetByTestId("error-home").ClickAsync();
        await Expect(page.GetByTestId("home-welcome")).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync("首页 · 烽火应急平台");
    }

    [Fact]
    public async Task The_incident_page_names_people_by_display_name_and_unit_not_by_login()
    {
        using var county = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(county, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var response = await county.PostJsonAsync("/api/v1/incidents", new
        {
            title = "昆都仑区某小区燃气管道泄漏",
            eventTypeCode = "12C01",
            severity = "IV",
            isSensitive = false,
            occurredAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-20),
            learnedAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-10),
            locationCode = "150203",
            source = "Phone",
            narrative = "燃气管道泄漏，已疏散居民。",
            signer = "张明",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incident = await response.ReadAsync<ReportedIncident>();
        using var prefectureApi = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(prefectureApi, "duty.150200", Platform.Seeding.DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, (await prefectureApi.PostJsonAsync($"/api/v1/incidents/{incident.Id}/sign", new { assessment = "已核实" })).StatusCode);

        var page = await browser.SignInAsync("duty.150200");
        await page.GotoAsync($"/incidents/{incident.Id}");

        var chain = page.GetByTestId("incident-chain");
        await Expect(chain).ToContainTextAsync("昆都仑区值班员（演示）（昆都仑区人民政府总值班室）");
        await Expect(page.GetByTestId("chain-signed")).ToContainTextAsync("包头市值班员（演示）（包头市人民政府总值班室）");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("duty.150203");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("duty.150200");
        await Expect(page).ToHaveTitleAsync(new Regex(" · 烽火应急平台$"));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex(@"favicon(\.[a-z0-9]+)?\.svg")]
    private static partial Regex FaviconPath();
}
