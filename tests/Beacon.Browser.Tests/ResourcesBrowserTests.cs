using System.Net;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Beacon.Browser.Tests;

/// <summary>
/// Resources issue, acceptance 5: a county duty officer finds the nearest rescue team with flood speciality to a point,
/// opens it on the map (the link to the one map carries its coordinates), and requests supplies for an incident from the
/// prefecture's shared warehouse; the prefecture's leader approves it on the allocation page.
/// </summary>
public sealed class ResourcesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_nearest_flood_team_is_found_opened_on_the_map_and_supplies_are_requested_for_an_incident()
    {
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var reported = await api.PostJsonAsync("/api/v1/incidents", new
        {
            title = "昆都仑区暴雨内涝群众转移",
            eventTypeCode = "11A01",
            severity = "IV",
            isSensitive = false,
            occurredAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-20),
            learnedAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-10),
            locationCode = "150203",
            source = "Phone",
            narrative = "强降雨致低洼地带积水，需转移安置群众。",
            signer = "张明",
        });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var incident = await reported.ReadAsync<ReportedIncident>();

        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/resources");
        await BrowserFixture.ReadyAsync(county);
        await Expect(county.GetByTestId("resources-title")).ToHaveTextAsync("应急资源");
        await county.GetByTestId("filter-kind").SelectOptionAsync("RescueTeam");
        await county.GetByTestId("filter-speciality").SelectOptionAsync("flood");
        await county.GetByTestId("nearest-lat").FillAsync("40.6700");
        await county.GetByTestId("nearest-lon").FillAsync("109.8100");
        await county.GetByTestId("nearest-find").ClickAsync();
        var first = county.GetByTestId("nearest-row").First;
        await Expect(first).ToContainTextAsync("昆都仑区防汛抢险队");
        await Expect(first).ToContainTextAsync("昆都仑区");
        await Expect(first.GetByTestId("nearest-distance")).ToContainTextAsync("公里");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("resources-nearest"), FullPage = true });

        await first.GetByTestId("nearest-link").ClickAsync();
        await Expect(county.GetByTestId("resource-name")).ToHaveTextAsync("昆都仑区防汛抢险队");
        var map = await county.GetByTestId("resource-map").GetAttributeAsync("href");
        Assert.NotNull(map);
        Assert.StartsWith("map?", map);
        Assert.Contains("layers=resources", map);
        Assert.Contains("lat=40.6691", map);
        Assert.Contains("lon=109.8102", map);

        // Supplies from the prefecture's warehouse (offered for sharing) for the incident.
        await county.GotoAsync("/resources");
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("filter-kind").SelectOptionAsync("Warehouse");
        await county.GetByTestId("filter-apply").ClickAsync();
        await county.GetByTestId("resource-link").Filter(new() { HasText = "包头市应急物资储备库" }).ClickAsync();
        await Expect(county.GetByTestId("resource-name")).ToHaveTextAsync("包头市应急物资储备库");
        await county.GetByTestId("resource-request").ClickAsync();
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("alloc-incident").SelectOptionAsync(incident.Id.ToString());
        await county.GetByTestId("alloc-purpose").FillAsync("转移安置受灾群众");
        await county.GetByTestId("alloc-item").First.SelectOptionAsync(new SelectOptionValue { Label = "单帐篷（顶）" });
        await county.GetByTestId("alloc-quantity").First.FillAsync("50");
        await county.GetByTestId("alloc-submit").ClickAsync();
        await Expect(county.GetByTestId("allocation-state")).ToHaveTextAsync("待审批");
        await Expect(county.GetByTestId("allocation-incident")).ToContainTextAsync("昆都仑区暴雨内涝群众转移");
        var allocationUrl = county.Url;

        var leader = await browser.SignInAsync("leader.150200");
        await leader.GotoAsync(allocationUrl);
        await BrowserFixture.ReadyAsync(leader);
        await leader.GetByTestId("allocation-approve").ClickAsync();
        await Expect(leader.GetByTestId("allocation-state")).ToHaveTextAsync("已批准");
        await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("resources-allocation"), FullPage = true });
    }

    /// <summary>
    /// Tasks that were API-only: a prefecture duty officer transfers stock to the county's warehouse picked by its name (no
    /// typed id) and adds a supply to the catalogue from the warehouse's page.
    /// </summary>
    [Fact]
    public async Task Stock_is_transferred_to_a_warehouse_picked_by_name_and_a_supply_is_added()
    {
        var duty = await browser.SignInAsync("duty.150200");
        await duty.GotoAsync("/resources");
        await BrowserFixture.ReadyAsync(duty);
        await duty.GetByTestId("filter-kind").SelectOptionAsync("Warehouse");
        await duty.GetByTestId("filter-apply").ClickAsync();
        await duty.GetByTestId("resource-link").Filter(new() { HasText = "包头市应急物资储备库" }).ClickAsync();
        await Expect(duty.GetByTestId("resource-name")).ToHaveTextAsync("包头市应急物资储备库");

        await duty.GetByTestId("move-kind").SelectOptionAsync("TransferOut");
        await duty.GetByTestId("move-batch").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await duty.GetByTestId("move-to").SelectOptionAsync(new SelectOptionValue { Label = "昆都仑区应急物资储备点（内蒙古自治区 / 包头市 / 昆都仑区）" });
        await duty.GetByTestId("move-quantity").FillAsync("5");
        await duty.GetByTestId("move-save").ClickAsync();
        await Expect(duty.GetByTestId("move-notice")).ToHaveTextAsync("已记账。");

        await duty.GetByTestId("supply-code").FillAsync("0402-009");
        await duty.GetByTestId("supply-name").FillAsync("折叠床");
        await duty.GetByTestId("supply-category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await duty.GetByTestId("supply-unit").FillAsync("张");
        await duty.GetByTestId("supply-save").ClickAsync();
        await Expect(duty.GetByTestId("supply-notice")).ToHaveTextAsync("已加入物资目录。");
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("resources-transfer"), FullPage = true });
    }
}
