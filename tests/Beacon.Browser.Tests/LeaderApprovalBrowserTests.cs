using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13 item 6, 带班领导审核 (decision 0039): 昆都仑区's administrator turns on 上报前需带班领导审核 on the 报送规则 page;
/// a county duty officer files a first report, which waits as 待带班领导审核 with who must approve; the prefecture's duty
/// board does not have it; the county's leader on duty finds it on the workbench, approves it on the incident page, and
/// it arrives on the prefecture's board.
/// </summary>
public sealed partial class LeaderApprovalBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Title = "昆都仑区某化工厂发生泄漏（带班领导审核）";

    [Fact]
    public async Task A_county_administrator_turns_approval_on_and_a_first_report_reaches_the_prefecture_after_the_leader_approves_it()
    {
        // 报送规则: the county's administrator turns the rule on for 昆都仑区.
        var admin = await SignInAdministratorAsync("admin.150203");
        await admin.GotoAsync("/duty/rules");
        await BrowserFixture.ReadyAsync(admin);
        var card = admin.GetByTestId("approval-rule");
        await Expect(card).ToContainTextAsync("昆都仑区");
        await Expect(card.GetByTestId("approval-rule-state")).ToContainTextAsync("未开启");
        await card.GetByTestId("approval-rule-required").Locator("button").ClickAsync();
        await card.GetByTestId("approval-rule-save").Locator("button").ClickAsync();
        await Expect(card.GetByTestId("approval-rule-notice")).ToContainTextAsync("已保存");
        await Expect(card.GetByTestId("approval-rule-state")).ToContainTextAsync("已开启");

        var prefecture = await browser.SignInAsync("duty.150200");
        await prefecture.GotoAsync("/duty");
        await BrowserFixture.ReadyAsync(prefecture);

        // 接报登记: the county's duty officer files the first report; it waits for the leader on duty.
        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/incidents/new");
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("report-title").FillAsync(Title);
        await BrowserFixture.PickEventTypeAsync(county, "事故灾难", "交通运输事故", "道路交通事故");
        await county.Locator("[data-testid=report-severity] .ant-select-selector").ClickAsync();
        await county.GetByText("Ⅳ级 一般", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=report-source] .ant-select-selector").ClickAsync();
        await county.Locator(".ant-select-item-option").Filter(new() { HasText = "群众报告" }).ClickAsync();
        await county.Locator("[data-testid=report-narrative] textarea").FillAsync("一辆槽罐车在厂区门口侧翻，少量液体泄漏，无人员伤亡。");
        await county.GetByTestId("report-signer").FillAsync("张明");
        await county.GetByTestId("report-submit").Locator("button").ClickAsync();
        await Expect(county).ToHaveURLAsync(IncidentUrl());
        await BrowserFixture.ReadyAsync(county);
        var number = (await county.GetByTestId("incident-number").InnerTextAsync()).Trim();
        var incidentPath = new Uri(county.Url).AbsolutePath;
        var approval = county.GetByTestId("incident-approval");
        await Expect(approval.GetByTestId("approval-state")).ToHaveTextAsync("待带班领导审核");
        await Expect(approval.GetByTestId("approval-approver")).ToContainTextAsync("昆都仑区人民政府总值班室");
        await Expect(approval.GetByTestId("approval-approve")).ToHaveCountAsync(0);
        await Expect(prefecture.GetByTestId("duty-inbox").GetByText(number)).ToHaveCountAsync(0);

        // The county's leader on duty: the workbench lists it as 待审核; the incident page approves it.
        var leader = await browser.SignInAsync("onduty.150203");
        await leader.GotoAsync("/");
        await BrowserFixture.ReadyAsync(leader);
        await Expect(leader.GetByTestId("workbench-todo")).ToContainTextAsync(number);
        await leader.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(leader);
        var toApprove = leader.GetByTestId("incident-approval");
        await Expect(toApprove.GetByTestId("approval-state")).ToHaveTextAsync("待带班领导审核");
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(6));
        await toApprove.GetByTestId("approval-approve").Locator("button").ClickAsync();
        await Expect(toApprove.GetByTestId("approval-state")).ToHaveTextAsync("审核通过");
        await Expect(toApprove).ToContainTextAsync("已报送上级");
        await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("leader-approval-approved"), FullPage = true });

        // It arrives at the prefecture.
        await Expect(prefecture.GetByTestId("duty-inbox").GetByText(number)).ToBeVisibleAsync();
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
        return page;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex(@"/incidents/[0-9a-f-]{36}$")]
    private static partial Regex IncidentUrl();
}
