using System.Net;
using System.Text;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 14 (信息接入): a duty officer imports a CAP file by hand on the imports page — a broken file is refused in
/// Chinese, a real one is received, listed and opened — and re-publishes (转发发布) a received warning from its page
/// as a draft of the county's own.
/// </summary>
public sealed class ImportsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_officer_uploads_a_cap_file_on_the_imports_page_and_sees_it_received()
    {
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var headline = $"昆都仑区气象台发布暴雨黄色预警信号（{stamp}）";
        var duty = await browser.SignInAsync("duty.150203");
        await duty.GotoAsync("/warnings");
        await BrowserFixture.ReadyAsync(duty);
        await duty.GetByTestId("warnings-imports").ClickAsync();
        await Expect(duty.GetByTestId("imports-title")).ToHaveTextAsync("信息接入");
        await BrowserFixture.ReadyAsync(duty);
        await Expect(duty.GetByTestId("imports-feeds")).ToBeVisibleAsync();

        // A file that is not CAP: refused, with the reason in Chinese; nothing received.
        await duty.Locator("[data-testid=imports-file]").SetInputFilesAsync(new FilePayload
        {
            Name = "not-cap.xml",
            MimeType = "application/xml",
            Buffer = Encoding.UTF8.GetBytes("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x</identifier></alert>"),
        });
        await Expect(duty.GetByTestId("imports-result")).ToContainTextAsync("未导入");
        await Expect(duty.GetByTestId("imports-result")).ToContainTextAsync("CAP 消息格式不正确");

        // A rainstorm warning of the county's weather office: received, linked, and listed among the received ones.
        await duty.Locator("[data-testid=imports-file]").SetInputFilesAsync(new FilePayload
        {
            Name = "rainstorm.xml",
            MimeType = "application/cap+xml",
            Buffer = Encoding.UTF8.GetBytes(Rainstorm(stamp, headline, browser.Beacon.Clock.GetUtcNow())),
        });
        await Expect(duty.GetByTestId("imports-result")).ToContainTextAsync("已接收");
        await Expect(duty.GetByTestId("imports-result-link")).ToHaveTextAsync(headline);
        await Expect(duty.GetByTestId("imports-recent").GetByText(headline)).ToBeVisibleAsync();
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-imports"), FullPage = true });

        await duty.GetByTestId("imports-result-link").ClickAsync();
        await Expect(duty.GetByTestId("warning-headline")).ToHaveTextAsync(headline);
        await Expect(duty.GetByTestId("warning-stage")).ToHaveTextAsync("已接收");
    }

    [Fact]
    public async Task An_officer_republishes_a_received_warning_from_its_page_as_a_draft_of_the_county()
    {
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var headline = $"昆都仑区气象台发布暴雨黄色预警信号（{stamp}）";
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var imported = await api.PostAsync("/api/v1/warnings/import",
            new StringContent(Rainstorm(stamp, headline, browser.Beacon.Clock.GetUtcNow()), Encoding.UTF8, "application/cap+xml"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var received = (await imported.JsonAsync()).GetProperty("warning").GetProperty("id").GetString();

        // A viewer sees the received warning but is not offered 转发发布.
        var viewer = await browser.SignInAsync("viewer.150203");
        await viewer.GotoAsync($"/warnings/{received}");
        await BrowserFixture.ReadyAsync(viewer);
        await Expect(viewer.GetByTestId("warning-headline")).ToHaveTextAsync(headline);
        await Expect(viewer.GetByTestId("warning-republish")).ToHaveCountAsync(0);

        var duty = await browser.SignInAsync("duty.150203");
        await duty.GotoAsync($"/warnings/{received}");
        await BrowserFixture.ReadyAsync(duty);
        await Expect(duty.GetByTestId("warning-stage")).ToHaveTextAsync("已接收");
        await duty.GetByTestId("warning-republish").Locator("button").ClickAsync();
        await Expect(duty.GetByTestId("republish-dialog")).ToContainTextAsync(headline);
        await duty.Locator(".ant-modal-footer .ant-btn-primary:visible").ClickAsync();

        // The draft of the county's own is linked; it opens as a draft with the received content.
        await Expect(duty.GetByTestId("warning-republished")).ToContainTextAsync("已转发为本单位的预警草稿");
        await Expect(duty.GetByTestId("warning-republished-link")).ToHaveTextAsync(headline);
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-republished"), FullPage = true });
        await duty.GetByTestId("warning-republished-link").ClickAsync();
        await Expect(duty.GetByTestId("warning-stage")).ToHaveTextAsync("拟稿");
        await Expect(duty.GetByTestId("warning-headline")).ToHaveTextAsync(headline);
        Assert.NotEqual(received, duty.Url.Split('/')[^1]);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>A yellow rainstorm warning (暴雨黄色预警) for 昆都仑区, valid from an hour before <paramref name="now"/> for a day.</summary>
    private static string Rainstorm(string stamp, string headline, DateTimeOffset now)
    {
        var beijing = TimeSpan.FromHours(8);
        string At(DateTimeOffset t) => t.ToOffset(beijing).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "+08:00";
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>15020341600000_2{stamp[..7]}3000</identifier>
              <sender>Kundulun_Meteorological_Observatory</sender>
              <sent>{At(now.AddMinutes(-5))}</sent>
              <status>Actual</status>
              <msgType>Alert</msgType>
              <scope>Public</scope>
              <info>
                <language>zh-CN</language>
                <category>Met</category>
                <event>暴雨</event>
                <responseType>Prepare</responseType>
                <urgency>Expected</urgency>
                <severity>Moderate</severity>
                <certainty>Likely</certainty>
                <eventCode><valueName>GB/T 35561</valueName><value>11B03</value></eventCode>
                <effective>{At(now.AddHours(-1))}</effective>
                <expires>{At(now.AddDays(1))}</expires>
                <senderName>昆都仑区气象台</senderName>
                <headline>{headline}</headline>
                <description>预计未来6小时内昆都仑区降雨量将达50毫米以上，局地伴有雷电和短时强降水，请注意防范。</description>
                <instruction>政府及相关部门按照职责做好防暴雨工作；切断低洼地带有危险的室外电源。</instruction>
                <area>
                  <areaDesc>昆都仑区</areaDesc>
                  <geocode><valueName>CPEAS Geographic Code</valueName><value>150203000000</value></geocode>
                </area>
              </info>
            </alert>
            """;
    }
}
