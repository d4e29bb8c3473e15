using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 18, acceptance 4: the prefecture opens an investigation round on its page, the county reports on its page, the
/// prefecture compiles an issue of 《应急管理动态信息》 from the round, reorders a section, and exports DOCX (read back
/// with its issue number and sections) and PDF.
/// </summary>
public sealed partial class RiskBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_round_is_opened_reported_by_the_county_compiled_into_a_bulletin_and_exported()
    {
        var city = await browser.SignInAsync("duty.150200");
        await city.GotoAsync("/risks/rounds");
        await BrowserFixture.ReadyAsync(city);
        await city.GetByTestId("rounds-new").ClickAsync();
        await city.GetByTestId("open-title").FillAsync("元旦春节前城市燃气专项排查");
        await city.GetByTestId("open-target-150203").CheckAsync();
        await city.GetByTestId("open-submit").ClickAsync();
        await Expect(city.GetByTestId("round-title")).ToHaveTextAsync("元旦春节前城市燃气专项排查");
        await Expect(city.GetByTestId("round-pending")).ToHaveTextAsync("1");
        var roundUrl = city.Url;

        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync(roundUrl);
        await BrowserFixture.ReadyAsync(county);
        await county.GetByTestId("report-summary").FillAsync("排查燃气管道12公里、调压站3座，发现1处占压。");
        await county.GetByTestId("finding-description").FillAsync("钢铁大街燃气管道被临时建筑占压");
        await county.GetByTestId("report-submit").ClickAsync();
        await Expect(county.GetByTestId("target-status")).ToHaveTextAsync("按时报送");

        await city.GotoAsync(roundUrl);
        await BrowserFixture.ReadyAsync(city);
        await Expect(city.GetByTestId("round-ontime")).ToHaveTextAsync("1");

        await city.GotoAsync("/risks/bulletins");
        await BrowserFixture.ReadyAsync(city);
        await city.GetByTestId("bulletins-new").ClickAsync();
        await city.GetByTestId("compile-editor").FillAsync("王晓燕");
        await city.GetByTestId("compile-signer").FillAsync("李建军");
        await city.GetByTestId("compile-submit").ClickAsync();
        await Expect(city.GetByTestId("bulletin-title")).ToContainTextAsync("期");
        var headings = city.GetByTestId("section-heading");
        await Expect(headings.First).ToHaveValueAsync("一、风险隐患排查情况");
        await Expect(city.GetByTestId("section-body").First).ToHaveValueAsync(new Regex("元旦春节前城市燃气专项排查.*按时报送1个"));
        await Expect(city.GetByTestId("section-body").First).ToHaveValueAsync(new Regex("钢铁大街燃气管道被临时建筑占压"));

        // Move the first section down and save.
        await city.GetByTestId("section-down").First.ClickAsync();
        await Expect(headings.Nth(1)).ToHaveValueAsync("一、风险隐患排查情况");
        await city.GetByTestId("bulletin-save").ClickAsync();
        await Expect(city.GetByTestId("bulletin-saved")).ToBeVisibleAsync();
        var number = NumberOf(await city.GetByTestId("bulletin-title").InnerTextAsync());

        var docxDownload = await city.RunAndWaitForDownloadAsync(() => city.GetByTestId("bulletin-docx").ClickAsync());
        var docx = await File.ReadAllBytesAsync((await docxDownload.PathAsync())!, TestContext.Current.CancellationToken);
        using (var zip = new ZipArchive(new MemoryStream(docx)))
        {
            using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
            var xml = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
            var text = string.Join("\n", Regex.Matches(xml, "<w:t[^>]*>([^<]*)</w:t>").Select(m => m.Groups[1].Value));
            Assert.Contains("包头市应急管理动态信息", text, StringComparison.Ordinal);
            Assert.Contains($"第{number}期", text, StringComparison.Ordinal);
            var first = text.IndexOf("一、风险隐患排查情况", StringComparison.Ordinal);
            var second = text.IndexOf("二、风险等级变化", StringComparison.Ordinal);
            Assert.True(second >= 0 && first > second, "the sections are in the order saved");
            Assert.Contains("钢铁大街燃气管道被临时建筑占压", text, StringComparison.Ordinal);
        }

        var pdfDownload = await city.RunAndWaitForDownloadAsync(() => city.GetByTestId("bulletin-pdf").ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await pdfDownload.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);
        await city.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("risk-bulletin"), FullPage = true });
    }

    [Fact]
    public async Task A_county_downloads_the_hazard_template_fills_it_imports_it_and_exports_the_registry()
    {
        var county = await browser.SignInAsync("duty.150203");
        await county.GotoAsync("/risks/hazards");
        await BrowserFixture.ReadyAsync(county);
        var template = await county.RunAndWaitForDownloadAsync(() => county.GetByTestId("hazards-template").ClickAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(await template.PathAsync(), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX).Cast<IDictionary<string, object?>>()
            .Select(r => r.ToDictionary(c => c.Key, c => c.Value)).ToList();
        var example = Assert.Single(rows);
        var name = "钢铁大街燃气调压站" + Guid.NewGuid().ToString("N")[..4];
        example["名称"] = name;
        var filled = Path.Combine(Path.GetTempPath(), $"hazards-{Guid.NewGuid():N}.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(filled, rows);
        try
        {
            await county.GetByTestId("hazards-import").SetInputFilesAsync(filled);
            await Expect(county.GetByTestId("hazards-notice")).ToContainTextAsync("已导入 1 处风险隐患");
            await Expect(county.GetByTestId("hazards-table")).ToContainTextAsync(name);
        }
        finally
        {
            File.Delete(filled);
        }

        var export = await county.RunAndWaitForDownloadAsync(() => county.GetByTestId("hazards-export").ClickAsync());
        var exported = MiniExcelLibs.MiniExcel.Query(await export.PathAsync(), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(exported, r => (string?)r["名称"] == name);
        Assert.All(exported, r => Assert.StartsWith("1502", Convert.ToString(r["行政区划代码"], System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // A viewer sees the export but neither the template nor the import.
        var viewer = await browser.SignInAsync("viewer.150200");
        await viewer.GotoAsync("/risks/hazards");
        await BrowserFixture.ReadyAsync(viewer);
        await Expect(viewer.GetByTestId("hazards-export")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("hazards-import")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("hazards-template")).ToHaveCountAsync(0);
    }

    private static int NumberOf(string title) => int.Parse(IssueNumber().Match(title).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("第(\\d+)期")]
    private static partial Regex IssueNumber();
}
