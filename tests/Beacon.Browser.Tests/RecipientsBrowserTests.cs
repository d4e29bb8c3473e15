using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Beacon.Browser.Tests;

/// <summary>Beacon in a browser with the demo recipients of 包头市 and 昆都仑区 seeded (the other tests leave them out).</summary>
public sealed class RecipientsBrowserFixture : IAsyncLifetime
{
    public BrowserFixture Browser { get; } = new(new Dictionary<string, string> { ["Beacon:Warnings:DemoRecipients"] = "true" });

    public ValueTask InitializeAsync() => Browser.InitializeAsync();

    public ValueTask DisposeAsync() => Browser.DisposeAsync();
}

/// <summary>
/// Issue 14, "Pages: recipients": a county's duty officer finds the demo recipients, adds one (a wrong phone refused under
/// its field), finds it by filter, changes it, deactivates it, downloads the template, imports a file (a bad row named
/// first, nothing imported), exports the filtered list; a viewer reads the list with neither add nor import.
/// </summary>
public sealed class RecipientsBrowserTests(RecipientsBrowserFixture fixture) : IClassFixture<RecipientsBrowserFixture>
{
    private BrowserFixture Browser => fixture.Browser;

    [Fact]
    public async Task An_officer_adds_finds_changes_deactivates_imports_and_exports_recipients()
    {
        var officer = await Browser.SignInAsync("duty.150203");
        await officer.GotoAsync("/warnings/recipients");
        await BrowserFixture.ReadyAsync(officer);
        await Expect(officer.GetByTestId("recipients-title")).ToHaveTextAsync("预警接收人管理");
        await Expect(officer.GetByTestId("recipients-total")).ToContainTextAsync("共");
        await officer.GetByTestId("recipients-filter-q").FillAsync("应急管理局");
        await officer.GetByTestId("recipients-filter-go").ClickAsync();
        await Expect(officer.GetByTestId("recipients-table")).ToContainTextAsync("昆都仑区应急管理局");

        // Add: a wrong phone is refused under its field, then saved.
        var name = "赵立新" + Guid.NewGuid().ToString("N")[..4];
        await officer.GetByTestId("recipients-new").ClickAsync();
        await officer.GetByTestId("recipient-name").FillAsync(name);
        await officer.GetByTestId("recipient-phone").FillAsync("1394720");
        await officer.GetByTestId("recipient-areas").FillAsync("150203");
        await officer.GetByTestId("recipient-save").ClickAsync();
        await Expect(officer.GetByTestId("recipient-error-phone")).ToHaveTextAsync("须为 11 位手机号码");
        await officer.GetByTestId("recipient-phone").FillAsync("13947201234");
        await officer.GetByTestId("recipient-save").ClickAsync();
        await Expect(officer.GetByTestId("recipients-notice")).ToContainTextAsync("已添加接收人：" + name);

        // Find it by the search, then change it.
        await officer.GetByTestId("recipients-filter-q").FillAsync(name);
        await officer.GetByTestId("recipients-filter-go").ClickAsync();
        await Expect(officer.GetByTestId("recipient-row")).ToHaveCountAsync(1);
        await Expect(officer.GetByTestId("recipient-row-name")).ToHaveTextAsync(name);
        await officer.GetByTestId("recipient-change").ClickAsync();
        await officer.GetByTestId("recipient-email").FillAsync("zhaolixin@example.cn");
        await officer.GetByTestId("recipient-save").ClickAsync();
        await Expect(officer.GetByTestId("recipients-notice")).ToContainTextAsync("已修改接收人：" + name);
        await Expect(officer.GetByTestId("recipient-row")).ToContainTextAsync("zhaolixin@example.cn");
        await officer.GetByTestId("recipients-filter-channel").SelectOptionAsync("Email");
        await Expect(officer.GetByTestId("recipient-row")).ToHaveCountAsync(1);

        // Deactivate: it leaves the active list and is found among the inactive ones.
        await officer.GetByTestId("recipient-deactivate").ClickAsync();
        await Expect(officer.GetByTestId("recipients-notice")).ToContainTextAsync("已停用接收人：" + name);
        await Expect(officer.GetByTestId("recipient-row")).ToHaveCountAsync(0);
        await officer.GetByTestId("recipients-filter-state").SelectOptionAsync("Inactive");
        await Expect(officer.GetByTestId("recipient-row-state")).ToHaveTextAsync("停用");
        await Expect(officer.GetByTestId("recipient-reactivate")).ToBeVisibleAsync();

        // Template → a filled file: a bad row is named and nothing is imported; corrected, both rows are.
        var template = await officer.RunAndWaitForDownloadAsync(() => officer.GetByTestId("recipients-template").ClickAsync());
        var rows = MiniExcel.Query(await template.PathAsync(), useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
            .Select(r => r.ToDictionary(c => c.Key, c => c.Value)).ToList();
        Assert.Equal(2, rows.Count);
        var prefix = "导入接收人" + Guid.NewGuid().ToString("N")[..4];
        rows[0]["名称"] = prefix + "甲";
        rows[1]["名称"] = prefix + "乙";
        rows[1]["手机号"] = "12345";
        var filled = Path.Combine(Path.GetTempPath(), $"recipients-{Guid.NewGuid():N}.xlsx");
        var corrected = Path.Combine(Path.GetTempPath(), $"recipients-{Guid.NewGuid():N}.xlsx");
        try
        {
            MiniExcel.SaveAs(filled, rows);
            await officer.GetByTestId("recipients-import").SetInputFilesAsync(filled);
            await Expect(officer.GetByTestId("recipients-import-errors")).ToContainTextAsync("第 3 行 手机号：须为 11 位手机号码");
            await Expect(officer.GetByTestId("recipients-notice")).ToContainTextAsync("未导入任何接收人");

            rows[1]["手机号"] = "13947209876";
            MiniExcel.SaveAs(corrected, rows);
            await officer.GetByTestId("recipients-import").SetInputFilesAsync(corrected);
            await Expect(officer.GetByTestId("recipients-import-errors")).ToHaveCountAsync(0);
            await Expect(officer.GetByTestId("recipients-notice")).ToContainTextAsync("已导入 2 个接收人");
        }
        finally
        {
            File.Delete(filled);
            File.Delete(corrected);
        }

        // Export exactly the filtered list.
        await officer.GetByTestId("recipients-filter-state").SelectOptionAsync("Active");
        await officer.GetByTestId("recipients-filter-channel").SelectOptionAsync("");
        await officer.GetByTestId("recipients-filter-q").FillAsync(prefix);
        await officer.GetByTestId("recipients-filter-go").ClickAsync();
        await Expect(officer.GetByTestId("recipient-row")).ToHaveCountAsync(2);
        var export = await officer.RunAndWaitForDownloadAsync(() => officer.GetByTestId("recipients-export").ClickAsync());
        var exported = MiniExcel.Query(await export.PathAsync(), useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(new[] { prefix + "甲", prefix + "乙" }.Order(StringComparer.Ordinal), exported.Select(r => (string?)r["名称"]).Order(StringComparer.Ordinal));
        await officer.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("recipients"), FullPage = true });

        // A viewer reads the list and exports it, but is offered neither add, change nor import.
        var viewer = await Browser.SignInAsync("viewer.150203");
        await viewer.GotoAsync("/warnings/recipients");
        await BrowserFixture.ReadyAsync(viewer);
        await viewer.GetByTestId("recipients-filter-q").FillAsync("昆都仑区应急管理局");
        await viewer.GetByTestId("recipients-filter-go").ClickAsync();
        await Expect(viewer.GetByTestId("recipient-row")).ToHaveCountAsync(1);
        await Expect(viewer.GetByTestId("recipients-export")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("recipients-new")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("recipients-import")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("recipients-template")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("recipient-change")).ToHaveCountAsync(0);
    }
}
