using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Warnings issue, acceptance 7: a yellow rainstorm warning (暴雨黄色预警) is drafted, reviewed, signed off and published
/// through the pages; it appears in the public Atom feed and on the public page; it is lifted (解除) the same way and
/// leaves both.
/// </summary>
public sealed class WarningBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Headline = "昆都仑区应急管理局发布暴雨黄色预警";

    [Fact]
    public async Task The_statistics_page_shows_this_years_counts_from_the_warnings_list_and_exports_them_to_excel()
    {
        var leader = await browser.SignInAsync("leader.150000");
        await leader.GotoAsync("/warnings");
        await BrowserFixture.ReadyAsync(leader);
        await leader.GetByTestId("warnings-statistics").ClickAsync();

        await Expect(leader.GetByTestId("warning-stats-title")).ToHaveTextAsync("预警统计");
        await Expect(leader.GetByTestId("warning-stats-total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        await Expect(leader.GetByText("按级别")).ToBeVisibleAsync();
        var href = await leader.GetByTestId("warning-stats-export").GetAttributeAsync("href");
        var export = await leader.Context.APIRequest.GetAsync(new Uri(new Uri(leader.Url), "/" + href).ToString());
        Assert.Equal(200, export.Status);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Headers["content-type"]);
        await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-statistics"), FullPage = true });
    }

    [Fact]
    public async Task A_yellow_rainstorm_warning_goes_through_review_and_sign_off_to_the_public_and_is_lifted_from_it()
    {
        var duty = await browser.SignInAsync("duty.150203");
        await duty.GotoAsync("/warnings");
        await BrowserFixture.ReadyAsync(duty);
        await Expect(duty.GetByTestId("warnings-title")).ToHaveTextAsync("预警信息");
        await duty.GetByTestId("warnings-new").Locator("button").ClickAsync();
        await Expect(duty.GetByTestId("draft-title")).ToHaveTextAsync("拟稿");
        await BrowserFixture.ReadyAsync(duty);

        // Saving an empty form shows the server-side rules next to the fields, and saves nothing.
        await duty.GetByTestId("draft-save").Locator("button").ClickAsync();
        await Expect(duty.GetByTestId("draft-error")).ToContainTextAsync("请检查标红的字段");

        await duty.Locator("[data-testid=draft-event] .ant-select-selector").ClickAsync();
        await duty.Locator(".ant-select-item-option").Filter(new() { HasText = "暴雨" }).ClickAsync();
        await duty.GetByTestId("draft-level").GetByText("黄色", new() { Exact = true }).ClickAsync();
        await duty.GetByTestId("draft-headline").FillAsync(Headline);
        await duty.Locator("[data-testid=draft-description] textarea").FillAsync("预计未来6小时内昆都仑区将出现50毫米以上降雨，局地伴有雷电和短时大风。");
        await duty.Locator("[data-testid=draft-instruction] textarea").FillAsync("1. 政府及相关部门按照职责做好防暴雨准备工作；\n2. 切断低洼地带有危险的室外电源，暂停在空旷地方的户外作业。");
        await Expect(duty.Locator("[data-testid=draft-counties] .ant-select-selection-item")).ToContainTextAsync("昆都仑区");
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-draft"), FullPage = true });
        await duty.GetByTestId("draft-save").Locator("button").ClickAsync();

        await Expect(duty.GetByTestId("warning-headline")).ToHaveTextAsync(Headline);
        await Expect(duty.GetByTestId("warning-stage")).ToHaveTextAsync("拟稿");
        var url = duty.Url;
        await BrowserFixture.ReadyAsync(duty);
        await duty.GetByTestId("warning-submit").Locator("button").ClickAsync();
        await Expect(duty.GetByTestId("warning-stage")).ToHaveTextAsync("待审核");

        var onDuty = await browser.SignInAsync("onduty.150203");
        await ReviewAsync(onDuty, url);
        // A leader on duty reviews but has no sign-off rights (warning.sign-off): the page does not offer 签发.
        await Expect(onDuty.GetByTestId("warning-stage")).ToHaveTextAsync("待签发");
        await Expect(onDuty.GetByTestId("warning-signoff")).ToHaveCountAsync(0);

        var leader = await browser.SignInAsync("leader.150203");
        await SignOffAsync(leader, url);
        await Expect(leader.GetByTestId("warning-stage")).ToHaveTextAsync("已发布");
        await Expect(leader.GetByTestId("warning-identifier")).ToContainTextAsync("150203");
        await Expect(leader.GetByTestId("warning-cap")).ToBeVisibleAsync();
        await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-published"), FullPage = true });

        Assert.Contains(Headline, await FeedAsync());
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync("/public/warnings");
        await Expect(visitor.GetByTestId("public-warnings")).ToContainTextAsync(Headline);
        await Expect(visitor.GetByTestId("public-warning").First.GetByTestId("warning-level")).ToHaveAttributeAsync("data-level", "Yellow");
        await Expect(visitor.GetByTestId("map-marker")).ToHaveCountAsync(1);
        await visitor.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-public"), FullPage = true });

        // Lift it (解除): a cancel message of the chain, through review and sign-off like the first.
        await duty.ReloadAsync();
        await BrowserFixture.ReadyAsync(duty);
        await duty.GetByTestId("warning-change-cancel").Locator("button").ClickAsync();
        await duty.Locator(".ant-modal-footer .ant-btn-primary:visible").ClickAsync();
        await Expect(duty.GetByTestId("warning-headline")).ToContainTextAsync("解除");
        var cancelUrl = duty.Url;
        Assert.NotEqual(url, cancelUrl);
        await BrowserFixture.ReadyAsync(duty);
        await duty.GetByTestId("warning-submit").Locator("button").ClickAsync();
        await Expect(duty.GetByTestId("warning-stage")).ToHaveTextAsync("待审核");
        await ReviewAsync(onDuty, cancelUrl);
        await SignOffAsync(leader, cancelUrl);
        await Expect(leader.GetByTestId("warning-stage")).ToHaveTextAsync("已解除");
        await Expect(leader.GetByTestId("warning-chain").GetByTestId("chain-message")).ToHaveCountAsync(2);
        await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-lifted"), FullPage = true });

        Assert.DoesNotContain(Headline, await FeedAsync());
        await visitor.ReloadAsync();
        await Expect(visitor.GetByTestId("public-summary")).ToContainTextAsync("当前没有生效中的预警");
        await Expect(visitor.GetByTestId("public-warnings")).Not.ToContainTextAsync(Headline);

        await duty.GotoAsync("/warnings");
        await BrowserFixture.ReadyAsync(duty);
        await Expect(duty.GetByTestId("warnings-table").GetByTestId("warning-stage").First).ToHaveTextAsync("已解除");
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warnings-list"), FullPage = true });
    }

    private static async Task ReviewAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await BrowserFixture.ReadyAsync(page);
        await Expect(page.GetByTestId("warning-stage")).ToHaveTextAsync("待审核");
        await page.GetByTestId("warning-approve").Locator("button").ClickAsync();
        await page.Locator("[data-testid=review-note] textarea").FillAsync("内容准确，同意发布。");
        await page.Locator(".ant-modal-footer .ant-btn-primary:visible").ClickAsync();
        await Expect(page.GetByTestId("warning-stage")).ToHaveTextAsync("待签发");
    }

    private static async Task SignOffAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await BrowserFixture.ReadyAsync(page);
        await Expect(page.GetByTestId("warning-stage")).ToHaveTextAsync("待签发");
        await page.GetByTestId("warning-signoff").Locator("button").ClickAsync();
        await page.Locator(".ant-modal-footer .ant-btn-primary:visible").ClickAsync();
    }

    private async Task<string> FeedAsync()
    {
        using var http = new HttpClient { BaseAddress = browser.BaseAddress };
        return await http.GetStringAsync("/public/warnings.atom");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
