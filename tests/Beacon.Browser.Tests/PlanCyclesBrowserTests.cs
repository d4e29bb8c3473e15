using System.Net;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 16, acceptance 4 on the page: an administrator shortens the special plans' drill cycle on the cycles page, and
/// a county's special plan, drilled never and approved 30 months ago, moves onto the register's drill-overdue list.
/// Its own fixture: the cycles are one table for the deployment.
/// </summary>
public sealed class PlanCyclesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Changing_a_drill_cycle_on_the_cycles_page_changes_the_drill_overdue_list()
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var room = (await api.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", ct)).Single().Id;
        var today = DateOnly.FromDateTime(browser.Beacon.Clock.GetUtcNow().AddHours(8).DateTime);
        const string Title = "昆都仑区燃气事故专项应急预案（周期页面）";
        var registered = await api.PostJsonAsync("/api/v1/plans", new
        {
            title = Title,
            type = "Special",
            status = "InForce",
            eventTypeCodes = new[] { "12C" },
            approvedOn = today.AddMonths(-30),
            levels = new object[] { new { level = "III", criteria = "deaths >= 3", groups = new object[] { new { name = "综合协调组", memberUnitIds = new[] { room }, duties = "汇总信息" } } } },
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        // Before: due in six months on the 36-month default, not overdue.
        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/plans?filter=DrillOverdue");
        await BrowserFixture.ReadyAsync(county);
        await Expect(county.GetByTestId("plans-title")).ToBeVisibleAsync();
        await Expect(county.GetByTestId("plan-row").Filter(new() { HasText = Title })).ToHaveCountAsync(0);

        // The administrator sets the special plans' drill cycle to 24 months on the page.
        var admin = await browser.NewPageAsync();
        await admin.GotoAsync("/account/signin");
        await admin.GetByTestId("signin-username").FillAsync("admin.150000");
        await admin.GetByTestId("signin-password").FillAsync(Platform.Seeding.DemoAccounts.Password);
        await admin.GetByTestId("signin-submit").ClickAsync();
        await admin.GetByTestId("two-factor-code").FillAsync(browser.Beacon.CurrentTotp());
        await admin.GetByTestId("two-factor-submit").ClickAsync();
        await Expect(admin.GetByTestId("home-welcome")).ToBeVisibleAsync();
        await admin.GotoAsync("/plans/cycles");
        await BrowserFixture.ReadyAsync(admin);
        var special = admin.Locator("[data-testid=cycle-row][data-type=Special]");
        var drill = special.GetByTestId("cycle-drill").Locator("input");
        await Expect(drill).ToHaveValueAsync("36");
        await drill.FillAsync("24");
        await drill.PressAsync("Tab");
        await special.GetByTestId("cycle-save").Locator("button").ClickAsync();
        await Expect(special).ToContainTextAsync("admin.150000");
        await Expect(admin.GetByTestId("cycles-error")).ToHaveCountAsync(0);

        // After: six months overdue, on the list.
        county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/plans?filter=DrillOverdue");
        await BrowserFixture.ReadyAsync(county);
        var row = county.GetByTestId("plan-row").Filter(new() { HasText = Title });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("plan-drill")).ToContainTextAsync(today.AddMonths(-6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(row.GetByTestId("plan-drill")).ToContainTextAsync("演练已超期");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("plan-cycles-overdue"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
