using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13, acceptance 7: a county (昆都仑区) and its prefecture (包头市), each in its own browser, walk a blizzard
/// (暴雪) through the pages — 接报登记, the incident page's phone report, the duty board's 签收, the incident page's 转报上级, the 核报
/// page, a 续报 raising the level to Ⅲ, a leader's 批示 from the incident page, its 签收 and 反馈, and the 终报 with its
/// confirmation modal — and the incident page's 报告时限 panel shows the obligations' state after each key step.
/// </summary>
public sealed partial class BlizzardWalkBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string CountyRoom = "昆都仑区人民政府总值班室";
    private const string Title = "昆都仑区暴雪致G6高速车辆滞留";

    [Fact]
    public async Task A_county_and_its_prefecture_walk_a_blizzard_from_first_report_to_final_report_and_the_deadlines_panel_follows_every_step()
    {
        var prefecture = await browser.SignInAsync("duty.150200");
        await prefecture.GotoAsync("/duty");
        await BrowserFixture.ReadyAsync(prefecture);

        // 接报登记: the county files a first report of a blizzard at Ⅳ.
        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/incidents/new");
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("report-title").FillAsync(Title);
        await county.Locator("[data-testid=report-type] .ant-select-selector, [data-testid=report-type] .ant-cascader-picker, [data-testid=report-type] input").First.ClickAsync();
        await county.GetByText("自然灾害", new() { Exact = true }).ClickAsync();
        await county.GetByText("气象灾害", new() { Exact = true }).ClickAsync();
        await county.GetByText("暴雪", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=report-severity] .ant-select-selector").ClickAsync();
        await county.GetByText("Ⅳ级 一般", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=report-source] .ant-select-selector").ClickAsync();
        await county.Locator(".ant-select-item-option").Filter(new() { HasText = "群众报告" }).ClickAsync();
        await county.Locator("[data-testid=report-narrative] textarea").FillAsync("受强降雪影响，G6京藏高速昆都仑段积雪严重，约12辆车滞留。");
        await county.GetByTestId("report-signer").FillAsync("张明");
        await county.GetByTestId("report-submit").Locator("button").ClickAsync();
        await Expect(county).ToHaveURLAsync(IncidentUrl());
        await Expect(county.GetByTestId("incident-title")).ToContainTextAsync("暴雪");
        var number = (await county.GetByTestId("incident-number").InnerTextAsync()).Trim();
        var incidentPath = new Uri(county.Url).AbsolutePath;
        await BrowserFixture.ReadyAsync(county);
        // Ⅳ: the region's rule (Ⅲ and above) owes nothing yet.
        await Expect(county.GetByTestId("incident-obligations")).Not.ToContainTextAsync("电话报告");
        await Expect(county.GetByTestId("incident-obligations")).Not.ToContainTextAsync("书面报告");

        // The incident page's phone report: a call to the prefecture's duty room.
        await LogCallAsync(county, "包头市");
        await Expect(county.GetByTestId("incident-timeline")).ToContainTextAsync("电话报告");
        await Expect(county.GetByTestId("incident-obligations")).Not.ToContainTextAsync("电话报告");

        // The prefecture's duty board: 签收, then 转报上级.
        await Expect(prefecture.GetByTestId("duty-inbox").GetByText(number)).ToBeVisibleAsync();
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        await prefecture.GetByTestId("duty-sign-" + number).Locator("button").ClickAsync();
        await Expect(prefecture.GetByTestId("duty-sign-" + number)).ToHaveCountAsync(0);
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        // Signed, it leaves the board's awaiting list: 转报上级 is done from the incident page.
        await prefecture.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(prefecture);
        await prefecture.GetByTestId("incident-forward").Locator("button").ClickAsync();
        await prefecture.Locator("[data-testid=incident-forward-assessment] textarea").FillAsync("包头市研判：暴雪致交通受阻，转报自治区。");
        await prefecture.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(prefecture.GetByTestId("incident-forward")).ToHaveCountAsync(0);
        await Expect(prefecture.GetByTestId("incident-chain")).ToContainTextAsync("包头市人民政府总值班室");
        await Expect(prefecture.GetByTestId("incident-chain")).ToContainTextAsync("包头市研判");

        // 核报: the prefecture asks the county about this incident; the county answers on its page.
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        await prefecture.GotoAsync("/duty/verification");
        await BrowserFixture.ReadyAsync(prefecture);
        const string clue = "网传昆都仑区暴雪致多车被困，请核实被困人数";
        await prefecture.GetByTestId("verify-ask-open").Locator("button").ClickAsync();
        await BrowserFixture.PickOptionAsync(prefecture, "verify-ask-unit", CountyRoom, CountyRoom);
        await prefecture.Locator("[data-testid=verify-ask-clue] textarea").FillAsync(clue);
        await prefecture.GetByTestId("verify-ask-source").FillAsync("微博");
        await BrowserFixture.PickOptionAsync(prefecture, "verify-ask-incident", number, number);
        await prefecture.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(prefecture.Locator(".ant-modal-footer")).ToHaveCountAsync(0);
        await Expect(prefecture.GetByTestId("verify-item").Filter(new() { HasText = clue }).GetByTestId("verify-incident")).ToContainTextAsync(number);

        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(10));
        await county.GotoAsync("/duty/verification");
        await BrowserFixture.ReadyAsync(county);
        var asked = county.GetByTestId("verify-item").Filter(new() { HasText = clue });
        await asked.GetByTestId("verify-answer").Locator("button").ClickAsync();
        await county.GetByTestId("verify-answer-result").GetByText("部分属实", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=verify-answer-text] textarea").FillAsync("经核实，约12辆车被困，无人员伤亡，网传“多人遇难”不实。");
        await county.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(county.GetByTestId("verify-item").Filter(new() { HasText = clue })).ToHaveCountAsync(0);
        await county.GetByTestId("verify-filter").GetByText("全部", new() { Exact = true }).ClickAsync();
        var answered = county.GetByTestId("verify-item").Filter(new() { HasText = clue });
        await Expect(answered.GetByTestId("verify-answer-shown")).ToContainTextAsync("部分属实");

        // 续报 raising the level to Ⅲ: the region's rule now owes a call in 20 minutes and a written report in 40.
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(25));
        await county.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(county);
        await county.Locator("[data-testid=followup-severity] .ant-select-selector").ClickAsync();
        await county.Locator(".ant-select-item-option").Filter(new() { HasText = "Ⅲ级 较大" }).ClickAsync();
        await county.Locator("[data-testid=report-trapped] input").FillAsync("40");
        await county.Locator("[data-testid=report-trapped] input").PressAsync("Tab");
        await county.Locator("[data-testid=followup-narrative] textarea").FillAsync("降雪持续，滞留车辆增至约40辆，已开设临时安置点。");
        await county.GetByTestId("followup-submit").Locator("button").ClickAsync();
        await Expect(county.GetByTestId("incident-timeline")).ToContainTextAsync("续报一");
        var obligations = county.GetByTestId("incident-obligations");
        await Expect(obligations).ToContainTextAsync("自治区总值班室");
        await Expect(Row(county, "电话报告")).ToContainTextAsync("按时");
        await Expect(Row(county, "电话报告")).ToContainTextAsync("已有电话报告，但未报至应报单位（层级不符）");
        await Expect(Row(county, "书面报告", "首报")).ToContainTextAsync("按时完成");
        await Expect(Row(county, "书面报告", "首报")).ToContainTextAsync("应报单位已收到");
        await Expect(Row(county, "书面报告", "续报")).ToContainTextAsync("尚未报出书面报告");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("blizzard-level-raised"), FullPage = true });

        // The call to the region comes a minute late: overdue, then met late.
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(21));
        await county.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(county);
        await Expect(Row(county, "电话报告")).ToContainTextAsync("已超时");
        await LogCallAsync(county, "自治区");
        await Expect(Row(county, "电话报告")).ToContainTextAsync("超时完成");
        await Expect(Row(county, "电话报告")).ToContainTextAsync("已电话报告应报单位");

        // 批示: the prefecture's leader instructs the county from the incident page.
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(10));
        var leader = await browser.SignInAsync("leader.150200");
        await leader.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(leader);
        await leader.GetByTestId("instr-new").Locator("button").ClickAsync();
        await leader.GetByTestId("instr-kind").GetByText("领导批示", new() { Exact = true }).ClickAsync();
        await leader.Locator("[data-testid=instr-text-input] textarea").FillAsync("请全力疏导滞留车辆，做好被困人员保暖和物资保障，及时报告进展。");
        await BrowserFixture.PickOptionAsync(leader, "instr-units", "昆都仑区人民政府", CountyRoom);
        await Expect(leader.Locator("[data-testid=instr-units] .ant-select-selection-item")).ToContainTextAsync(CountyRoom);
        await leader.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(leader.GetByTestId("incident-instructions").GetByTestId("instr-status")).ToContainTextAsync("落实中");

        // The county signs and reports progress, not yet done.
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        await county.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(county);
        var panel = county.GetByTestId("incident-instructions");
        await panel.GetByTestId("instr-sign").Locator("button").ClickAsync();
        await Expect(panel.GetByTestId("instr-signed")).ToBeVisibleAsync();
        await panel.GetByTestId("instr-feedback-open").Locator("button").ClickAsync();
        await county.Locator("[data-testid=instr-feedback-text] textarea").FillAsync("已组织除雪车辆和交警疏导，滞留车辆正逐步驶离。");
        await county.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(panel.GetByTestId("instr-feedback")).ToContainTextAsync("滞留车辆正逐步驶离");
        await Expect(panel.GetByTestId("instr-status")).ToContainTextAsync("落实中");

        // 终报 with the instruction unfinished: the page asks for confirmation and a reason before it sends, and records it.
        browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(15));
        await county.ReloadAsync();
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("followup-kind").GetByText("终报", new() { Exact = true }).ClickAsync();
        await county.Locator("[data-testid=followup-narrative] textarea").FillAsync("滞留车辆已全部疏导，道路恢复通行，无人员伤亡。");
        await county.GetByTestId("followup-submit").Locator("button").ClickAsync();
        await Expect(county.GetByTestId("final-confirm")).ToContainTextAsync("1 条领导批示");
        await county.Locator("[data-testid=final-confirm-reason] textarea").FillAsync("滞留车辆已全部疏导，批示落实情况另行反馈");
        await county.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(county.GetByTestId("incident-status")).ToContainTextAsync("完结");
        await Expect(county.GetByTestId("incident-timeline")).ToContainTextAsync("批示落实情况另行反馈");

        // Every obligation is met: the call late, the written reports received.
        await county.ReloadAsync();
        await BrowserFixture.ReadyAsync(county);
        await Expect(Row(county, "电话报告")).ToContainTextAsync("超时完成");
        await Expect(Row(county, "书面报告", "首报")).ToContainTextAsync("按时完成");
        await Expect(Row(county, "书面报告", "续报")).ToContainTextAsync("按时完成");
        await Expect(Row(county, "书面报告", "续报")).ToContainTextAsync("应报单位已收到");
        await Expect(county.GetByTestId("incident-obligations")).Not.ToContainTextAsync("已超时");
        await Expect(county.GetByTestId("incident-obligations")).Not.ToContainTextAsync("尚未");
        await county.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("blizzard-closed"), FullPage = true });

        // The prefecture sees the same on its incident page (signed in again: its session idled out on the moved clock).
        prefecture = await browser.SignInAsync("duty.150200");
        await prefecture.GotoAsync(incidentPath);
        await BrowserFixture.ReadyAsync(prefecture);
        await Expect(prefecture.GetByTestId("incident-status")).ToContainTextAsync("完结");
        await Expect(Row(prefecture, "电话报告")).ToContainTextAsync("超时完成");
        await Expect(prefecture.GetByTestId("incident-obligations")).Not.ToContainTextAsync("已超时");
    }

    /// <summary>Logs a call on the incident page to the duty room above whose name contains <paramref name="to"/>, made now.</summary>
    private static async Task LogCallAsync(IPage page, string to)
    {
        // The form offers the duty room right above first (the prefecture), chosen already.
        var chosen = page.Locator("[data-testid=phone-to] .ant-select-selection-item");
        await Expect(chosen).ToContainTextAsync("包头市");
        if (!(await chosen.InnerTextAsync()).Contains(to, StringComparison.Ordinal))
        {
            await page.Locator("[data-testid=phone-to] .ant-select-selector").ClickAsync();
            await page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = to }).ClickAsync();
            await Expect(chosen).ToContainTextAsync(to);
        }

        await page.GetByTestId("phone-caller").FillAsync("张明");
        await page.GetByTestId("phone-callee").FillAsync("值班员李强");
        await page.Locator("[data-testid=phone-summary] textarea").FillAsync("电话报告暴雪致车辆滞留情况及处置进展。");
        await page.GetByTestId("phone-submit").Locator("button").ClickAsync();
        // The form is cleared once the call is logged.
        await Expect(page.GetByTestId("phone-caller")).ToHaveValueAsync("");
    }

    /// <summary>The row of the 报告时限 panel for a channel (and kind).</summary>
    private static ILocator Row(IPage page, string channel, string? kind = null)
    {
        var rows = page.GetByTestId("incident-obligations").Locator("tbody tr").Filter(new() { HasText = channel });
        return kind is null ? rows : rows.Filter(new() { HasText = kind });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex("/incidents/[0-9a-f-]{36}$")]
    private static partial Regex IncidentUrl();
}
