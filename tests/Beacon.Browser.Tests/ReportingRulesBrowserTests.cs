using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13, reporting rules administration (报送规则): 包头市's administrator adds a level Ⅳ rule for its prefecture with
/// a 60-minute written report on the rules page, sees the preview beside the form before saving, and saves it; a level Ⅳ
/// first report filed by 昆都仑区 then shows the new written obligation on its incident page. The rule is then retired
/// after confirmation and listed as 已停用.
/// </summary>
public sealed partial class ReportingRulesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string RuleName = "包头市一般事件书面报告60分钟";

    [Fact]
    public async Task A_prefecture_administrator_adds_a_level_IV_rule_with_a_preview_and_the_next_report_owes_its_written_report()
    {
        var admin = await SignInAdministratorAsync("admin.150200");
        await Expect(admin.GetByRole(AriaRole.Menuitem).GetByRole(AriaRole.Link, new() { Name = "报送规则" })).ToBeVisibleAsync();
        await admin.GotoAsync("/duty/rules");
        await BrowserFixture.ReadyAsync(admin);
        await Expect(admin.GetByTestId("rules-title")).ToHaveTextAsync("报送规则");
        await Expect(admin.GetByTestId("rules-list")).ToContainTextAsync("自治区规定");

        await admin.GetByTestId("rules-new").Locator("button").ClickAsync();
        await admin.GetByTestId("rule-name").FillAsync(RuleName);
        await admin.GetByTestId("rule-level").GetByText("Ⅳ级及以上", new() { Exact = true }).ClickAsync();
        await admin.Locator("[data-testid=rule-jurisdiction] .ant-select-selector").ClickAsync();
        await admin.Locator("[data-testid=rule-jurisdiction] input").FillAsync("包头市");
        var option = admin.Locator(".ant-select-item-option").Filter(new() { HasText = "包头市（150200）" });
        await Expect(option).ToHaveCountAsync(1);
        await option.ClickAsync();
        await admin.Locator("[data-testid=rule-written] input").FillAsync("60");
        await admin.GetByTestId("rule-report-to").GetByText("盟市总值班室", new() { Exact = true }).ClickAsync();

        // The preview beside the form, before saving: every level from Ⅳ up owes a written report within 60 minutes.
        await admin.GetByTestId("rule-preview-run").Locator("button").ClickAsync();
        var preview = admin.GetByTestId("rule-preview");
        await Expect(preview.Locator("[data-testid=rule-preview-level][data-covered=true]")).ToHaveCountAsync(4);
        await Expect(preview).ToContainTextAsync("60 分钟内向盟市总值班室书面报告");
        await Expect(preview.GetByTestId("rule-preview-summary")).ToContainTextAsync("将适用本规则");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("reporting-rule-preview"), FullPage = true });

        await admin.Locator(".ant-modal-footer .ant-btn-primary").Filter(new() { HasText = "保存" }).ClickAsync();
        await Expect(admin.GetByTestId("rules-notice")).ToContainTextAsync(RuleName);
        var row = admin.Locator("tr").Filter(new() { Has = admin.GetByTestId("rule-row").Filter(new() { HasText = RuleName }) });
        await Expect(row.GetByTestId("rule-state")).ToHaveTextAsync("启用中");
        await Expect(row.GetByTestId("rule-deadlines")).ToContainTextAsync("书面 60 分钟");
        await Expect(row).ToContainTextAsync("包头市");

        // 昆都仑区 files a level Ⅳ first report: its incident page shows the written obligation the new rule creates.
        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/incidents/new");
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("report-title").FillAsync("昆都仑区某路段发生一起轻微道路交通事故");
        await BrowserFixture.PickEventTypeAsync(county, "事故灾难", "交通运输事故", "道路交通事故");
        await county.Locator("[data-testid=report-severity] .ant-select-selector").ClickAsync();
        await county.GetByText("Ⅳ级 一般", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=report-source] .ant-select-selector").ClickAsync();
        await county.Locator(".ant-select-item-option").Filter(new() { HasText = "群众报告" }).ClickAsync();
        await county.Locator("[data-testid=report-narrative] textarea").FillAsync("一辆小客车与电动车相撞，1人受伤。");
        await county.GetByTestId("report-signer").FillAsync("张明");
        await county.GetByTestId("report-submit").Locator("button").ClickAsync();
        await Expect(county).ToHaveURLAsync(IncidentUrl());
        var obligations = county.GetByTestId("incident-obligations");
        await Expect(obligations).ToContainTextAsync(RuleName);
        await Expect(obligations.Locator("tr").Filter(new() { HasText = RuleName })).ToContainTextAsync("书面报告");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("reporting-rule-obligation"), FullPage = true });

        // Retired after confirmation: kept and listed as 已停用.
        await row.GetByTestId("rule-retire").ClickAsync();
        await Expect(admin.GetByTestId("rule-confirm")).ToContainTextAsync(RuleName);
        await admin.Locator(".ant-modal-footer .ant-btn-primary").Filter(new() { HasText = "确定" }).ClickAsync();
        await Expect(row.GetByTestId("rule-state")).ToHaveTextAsync("已停用");
        await admin.GetByTestId("rules-filter").GetByText("已停用", new() { Exact = true }).ClickAsync();
        await Expect(admin.GetByTestId("rule-row").Filter(new() { HasText = RuleName })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_rules_page_and_menu_are_not_offered_to_a_duty_officer()
    {
        var duty = await browser.SignInAsync("duty.150203");
        await Expect(duty.GetByRole(AriaRole.Link, new() { Name = "报送规则" })).ToHaveCountAsync(0);
        await duty.GotoAsync("/duty/rules");
        await Expect(duty.GetByTestId("rules-denied")).ToBeVisibleAsync();
        await Expect(duty.GetByTestId("rules-new")).ToHaveCountAsync(0);
    }

    /// <summary>An administrator signs in with the demo authenticator's code (administrators need the second factor).</summary>
    private async Task<IPage> SignInAdministratorAsync(string user)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByTestId("signin-username").FillAsync(user);
        await page.GetByTestId("signin-password").FillAsync(Platform.Seeding.DemoAccounts.Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.GetByTestId("two-factor-code").FillAsync(browser.Beacon.CurrentTotp());
        await page.GetByTestId("two-factor-submit").ClickAsync();
        await Expect(page.GetByTestId("home-welcome")).ToBeVisibleAsync();
        return page;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex(@"/incidents/[0-9a-f-]{36}$")]
    private static partial Regex IncidentUrl();
}
