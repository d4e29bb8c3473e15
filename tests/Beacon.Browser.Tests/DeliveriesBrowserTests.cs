using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Testing;
using Beacon.Warnings.Tests.Email;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>Beacon in a browser with e-mail sent to a real SMTP server the fixture starts (SMS stays with the recorder).</summary>
public sealed class DeliveriesBrowserFixture : IAsyncLifetime
{
    public DeliveriesBrowserFixture()
    {
        Smtp = new TestSmtpServer();
        Browser = new BrowserFixture(new Dictionary<string, string>
        {
            ["Beacon:Warnings:Dissemination:Email:Mode"] = "Smtp",
            ["Beacon:Warnings:Dissemination:Email:Host"] = "127.0.0.1",
            ["Beacon:Warnings:Dissemination:Email:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Beacon:Warnings:Dissemination:Email:Security"] = "None",
            ["Beacon:Warnings:Dissemination:Email:UserName"] = TestSmtpServer.User,
            ["Beacon:Warnings:Dissemination:Email:Password"] = TestSmtpServer.Password,
        });
    }

    public TestSmtpServer Smtp { get; }

    public BrowserFixture Browser { get; }

    public async ValueTask InitializeAsync()
    {
        await Smtp.StartAsync();
        await Browser.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// Issue 14, acceptance 5: a leader signs off a warning choosing SMS and e-mail only; its deliveries page fills in live
/// as the dispatcher works (the SMTP server down at first, then back); a refused e-mail is listed with the server's
/// reply and sent again with 重发 once the server takes it.
/// </summary>
public sealed class DeliveriesBrowserTests(DeliveriesBrowserFixture fixture) : IClassFixture<DeliveriesBrowserFixture>
{
    private const string Headline = "白云鄂博矿区气象台发布大风蓝色预警";

    private BrowserFixture Browser => fixture.Browser;

    [Fact]
    public async Task A_sign_off_choosing_sms_and_email_fills_the_deliveries_page_live_and_a_refused_email_is_retried()
    {
        var warningId = await ApprovedWarningAsync();
        var leader = await Browser.SignInAsync("leader.150200");
        await fixture.Smtp.StopAsync();
        try
        {
            await leader.GotoAsync($"/warnings/{warningId}");
            await BrowserFixture.ReadyAsync(leader);
            await Expect(leader.GetByTestId("warning-stage")).ToHaveTextAsync("待签发");
            await leader.GetByTestId("warning-signoff").Locator("button").ClickAsync();

            // The channels with their recipients, the SMS as it goes out and its parts; webhook unticked.
            await Expect(leader.GetByTestId("signoff-channel-Sms")).ToContainTextAsync("2 个接收对象");
            await Expect(leader.GetByTestId("signoff-channel-Sms")).ToContainTextAsync("演示记录");
            await Expect(leader.GetByTestId("signoff-channel-Email")).ToContainTextAsync("2 个接收对象");
            await Expect(leader.GetByTestId("signoff-channel-Webhook")).ToContainTextAsync("1 个接收对象");
            await Expect(leader.GetByTestId("signoff-sms")).ToContainTextAsync("分 2 条发送");
            await leader.GetByTestId("signoff-channel-Webhook").Locator(".ant-checkbox-wrapper").ClickAsync();
            await Expect(leader.GetByTestId("signoff-channel-Webhook").Locator("input[type=checkbox]")).Not.ToBeCheckedAsync();
            await Expect(leader.GetByTestId("signoff-channel-Email").Locator("input[type=checkbox]")).ToBeCheckedAsync();
            await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-signoff-channels"), FullPage = true });
            await leader.Locator(".ant-modal-footer .ant-btn-primary:visible").ClickAsync();
            await Expect(leader.GetByTestId("warning-stage")).ToHaveTextAsync("已发布");

            // The deliveries page: SMS recorded (labelled), e-mail waiting for a server that is down.
            await leader.GetByTestId("warning-deliveries").Locator("a").ClickAsync();
            await Expect(leader.GetByTestId("deliveries-title")).ToHaveTextAsync("发布情况");
            await BrowserFixture.ReadyAsync(leader);
            await Expect(leader.GetByTestId("deliveries-recorder")).ToContainTextAsync("短信");
            await Expect(leader.GetByTestId("count-Sms-Sent")).ToHaveTextAsync("2");
            await Expect(leader.GetByTestId("count-Email-Retrying")).ToHaveTextAsync("2");
            await Expect(leader.GetByTestId("deliveries-channel-Webhook")).ToHaveCountAsync(0);

            // The server comes back and the backoff passes: the page fills in by itself.
            await fixture.Smtp.StartAsync();
            Browser.Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        }
        finally
        {
            if (!fixture.Smtp.IsRunning)
            {
                await fixture.Smtp.StartAsync();
            }
        }

        await Expect(leader.GetByTestId("count-Email-Sent")).ToHaveTextAsync("1");
        await Expect(leader.GetByTestId("count-Email-Failed")).ToHaveTextAsync("1");
        await Expect(leader.GetByTestId("deliveries-state")).ToContainTextAsync("发送完毕");
        await Expect(leader.GetByTestId("deliveries-failures").GetByTestId("delivery-reason")).ToContainTextAsync("550");
        await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("warning-deliveries"), FullPage = true });

        // 重发 once the server takes the address: the failure leaves the list and the message arrives.
        fixture.Smtp.RefuseRecipients = false;
        try
        {
            await leader.GetByTestId("deliveries-failures").Locator("[data-testid^=delivery-retry-] button").ClickAsync();
            await Expect(leader.GetByTestId("deliveries-notice")).ToContainTextAsync("已重新排队发送");
            await Expect(leader.GetByTestId("count-Email-Sent")).ToHaveTextAsync("2");
            await Expect(leader.GetByTestId("count-Email-Failed")).ToHaveTextAsync("0");
            Assert.Single(fixture.Smtp.Received, m => m.To.Contains("refused.byeb@example.cn"));
        }
        finally
        {
            fixture.Smtp.RefuseRecipients = true;
        }
    }

    /// <summary>Two recipients in 白云鄂博矿区 (one the server refuses, one also with a webhook), and a warning there through review.</summary>
    private async Task<Guid> ApprovedWarningAsync()
    {
        var duty = await ApiAsync("duty.150200");
        var unit = new
        {
            kind = "Unit",
            name = "白云鄂博矿区应急管理局",
            phone = "13900000261",
            email = "byeb@example.cn",
            webhookUrl = "https://hooks.example.cn/byeb",
            webhookSecret = "byeb-secret-0123456789",
            areas = new[] { "150206" },
        };
        await PostAsync(duty, "/api/v1/recipients", unit);
        await PostAsync(duty, "/api/v1/recipients", new { kind = "Person", name = "白云鄂博矿区某网格员", phone = "13900000262", email = "refused.byeb@example.cn", areas = new[] { "150206" } });
        var now = Browser.Beacon.Clock.GetUtcNow();
        var draft = await PostAsync(duty, "/api/v1/warnings", new
        {
            eventCode = "11B06",
            level = "Blue",
            urgency = "Expected",
            certainty = "Likely",
            effectiveAt = now,
            expiresAt = now.AddHours(12),
            headline = Headline,
            description = "预计未来24小时内白云鄂博矿区将出现6级以上大风，阵风可达8级，请注意防范。",
            instruction = "1. 政府及相关部门按照职责做好防大风工作；2. 关好门窗，加固围板、棚架、广告牌等易被风吹动的搭建物，妥善安置易受大风影响的室外物品。",
            areas = new[] { new { divisionCode = "150206" } },
        });
        var id = draft.GetProperty("id").GetGuid();
        var submitted = await StepAsync(duty, id, draft.GetProperty("version").GetInt32(), "submit", new { });
        await StepAsync(await ApiAsync("onduty.150200"), id, submitted.GetProperty("version").GetInt32(), "review", new { approve = true });
        return id;
    }

    private async Task<HttpClient> ApiAsync(string user)
    {
        var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, user, Platform.Seeding.DemoAccounts.Password);
        return api;
    }

    private static async Task<JsonElement> PostAsync(HttpClient api, string url, object body)
    {
        var response = await api.PostJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static async Task<JsonElement> StepAsync(HttpClient api, Guid id, int version, string step, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{id}/{step}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        var response = await api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
