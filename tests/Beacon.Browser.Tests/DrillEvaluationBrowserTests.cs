using System.Net;
using Beacon.Plans.Drills;
using Beacon.Platform.Accounts.Me;
using Beacon.Testing;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 16, "What to build" 6 on the pages: a department keeps a scoring template, scores its drill that took place
/// per participant and overall, records a finding that becomes a revision task of the exercised plan, finds it on the
/// revision list, and downloads the report, which reads back in Chinese. A neighbour's account sees no evaluation form.
/// </summary>
public sealed class DrillEvaluationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_department_scores_a_finished_drill_its_finding_becomes_a_revision_task_and_the_report_downloads()
    {
        var ct = TestContext.Current.CancellationToken;
        using var duty = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(duty, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        using var liaison = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(liaison, "liaison.150203", Platform.Seeding.DemoAccounts.Password);
        var room = (await (await duty.GetAsync("/api/v1/me", ct)).ReadAsync<MeView>()).UnitId!.Value;
        const string PlanTitle = "昆都仑区危化品事故专项应急预案（评估页面）";
        var plan = await duty.PostJsonAsync("/api/v1/plans", new
        {
            title = PlanTitle,
            type = "Special",
            status = "InForce",
            eventTypeCodes = new[] { "12A" },
            levels = new object[] { new { level = "III", criteria = "deaths >= 3", groups = new object[] { new { name = "综合协调组", memberUnitIds = new[] { room }, duties = "汇总信息" } } } },
        });
        Assert.Equal(HttpStatusCode.Created, plan.StatusCode);
        var planId = (await plan.JsonAsync()).GetProperty("id").GetGuid();
        var now = browser.Beacon.Clock.GetUtcNow();
        const string DrillTitle = "昆都仑区危化品泄漏桌面推演（评估页面）";
        var created = await liaison.PostJsonAsync("/api/v1/drills", new
        {
            title = DrillTitle,
            type = "Tabletop",
            planIds = new[] { planId },
            participantUnitIds = new[] { room },
            scenario = "某化工企业储罐泄漏，推演信息报送、预案启动与疏散。",
            startsAt = now.AddHours(1),
            endsAt = now.AddHours(3),
            injects = new[] { new { title = "企业报告储罐泄漏（评估页面）", eventTypeCode = "12A03", text = "演练注入：储罐阀门泄漏。", at = now.AddHours(2) } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var drill = (await created.JsonAsync()).GetProperty("id").GetGuid();

        // The drill takes place on the fake clock.
        browser.Beacon.Clock.Advance(TimeSpan.FromHours(2));
        await browser.Beacon.Services.CreateScope().ServiceProvider.GetRequiredService<InjectDelivery>().DeliverDueAsync(ct);
        browser.Beacon.Clock.Advance(TimeSpan.FromHours(2));

        // A scoring template on the templates page.
        var page = await browser.SignInAsync("liaison.150203");
        await page.GotoAsync("/drills/templates");
        await BrowserFixture.ReadyAsync(page);
        await page.GetByTestId("template-title").FillAsync("昆都仑区桌面推演评估模板（页面）");
        await page.GetByTestId("template-item-name").Nth(0).FillAsync("信息报送");
        await page.GetByTestId("template-item-max").Nth(0).FillAsync("20");
        await page.GetByTestId("template-item-weight").Nth(0).FillAsync("2");
        await page.GetByTestId("template-add-item").Locator("button").ClickAsync();
        await page.GetByTestId("template-item-name").Nth(1).FillAsync("指挥协调");
        await page.GetByTestId("template-item-max").Nth(1).FillAsync("30");
        await page.GetByTestId("template-item-weight").Nth(1).FillAsync("1");
        await page.GetByTestId("template-create").Locator("button").ClickAsync();
        await Expect(page.GetByTestId("templates-notice")).ToContainTextAsync("模板已创建");
        await Expect(page.GetByTestId("template").Filter(new() { HasText = "昆都仑区桌面推演评估模板（页面）" })).ToHaveCountAsync(1);

        // Scores on the drill's page: overall and the participating duty room.
        await page.GotoAsync($"/drills/{drill}");
        await BrowserFixture.ReadyAsync(page);
        await page.GetByTestId("evaluation-template").SelectOptionAsync(new SelectOptionValue { Label = "昆都仑区桌面推演评估模板（页面）（昆都仑区）" });
        var overall = page.Locator("[data-testid=score-row][data-unit=overall]");
        await overall.GetByTestId("score-input").Nth(0).FillAsync("18");
        await overall.GetByTestId("score-input").Nth(1).FillAsync("24");
        var unit = page.Locator($"[data-testid=score-row][data-unit='{room}']");
        await unit.GetByTestId("score-input").Nth(0).FillAsync("15");
        await unit.GetByTestId("score-input").Nth(1).FillAsync("27");
        await unit.GetByTestId("score-comment").FillAsync("签收及时，书面报告略慢");
        await page.GetByTestId("evaluation-summary").FillAsync("信息报送及时，疏散方案需细化。");
        await page.GetByTestId("evaluation-save").Locator("button").ClickAsync();
        await Expect(page.GetByTestId("evaluation-notice")).ToContainTextAsync("评分已保存");
        await Expect(page.GetByTestId("sheet-total").Nth(0)).ToHaveTextAsync("86.7");
        await Expect(page.GetByTestId("sheet-total").Nth(1)).ToContainTextAsync("80");

        // A finding that becomes a revision task of the exercised plan.
        var due = DateOnly.FromDateTime(browser.Beacon.Clock.GetUtcNow().AddHours(8).DateTime).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByTestId("finding-unit").SelectOptionAsync(room.ToString());
        await page.GetByTestId("finding-text").FillAsync("疏散安置组职责不清，预案未明确转移路线。");
        await page.GetByTestId("finding-disposition").SelectOptionAsync("PlanRevision");
        await page.GetByTestId("finding-plan").SelectOptionAsync(planId.ToString());
        await page.GetByTestId("finding-owner").SelectOptionAsync(room.ToString());
        await page.GetByTestId("finding-due").FillAsync(due);
        await page.GetByTestId("finding-add").Locator("button").ClickAsync();
        await Expect(page.GetByTestId("evaluation-notice")).ToContainTextAsync("问题已记录");
        var finding = page.GetByTestId("finding").Filter(new() { HasText = "疏散安置组职责不清" });
        await Expect(finding.GetByTestId("finding-task")).ToContainTextAsync(PlanTitle);
        await Expect(finding.GetByTestId("finding-task")).ToContainTextAsync(due);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("drill-evaluation"), FullPage = true });

        // The report downloads and reads back in Chinese.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("drill-report").ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!, ct);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains(DrillTitle + "评估报告", text, StringComparison.Ordinal);
            Assert.Contains("86.7", text, StringComparison.Ordinal);
            Assert.Contains("疏散安置组职责不清，预案未明确转移路线。", text, StringComparison.Ordinal);
        }

        // The revision task is on the revisions page, with its trigger.
        await page.GotoAsync("/plans/revisions");
        await BrowserFixture.ReadyAsync(page);
        var revision = page.GetByTestId("revision").Filter(new() { HasText = "疏散安置组职责不清" });
        await Expect(revision).ToContainTextAsync("演练发现问题");
        await Expect(revision).ToContainTextAsync(PlanTitle);
        await Expect(revision.GetByTestId("revision-due")).ToContainTextAsync(due);

        // The neighbouring county's duty officer finds no such drill.
        var neighbour = await browser.SignInAsync("duty.150204");
        await neighbour.GotoAsync($"/drills/{drill}");
        await BrowserFixture.ReadyAsync(neighbour);
        await Expect(neighbour.GetByTestId("evaluation-title")).ToHaveCountAsync(0);
        await Expect(neighbour.GetByTestId("drill-title")).ToHaveCountAsync(0);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
