using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Testing;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Dissemination.Email;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Beacon.Warnings.Tests.Email;

/// <summary>
/// Beacon whose e-mail channel is the real SMTP one, pointed at a <see cref="TestSmtpServer"/> the fixture starts (and
/// stops with itself), with SMTP AUTH. The background dispatcher is off: the tests run its rounds against the fake clock.
/// </summary>
public abstract class SmtpBeacon(Provider provider) : BeaconFactory(provider)
{
    public TestSmtpServer Smtp { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Smtp.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:Warnings:Dissemination:IntervalMilliseconds", "0");
        builder.UseSetting("Beacon:Warnings:Dissemination:Email:Mode", "Smtp");
        builder.UseSetting("Beacon:Warnings:Dissemination:Email:Host", "127.0.0.1");
        builder.UseSetting("Beacon:Warnings:Dissemination:Email:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Beacon:Warnings:Dissemination:Email:Security", "None");
        builder.UseSetting("Beacon:Warnings:Dissemination:Email:UserName", TestSmtpServer.User);
        builder.UseSetting("Beacon:Warnings:Dissemination:Email:Password", TestSmtpServer.Password);
        builder.UseSetting("Beacon:Warnings:Dissemination:Email:From", "包头市预警信息发布中心 <yujing@baotou.example.cn>");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteSmtpBeacon() : SmtpBeacon(Provider.Sqlite);

public sealed class PostgresSmtpBeacon() : SmtpBeacon(Provider.Postgres);

/// <summary>
/// E-mail over SMTP (acceptance 1 of issue 14): the message read back from a real SMTP server with its recipient,
/// subject and Chinese body; a refused recipient fails with the server's reply; a server down at first gets it after
/// retries with backoff. Every delivery keeps what the server answered.
/// </summary>
public abstract class SmtpEmailTests(SmtpBeacon beacon) : LaneTests(beacon)
{
    private new SmtpBeacon Beacon => (SmtpBeacon)base.Beacon;

    private TestSmtpServer Smtp => Beacon.Smtp;

    private Dispatcher Dispatcher => Beacon.Services.GetRequiredService<Dispatcher>();

    private DisseminationOptions Options => Beacon.Services.GetRequiredService<IOptions<WarningsOptions>>().Value.Dissemination;

    [Fact]
    public async Task A_warning_arrives_at_the_smtp_server_with_its_recipient_subject_and_chinese_body_and_the_delivery_keeps_the_servers_answer()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var recipient = await CreateAsync(prefecture, "昆都仑区某社区网格员", ["150203"], "wangge.kdl@example.cn");
        const string headline = "昆都仑区气象台发布暴雨黄色预警（邮件）";

        var warning = await PublishAsync(["150203"], headline);
        await DisseminateAsync(warning.Id);

        var mail = Assert.Single(Smtp.Received, m => m.To.Contains("wangge.kdl@example.cn"));
        Assert.Equal(["wangge.kdl@example.cn"], mail.To);
        Assert.Equal("yujing@baotou.example.cn", mail.From);
        Assert.Equal(headline, mail.Message.Subject);
        Assert.Equal("包头市预警信息发布中心", mail.Message.From.Mailboxes.Single().Name);
        Assert.Contains("预计未来6小时内昆都仑区将出现50毫米以上降雨，局地伴有雷电和短时大风。", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("防御指南：1. 政府及相关部门按照职责做好防暴雨准备工作", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"预警编号：{warning.Identifier}", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<p>{headline}</p>", mail.Message.HtmlBody, StringComparison.Ordinal);

        await using var db = Beacon.Db();
        var delivery = await db.Set<Delivery>().SingleAsync(d => d.WarningId == warning.Id && d.RecipientId == recipient.Id, Ct);
        Assert.Equal((DeliveryStatus.Sent, 1), (delivery.Status, delivery.Attempts));
        Assert.Equal($"250 2.0.0 Ok: queued as {mail.QueueId}", delivery.Answer);
        Assert.Equal(mail.QueueId, delivery.ExternalId);
        Assert.Equal($"delivery-{delivery.Id}@baotou.example.cn", mail.Message.MessageId);
        Assert.False(await db.Set<RecordedMessage>().AnyAsync(m => m.DeliveryId == delivery.Id, Ct));
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_fails_for_good_with_the_servers_reply_and_the_others_of_the_batch_arrive()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var refused = await CreateAsync(prefecture, "青山区已注销邮箱", ["150204"], "refused.qs@example.cn");
        var before = await CreateAsync(prefecture, "青山区应急管理局", ["150204"], "qs.before@example.cn");
        var after = await CreateAsync(prefecture, "青山区某街道", ["150204001"], "qs.after@example.cn");

        var warning = await PublishAsync(["150204"], "青山区气象台发布大风蓝色预警");
        await DisseminateAsync(warning.Id);

        await using var db = Beacon.Db();
        var deliveries = await db.Set<Delivery>().AsNoTracking().Where(d => d.WarningId == warning.Id && d.Channel == WarningChannel.Email).ToDictionaryAsync(d => d.RecipientId, Ct);
        var failed = deliveries[refused.Id];
        Assert.Equal((DeliveryStatus.Failed, 1), (failed.Status, failed.Attempts));
        Assert.StartsWith("550 ", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(failed.LastError, failed.Answer);
        Assert.Equal(DeliveryStatus.Sent, deliveries[before.Id].Status);
        Assert.Equal(DeliveryStatus.Sent, deliveries[after.Id].Status);
        Assert.Single(Smtp.Received, m => m.To.Contains("qs.before@example.cn"));
        Assert.Single(Smtp.Received, m => m.To.Contains("qs.after@example.cn"));
        Assert.DoesNotContain(Smtp.Received, m => m.To.Contains("refused.qs@example.cn"));

        // Refused for good: no further attempt, however long one waits.
        Beacon.Clock.Advance(Options.MaxBackoff);
        await Dispatcher.RunOnceAsync(Ct);
        Assert.Equal(1, (await db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.Id == failed.Id, Ct)).Attempts);

        // The deliveries report lists the failure with the server's reply (signed in again: the clock moved on).
        prefecture = await Beacon.SignInAsync("duty.150200");
        var listed = await prefecture.GetAsync($"/api/v1/warnings/{warning.Id}/deliveries?failures=true", Ct);
        Assert.True(listed.StatusCode == HttpStatusCode.OK, await listed.Content.ReadAsStringAsync(Ct));
        var report = await listed.ReadAsync<DeliveryReport>();
        var row = Assert.Single(report.Deliveries);
        Assert.Equal((failed.Id, "Failed", failed.LastError, false), (row.Id, row.Status, row.LastError, row.Recorded));
        Assert.Equal(1, report.Counts.Single(c => c is { Channel: "Email", Status: "Failed" }).Count);
        Assert.DoesNotContain("Email", report.RecorderChannels ?? []);

        // A retry (重发): not by the neighbouring county, not of a delivery that did not fail; then once more to the server.
        var neighbour = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/warnings/{warning.Id}/deliveries/retry", new { deliveryIds = new[] { failed.Id } })).StatusCode);
        var wrong = await prefecture.PostJsonAsync($"/api/v1/warnings/{warning.Id}/deliveries/retry", new { deliveryIds = new[] { failed.Id, deliveries[before.Id].Id } });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await wrong.JsonAsync();
        Assert.Equal("warning.delivery.not-retryable", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("deliveryIds[1]", out _), problem.ToString());
        Assert.Equal(DeliveryStatus.Failed, (await db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.Id == failed.Id, Ct)).Status);

        var retried = await prefecture.PostJsonAsync($"/api/v1/warnings/{warning.Id}/deliveries/retry", new { deliveryIds = new[] { failed.Id } });
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, (await retried.ReadAsync<Dissemination.Deliveries.RetryDeliveriesResult>()).Queued);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "warning.deliveries.retried" && a.EntityId == warning.Id.ToString(), Ct));
        await Dispatcher.RunOnceAsync(Ct);
        var again = await db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.Id == failed.Id, Ct);
        Assert.Equal((DeliveryStatus.Failed, 1), (again.Status, again.Attempts));
        Assert.Equal(2, (await db.Set<Delivery>().AsNoTracking().Where(d => d.WarningId == warning.Id && d.Status == DeliveryStatus.Sent).CountAsync(Ct)));
        Assert.Single(Smtp.Received, m => m.To.Contains("qs.before@example.cn"));
    }

    [Fact]
    public async Task A_server_down_at_first_gets_the_message_after_retries_with_backoff_and_only_once()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var recipient = await CreateAsync(prefecture, "石拐区应急管理局", ["150205"], "sg.duty@example.cn");
        await Smtp.StopAsync();
        try
        {
            var warning = await PublishAsync(["150205"], "石拐区气象台发布暴雪黄色预警");
            await Dispatcher.RunOnceAsync(Ct);
            await Dispatcher.RunOnceAsync(Ct);
            var delivery = await DeliveryAsync(warning.Id, recipient.Id);
            Assert.Equal((DeliveryStatus.Retrying, 1), (delivery.Status, delivery.Attempts));
            Assert.Contains("ConnectionRefused", delivery.LastError, StringComparison.Ordinal);
            Assert.Null(delivery.Answer);

            // Not before its backoff; then the next attempt, still refused.
            Beacon.Clock.Advance(Options.BackoffAfter(1) - TimeSpan.FromSeconds(1));
            await Dispatcher.RunOnceAsync(Ct);
            Assert.Equal(1, (await DeliveryAsync(warning.Id, recipient.Id)).Attempts);
            Beacon.Clock.Advance(TimeSpan.FromSeconds(1));
            await Dispatcher.RunOnceAsync(Ct);
            Assert.Equal((DeliveryStatus.Retrying, 2), ((await DeliveryAsync(warning.Id, recipient.Id)).Status, (await DeliveryAsync(warning.Id, recipient.Id)).Attempts));

            await Smtp.StartAsync();
            Beacon.Clock.Advance(Options.BackoffAfter(2));
            await Dispatcher.RunOnceAsync(Ct);
            delivery = await DeliveryAsync(warning.Id, recipient.Id);
            Assert.Equal((DeliveryStatus.Sent, 3, (string?)null), (delivery.Status, delivery.Attempts, delivery.LastError));
            var mail = Assert.Single(Smtp.Received, m => m.To.Contains("sg.duty@example.cn"));
            Assert.Equal(mail.QueueId, delivery.ExternalId);
            Assert.Equal("石拐区气象台发布暴雪黄色预警", mail.Message.Subject);

            Beacon.Clock.Advance(Options.MaxBackoff);
            await Dispatcher.RunOnceAsync(Ct);
            Assert.Single(Smtp.Received, m => m.To.Contains("sg.duty@example.cn"));
        }
        finally
        {
            if (!Smtp.IsRunning)
            {
                await Smtp.StartAsync();
            }
        }
    }

    [Fact]
    public async Task The_leader_sees_the_sms_text_and_counts_and_a_sign_off_choosing_sms_and_email_reaches_those_channels_only_and_is_audited()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var everywhere = await CreateAsync(prefecture, "白云鄂博矿区应急管理局", ["150206"], "byeb@example.cn", phone: "13900000206",
            webhookUrl: "https://hooks.example.cn/beacon", webhookSecret: "byeb-secret-0123456789");
        var body = WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: "白云鄂博矿区气象台发布暴雨黄色预警");
        body["areas"] = new[] { new { divisionCode = "150206" } };
        var draft = await (await prefecture.PostJsonAsync("/api/v1/warnings", body)).ReadAsync<WarningView>();
        var reviewed = await StepAsync("onduty.150200", await StepAsync("duty.150200", draft, "submit", new { }), "review", new { approve = true });

        // What the leader sees before signing off: the recipients per channel, the SMS text and its parts.
        var leader = await Beacon.SignInAsync("leader.150200");
        var reach = await (await leader.GetAsync($"/api/v1/warnings/{draft.Id}/reach", Ct)).ReadAsync<WarningReach>();
        Assert.Equal((1, 1, 1), (reach.Sms, reach.Email, reach.Webhook));
        Assert.StartsWith("【", reach.SmsText, StringComparison.Ordinal);
        Assert.Contains("白云鄂博矿区气象台发布暴雨黄色预警。1. 政府及相关部门", reach.SmsText, StringComparison.Ordinal);
        Assert.Equal(reach.SmsText.Length <= 70 ? 1 : (reach.SmsText.Length + 66) / 67, reach.SmsParts);
        Assert.True(reach.SmsParts >= 2, $"{reach.SmsText.Length} characters");

        // No channel at all is refused, naming the field, and nothing happens.
        using (var none = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{draft.Id}/sign-off") { Content = JsonContent.Create(new { channels = Array.Empty<string>() }) })
        {
            none.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{reviewed.Version}\""));
            var refused = await leader.SendAsync(none, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.JsonAsync();
            Assert.Equal("warning.sign-off.channels", problem.GetProperty("code").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty("channels", out _), problem.ToString());
        }

        await using var db = Beacon.Db();
        Assert.False(await db.Set<DisseminationJob>().AnyAsync(j => j.WarningId == draft.Id, Ct));

        var published = await StepAsync("leader.150200", reviewed, "sign-off", new { note = "同意发布", channels = new[] { "Sms", "Email" } });
        await DisseminateAsync(published.Id);
        var deliveries = await db.Set<Delivery>().AsNoTracking().Where(d => d.WarningId == published.Id).ToListAsync(Ct);
        Assert.Equal([WarningChannel.Sms, WarningChannel.Email], deliveries.Where(d => d.RecipientId == everywhere.Id).Select(d => d.Channel).Order());
        Assert.DoesNotContain(deliveries, d => d.Channel == WarningChannel.Webhook);
        Assert.Equal(RecordingChannel.RecorderAnswer, deliveries.Single(d => d.RecipientId == everywhere.Id && d.Channel == WarningChannel.Sms).Answer);
        Assert.Single(Smtp.Received, m => m.To.Contains("byeb@example.cn"));
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "warning.published" && a.EntityId == published.Id.ToString(), Ct);
        Assert.Contains("\"channels\":[\"Sms\",\"Email\"]", audit.Summary, StringComparison.Ordinal);
    }

    private async Task<Delivery> DeliveryAsync(Guid warningId, Guid recipientId)
    {
        await using var db = Beacon.Db();
        return await db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.WarningId == warningId && d.RecipientId == recipientId && d.Channel == WarningChannel.Email, Ct);
    }

    /// <summary>Dispatcher rounds until nothing of the warning is queued (retries wait for the clock).</summary>
    private async Task DisseminateAsync(Guid warningId)
    {
        for (var round = 0; round < 20; round++)
        {
            await Dispatcher.RunOnceAsync(Ct);
            await using var db = Beacon.Db();
            var expanded = await db.Set<DisseminationJob>().AnyAsync(j => j.WarningId == warningId && j.ExpandedAt != null, Ct);
            if (expanded && !await db.Set<Delivery>().AnyAsync(d => d.WarningId == warningId && d.Status == DeliveryStatus.Queued, Ct))
            {
                return;
            }
        }

        throw new InvalidOperationException("the warning was not disseminated in 20 rounds");
    }

    private async Task<WarningView> PublishAsync(string[] codes, string headline)
    {
        var body = WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: headline);
        body["areas"] = codes.Select(c => new { divisionCode = c }).ToArray();
        var duty = await Beacon.SignInAsync("duty.150200");
        var created = await duty.PostJsonAsync("/api/v1/warnings", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var draft = await created.ReadAsync<WarningView>();
        var submitted = await StepAsync("duty.150200", draft, "submit", new { });
        var reviewed = await StepAsync("onduty.150200", submitted, "review", new { approve = true });
        return await StepAsync("leader.150200", reviewed, "sign-off", new { });
    }

    private async Task<WarningView> StepAsync(string user, WarningView warning, string step, object body)
    {
        var client = await Beacon.SignInAsync(user);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }

    private static async Task<RecipientView> CreateAsync(HttpClient client, string name, string[] areas, string email, string? phone = null,
        string? webhookUrl = null, string? webhookSecret = null)
    {
        var response = await client.PostJsonAsync("/api/v1/recipients", new { kind = "Subscriber", name, email, phone, webhookUrl, webhookSecret, areas });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<RecipientView>();
    }
}

public sealed class SmtpEmailTestsOnSqlite(SqliteSmtpBeacon beacon) : SmtpEmailTests(beacon), IClassFixture<SqliteSmtpBeacon>;

public sealed class SmtpEmailTestsOnPostgres(PostgresSmtpBeacon beacon) : SmtpEmailTests(beacon), IClassFixture<PostgresSmtpBeacon>;

/// <summary>The pieces of an SMTP message that need no server.</summary>
public sealed class SmtpMessageTests
{
    [Theory]
    [InlineData("2.0.0 Ok: queued as 4Bx7Kq1Zr9z", "4Bx7Kq1Zr9z")]
    [InlineData("OK id=1uXyZa-0003Kd-Qm", "1uXyZa-0003Kd-Qm")]
    [InlineData("2.0.0 Ok", null)]
    public void The_queue_id_is_read_from_the_servers_reply(string reply, string? expected) =>
        Assert.Equal(expected, SmtpEmailChannel.QueueId(reply));

    [Fact]
    public void The_html_body_is_the_plain_text_encoded_with_its_paragraphs_and_line_breaks()
    {
        var html = SmtpEmailChannel.Html("暴雨<预警>", "第一段\n第二行\n\n防御指南：关好门窗 & 注意安全");
        Assert.Contains("<title>暴雨&lt;预警&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("<p>第一段<br>第二行</p><p>防御指南：关好门窗 &amp; 注意安全</p>", html, StringComparison.Ordinal);
    }
}
