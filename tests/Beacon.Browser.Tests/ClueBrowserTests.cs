using System.Net;
using System.Text.RegularExpressions;
using Beacon.Testing;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13: a county duty officer works 舆情线索 on the page: records a clue seen on Weibo, judges it (研判) and links it
/// to the incident it is about; records a second one and turns it into a first report (转为接报) on the prefilled form;
/// the clue then shows the new incident, whose first report downloads as a DOCX holding the incident's title.
/// </summary>
public sealed partial class ClueBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Existing = "昆都仑区阿尔丁大街燃气管道泄漏";
    private const string FirstClue = "网传阿尔丁大街燃气泄漏，周边居民已撤离";
    private const string SecondClue = "网传昆都仑河河堤出现管涌，附近群众围观";

    [Fact]
    public async Task A_duty_officer_records_a_clue_judges_and_links_it_and_turns_another_into_a_first_report_whose_docx_holds_the_title()
    {
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var now = browser.Beacon.Clock.GetUtcNow();
        var created = await api.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
        {
            ["title"] = Existing,
            ["eventTypeCode"] = "12C01",
            ["severity"] = "IV",
            ["isSensitive"] = false,
            ["occurredAt"] = now.AddMinutes(-30),
            ["learnedAt"] = now.AddMinutes(-20),
            ["locationCode"] = "150203",
            ["source"] = "Phone",
            ["narrative"] = "阿尔丁大街一处燃气管道泄漏，燃气公司已关阀抢修。",
            ["signer"] = "王主任",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var existingNumber = (await created.JsonAsync()).GetProperty("number").GetString()!;

        var duty = await browser.SignInAsync("duty.150203");
        await duty.GotoAsync("/duty/clues");
        await BrowserFixture.ReadyAsync(duty);
        await Expect(duty.GetByTestId("clues-title")).ToHaveTextAsync("舆情线索");

        // 登记: the first clue, with its link and heat.
        await CaptureAsync(duty, FirstClue, "https://weibo.com/1234567890/abc", "高");
        var first = duty.GetByTestId("clue-item").Filter(new() { HasText = FirstClue });
        await Expect(first).ToContainTextAsync("微博");
        await Expect(first.GetByTestId("clue-heat-shown")).ToHaveTextAsync("热度：高");

        // 研判, linked to the incident it is about.
        await first.GetByTestId("clue-judge").Locator("button").ClickAsync();
        await duty.Locator("[data-testid=clue-judge-text] textarea").FillAsync("与已接报的燃气泄漏为同一事件，居民撤离情况需核实。");
        await duty.Locator("[data-testid=clue-judge-incident] .ant-select-selector").ClickAsync();
        await duty.Locator("[data-testid=clue-judge-incident] input").FillAsync("阿尔丁大街");
        var option = duty.Locator(".ant-select-item-option").Filter(new() { HasText = Existing });
        await Expect(option).ToHaveCountAsync(1);
        await option.ClickAsync();
        await duty.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(duty.Locator(".ant-modal-footer")).ToHaveCountAsync(0);
        await Expect(first.GetByTestId("clue-judgement")).ToContainTextAsync("同一事件");
        // The judgement is stamped with the judge's name, not the login.
        await Expect(first.GetByTestId("clue-judgement")).Not.ToContainTextAsync("duty.150203");
        await Expect(first.GetByTestId("clue-incident")).ToContainTextAsync(existingNumber);
        await Expect(first.GetByTestId("clue-report")).ToHaveCountAsync(0);
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("clues-judged"), FullPage = true });

        // A second clue becomes a first report: the form comes prefilled from the clue.
        await CaptureAsync(duty, SecondClue, null, "中");
        var second = duty.GetByTestId("clue-item").Filter(new() { HasText = SecondClue });
        await second.GetByTestId("clue-report").Locator("button").ClickAsync();
        await Expect(duty).ToHaveURLAsync(NewReportFromClue());
        await BrowserFixture.ReadyAsync(duty);
        await Expect(duty.GetByTestId("report-title")).ToHaveValueAsync(SecondClue);
        await Expect(duty.Locator("[data-testid=report-narrative] textarea")).ToHaveValueAsync(SecondClue);
        await BrowserFixture.PickEventTypeAsync(duty, "自然灾害", "水旱灾害", "洪水");
        await duty.Locator("[data-testid=report-severity] .ant-select-selector").ClickAsync();
        await duty.GetByText("Ⅳ级 一般", new() { Exact = true }).ClickAsync();
        await Expect(duty.GetByTestId("report-source")).ToContainTextAsync("媒体或网络线索");
        await duty.GetByTestId("report-signer").FillAsync("张明");
        await duty.GetByTestId("report-submit").Locator("button").ClickAsync();
        await Expect(duty).ToHaveURLAsync(IncidentUrl());
        await Expect(duty.GetByTestId("incident-title")).ToHaveTextAsync(SecondClue);
        var number = (await duty.GetByTestId("incident-number").InnerTextAsync()).Trim();
        await BrowserFixture.ReadyAsync(duty);

        // The first report's DOCX from the incident page holds the incident's title and number.
        var docx = duty.GetByTestId("report-docx").Filter(new() { HasText = "书面报告" }).First;
        await Expect(docx).ToHaveAttributeAsync("data-report", "首报");
        var download = await duty.RunAndWaitForDownloadAsync(() => docx.ClickAsync());
        using (var doc = WordprocessingDocument.Open(await download.PathAsync(), false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("突发事件信息首报", text, StringComparison.Ordinal);
            Assert.Contains(SecondClue, text, StringComparison.Ordinal);
            Assert.Contains(number, text, StringComparison.Ordinal);
        }

        // Back on the clues page: the second clue is linked to the new incident and can no longer be turned into a report.
        await duty.GotoAsync("/duty/clues");
        await BrowserFixture.ReadyAsync(duty);
        second = duty.GetByTestId("clue-item").Filter(new() { HasText = SecondClue });
        await Expect(second.GetByTestId("clue-incident")).ToContainTextAsync(number);
        await Expect(second.GetByTestId("clue-judgement")).ToContainTextAsync($"已转为接报 {number}");
        await Expect(second.GetByTestId("clue-report")).ToHaveCountAsync(0);
    }

    private static async Task CaptureAsync(IPage page, string excerpt, string? link, string heat)
    {
        await page.GetByTestId("clues-capture-open").Locator("button").ClickAsync();
        await page.GetByTestId("clue-source").FillAsync("微博");
        if (link is not null)
        {
            await page.GetByTestId("clue-link").FillAsync(link);
        }

        await page.Locator("[data-testid=clue-excerpt-input] textarea").FillAsync(excerpt);
        await page.GetByTestId("clue-heat").GetByText(heat, new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(page.Locator(".ant-modal-footer")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("clue-item").Filter(new() { HasText = excerpt })).ToHaveCountAsync(1);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex(@"/incidents/new\?clue=[0-9a-f-]{36}$")]
    private static partial Regex NewReportFromClue();

    [GeneratedRegex(@"/incidents/[0-9a-f-]{36}$")]
    private static partial Regex IncidentUrl();
}
