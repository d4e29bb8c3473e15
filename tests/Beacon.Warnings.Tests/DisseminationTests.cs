using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Beacon.Testing;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Dissemination (预警发布) of published warnings to the recipients whose areas of interest intersect the warning's
/// area, by SMS, e-mail and signed webhook, with a delivery report; updates and the cancel (解除) reach the same people.
/// </summary>
public abstract class DisseminationTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_warning_for_two_counties_reaches_exactly_the_intersecting_recipients_once_per_channel_and_its_update_and_cancel_reach_the_same()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var region = await Beacon.SignInAsync("duty.150000");
        var county = await Beacon.SignInAsync("duty.150203");
        var kundulun = await CreateAsync(county, "昆都仑区应急管理局", ["150203"], phone: "13900000001", email: "kdl@example.cn");
        var township = await CreateAsync(prefecture, "青山区某街道责任人", ["150204001"], phone: "13900000002");
        var city = await CreateAsync(prefecture, "包头市订阅用户", ["150200"], phone: "13900000003", email: "bt@example.cn");
        var shiguai = await CreateAsync(prefecture, "石拐区应急管理局", ["150205"], phone: "13900000004", email: "sg@example.cn");
        var wholeRegion = await CreateAsync(region, "自治区应急管理厅值班室", ["150000"], phone: "13900000005");
        var inactive = await CreateAsync(county, "已停用的接收人", ["150203"], phone: "13900000006");
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"/api/v1/recipients/{inactive.Id}/deactivate", null, Ct)).StatusCode);

        var first = await PublishAsync(Draft(["150203", "150204"], "包头市气象台发布暴雨黄色预警"));
        var report = await DisseminateAsync(first.Id);

        var expected = await IntersectingAsync(["150203", "150204"]);
        Assert.Contains((kundulun.Id, WarningChannel.Sms), expected);
        Assert.Contains((kundulun.Id, WarningChannel.Email), expected);
        Assert.Contains((township.Id, WarningChannel.Sms), expected);
        Assert.Contains((city.Id, WarningChannel.Email), expected);
        Assert.Contains((wholeRegion.Id, WarningChannel.Sms), expected);
        Assert.DoesNotContain(expected, e => e.Recipient == shiguai.Id || e.Recipient == inactive.Id);
        await AssertRecordedExactlyOnceAsync(first.Id, expected);
        Assert.True(report.Done);
        Assert.Equal(expected.Count, report.Total);
        Assert.Equal(expected.Count(e => e.Channel == WarningChannel.Sms), report.Counts.Single(c => c is { Channel: "Sms", Status: "Sent" }).Count);
        Assert.Equal(expected.Count(e => e.Channel == WarningChannel.Email), report.Counts.Single(c => c is { Channel: "Email", Status: "Sent" }).Count);
        Assert.All(report.Deliveries, d => Assert.Equal(1, d.Attempts));
        Assert.Contains(report.Deliveries, d => d.RecipientName == "包头市订阅用户" && d.Channel == "Email" && d.SentAt is not null);

        // The update drops 青山区, yet reaches its township's recipient again: it had the first message.
        var duty = prefecture;
        var updateDraft = await (await duty.PostJsonAsync($"/api/v1/warnings/{first.Id}/changes", new { change = "Update", content = Draft(["150203"], "包头市气象台更新暴雨黄色预警") })).ReadAsync<WarningView>();
        var update = await ReleaseAsync(updateDraft);
        await DisseminateAsync(update.Id);
        await AssertRecordedExactlyOnceAsync(update.Id, expected);

        var cancelDraft = await (await duty.PostJsonAsync($"/api/v1/warnings/{update.Id}/changes", new { change = "Cancel" })).ReadAsync<WarningView>();
        var cancel = await ReleaseAsync(cancelDraft);
        var cancelled = await DisseminateAsync(cancel.Id);
        await AssertRecordedExactlyOnceAsync(cancel.Id, expected);
        Assert.Equal(expected.Count, cancelled.Counts.Where(c => c.Status == "Sent").Sum(c => c.Count));
        await using var db = Beacon.Db();
        var sms = await db.Set<RecordedMessage>().Join(db.Set<Delivery>().Where(d => d.WarningId == cancel.Id && d.RecipientId == township.Id), m => m.DeliveryId, d => d.Id, (m, d) => m).SingleAsync(Ct);
        Assert.Equal("13900000002", sms.To);
        Assert.Contains("解除", sms.Body, StringComparison.Ordinal);
        Assert.StartsWith("【", sms.Body, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidRecipients => new()
    {
        { "phone", """{"phone":"12345"}""" },
        { "phone", """{"phone":null,"email":null}""" },
        { "email", """{"email":"not-an-address"}""" },
        { "webhookUrl", """{"webhookUrl":"http://example.com/hook","webhookSecret":"0123456789abcdef0123"}""" },
        { "webhookSecret", """{"webhookUrl":"https://example.com/hook","webhookSecret":"short"}""" },
        { "areas[0]", """{"areas":["150204"]}""" },
        { "areas[0]", """{"areas":["15020"]}""" },
        { "areas", """{"areas":[]}""" },
        { "name", """{"name":""}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidRecipients))]
    public async Task An_invalid_recipient_gets_400_naming_the_field_and_stores_nothing(string field, string change)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var body = System.Text.Json.Nodes.JsonNode.Parse("""{"kind":"Subscriber","name":"订阅用户","phone":"13900000010","email":"a@example.cn","areas":["150203"]}""")!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(change)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        await using var db = Beacon.Db();
        var before = await db.Set<Recipient>().CountAsync(Ct);
        var response = await duty.PostAsync("/api/v1/recipients", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase)), errors.ToString());
        Assert.Equal(before, await db.Set<Recipient>().CountAsync(Ct));
    }

    [Fact]
    public async Task A_neighbouring_county_can_neither_see_nor_change_a_recipient_nor_read_a_warnings_deliveries()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var neighbour = await Beacon.SignInAsync("duty.150204");
        var recipient = await CreateAsync(county, "昆都仑区某单位", ["150203"], phone: "13900000020");
        var body = new { kind = "Unit", name = "改名", phone = "13900000021", areas = new[] { "150203" } };

        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<RecipientView>("/api/v1/recipients", Ct), r => r.Id == recipient.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/recipients/{recipient.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Put(neighbour, recipient.Id, recipient.Version, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsync($"/api/v1/recipients/{recipient.Id}/deactivate", null, Ct)).StatusCode);

        // Its own county changes it with the current version only.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Put(county, recipient.Id, recipient.Version + 3, body)).StatusCode);
        var changed = await (await Put(county, recipient.Id, recipient.Version, body)).ReadAsync<RecipientView>();
        Assert.Equal("改名", changed.Name);
        Assert.True(changed.IsActive);

        var warning = await PublishAsync(Draft(["150203"], "昆都仑区气象台发布暴雨黄色预警"), "150203");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/warnings/{warning.Id}/deliveries", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/v1/warnings/{warning.Id}/deliveries", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_webhook_gets_a_signed_post_and_a_failing_one_is_retried_with_backoff_then_given_up()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<(string Path, string Body, string? Delivery, string? Timestamp, string? Signature)>();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var text = await reader.ReadToEndAsync();
                lock (received)
                {
                    received.Add((context.Request.Url!.AbsolutePath, text, context.Request.Headers["X-Beacon-Delivery"], context.Request.Headers["X-Beacon-Timestamp"], context.Request.Headers["X-Beacon-Signature"]));
                }

                context.Response.StatusCode = context.Request.Url.AbsolutePath.StartsWith("/fail", StringComparison.Ordinal) ? 500 : 204;
                context.Response.Close();
            }
        }, Ct);

        const string secret = "s3cret-0123456789-abcdef";
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var ok = await CreateAsync(prefecture, "九原区订阅系统", ["150207"], webhookUrl: $"http://127.0.0.1:{port}/ok", webhookSecret: secret);
        var failing = await CreateAsync(prefecture, "九原区故障系统", ["150207001"], webhookUrl: $"http://127.0.0.1:{port}/fail", webhookSecret: secret);

        var warning = await PublishAsync(Draft(["150207"], "九原区气象台发布暴雨黄色预警"));
        var options = Beacon.Services.GetRequiredService<IOptions<WarningsOptions>>().Value.Dissemination;
        var report = await DisseminateAsync(warning.Id, untilDone: false);

        var call = Assert.Single(received, r => r.Path == "/ok");
        Assert.Equal($"sha256={WebhookChannel.Sign(secret, call.Timestamp!, call.Body)}", call.Signature);
        Assert.NotEqual($"sha256={WebhookChannel.Sign("another-secret-0123456", call.Timestamp!, call.Body)}", call.Signature);
        Assert.Contains("九原区气象台发布暴雨黄色预警", call.Body, StringComparison.Ordinal);
        Assert.Contains($"\"deliveryId\":{call.Delivery}", call.Body, StringComparison.Ordinal);
        Assert.Equal("Sent", report.Deliveries.Single(d => d.RecipientId == ok.Id).Status);
        var retrying = report.Deliveries.Single(d => d.RecipientId == failing.Id);
        Assert.Equal(("Retrying", 1, "HTTP 500"), (retrying.Status, retrying.Attempts, retrying.LastError));

        // Not before its backoff; then once per backoff until the attempts are used up.
        await Dispatcher.RunOnceAsync(Ct);
        Assert.Equal(1, received.Count(r => r.Path == "/fail"));
        for (var attempt = 2; attempt <= options.MaxAttempts; attempt++)
        {
            Beacon.Clock.Advance(options.BackoffAfter(attempt - 1));
            await Dispatcher.RunOnceAsync(Ct);
            Assert.Equal(attempt, received.Count(r => r.Path == "/fail"));
        }

        report = await ReportAsync(warning.Id);
        var givenUp = report.Deliveries.Single(d => d.RecipientId == failing.Id);
        Assert.Equal(("GivenUp", options.MaxAttempts), (givenUp.Status, givenUp.Attempts));
        Assert.True(report.Done);
        Beacon.Clock.Advance(options.MaxBackoff);
        await Dispatcher.RunOnceAsync(Ct);
        Assert.Equal(options.MaxAttempts, received.Count(r => r.Path == "/fail"));
        Assert.Single(received, r => r.Path == "/ok");
        listener.Stop();
        await serving;
    }

    private Dispatcher Dispatcher => Beacon.Services.GetRequiredService<Dispatcher>();

    /// <summary>Runs the dispatcher until the warning's report is done (the background dispatcher may help).</summary>
    private async Task<DeliveryReport> DisseminateAsync(Guid warningId, bool untilDone = true)
    {
        for (var round = 0; round < 50; round++)
        {
            await Dispatcher.RunOnceAsync(Ct);
            var report = await ReportAsync(warningId);
            if (report.Expanded && (report.Done || !untilDone))
            {
                return report;
            }
        }

        throw new InvalidOperationException("the warning was not disseminated in 50 rounds");
    }

    /// <summary>The delivery report with the deliveries of every page.</summary>
    private async Task<DeliveryReport> ReportAsync(Guid warningId)
    {
        var client = await Beacon.SignInAsync("duty.150200");
        var url = $"/api/v1/warnings/{warningId}/deliveries?pageSize={Platform.Http.Paging.MaxPageSize}";
        var report = await (await client.GetAsync(url, Ct)).ReadAsync<DeliveryReport>();
        var deliveries = report.Deliveries.ToList();
        for (var page = 2; (page - 1) * report.PageSize < report.Total; page++)
        {
            deliveries.AddRange((await (await client.GetAsync($"{url}&page={page}", Ct)).ReadAsync<DeliveryReport>()).Deliveries);
        }

        return report with { Deliveries = deliveries };
    }

    /// <summary>Every active recipient (of any test) with an area intersecting <paramref name="codes"/>, per channel it has.</summary>
    private async Task<HashSet<(Guid Recipient, WarningChannel Channel)>> IntersectingAsync(string[] codes)
    {
        await using var db = Beacon.Db();
        var all = await db.Set<Recipient>().AsNoTracking().Include(r => r.Areas).Where(r => r.IsActive).ToListAsync(Ct);
        return [.. all.Where(r => r.Areas.Any(a => codes.Any(c => AreaCodes.Intersect(a.Code, c)))).SelectMany(r => r.Channels().Select(c => (r.Id, c)))];
    }

    private async Task AssertRecordedExactlyOnceAsync(Guid warningId, HashSet<(Guid Recipient, WarningChannel Channel)> expected)
    {
        await using var db = Beacon.Db();
        var recorded = await db.Set<RecordedMessage>()
            .Join(db.Set<Delivery>().Where(d => d.WarningId == warningId), m => m.DeliveryId, d => d.Id, (m, d) => new { d.RecipientId, d.Channel })
            .ToListAsync(Ct);
        var recordable = expected.Where(e => e.Channel != WarningChannel.Webhook).ToHashSet();
        Assert.All(recorded.GroupBy(r => (r.RecipientId, r.Channel)), g => Assert.Single(g));
        Assert.Equal(recordable.OrderBy(e => e.Recipient).ThenBy(e => e.Channel), recorded.Select(r => (r.RecipientId, r.Channel)).Order());
    }

    private static Dictionary<string, object?> Draft(string[] codes, string headline)
    {
        var body = WarningReleaseTests.Rainstorm(TimeProvider.System.GetUtcNow(), headline: headline);
        body["areas"] = codes.Select(c => new { divisionCode = c }).ToArray();
        return body;
    }

    private async Task<WarningView> PublishAsync(Dictionary<string, object?> draft, string code = "150200")
    {
        var duty = await Beacon.SignInAsync($"duty.{code}");
        var created = await duty.PostJsonAsync("/api/v1/warnings", draft);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return await ReleaseAsync(await created.ReadAsync<WarningView>(), code);
    }

    private async Task<WarningView> ReleaseAsync(WarningView draft, string code = "150200")
    {
        var submitted = await StepAsync($"duty.{code}", draft, "submit", new { });
        var reviewed = await StepAsync($"onduty.{code}", submitted, "review", new { approve = true });
        return await StepAsync($"leader.{code}", reviewed, "sign-off", new { });
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

    private static async Task<RecipientView> CreateAsync(HttpClient client, string name, string[] areas, string? phone = null, string? email = null,
        string? webhookUrl = null, string? webhookSecret = null)
    {
        var response = await client.PostJsonAsync("/api/v1/recipients", new { kind = "Subscriber", name, phone, email, webhookUrl, webhookSecret, areas });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<RecipientView>();
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, Guid id, int version, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/recipients/{id}") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return client.SendAsync(request, Ct);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

public sealed class DisseminationTestsOnSqlite(SqliteBeacon beacon) : DisseminationTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class DisseminationTestsOnPostgres(PostgresBeacon beacon) : DisseminationTests(beacon), IClassFixture<PostgresBeacon>;

/// <summary>Matching of areas by division code: a level's trailing zeros are cut, then one must start with the other.</summary>
public sealed class DisseminationAreaCodeTests
{
    [Theory]
    [InlineData("150203", "150203", true)]
    [InlineData("150200", "150203", true)]
    [InlineData("150000", "150204", true)]
    [InlineData("150204001", "150204", true)]
    [InlineData("150200", "150204001", true)]
    [InlineData("150205", "150203", false)]
    [InlineData("150203001", "150204", false)]
    [InlineData("150100", "150203", false)]
    [InlineData("150201", "150203", false)]
    public void Areas_intersect_when_one_contains_the_other(string recipient, string warning, bool expected)
    {
        Assert.Equal(expected, AreaCodes.Intersect(recipient, warning));
        Assert.Equal(expected, AreaCodes.Intersect(warning, recipient));
    }

    [Fact]
    public void Prefixes_and_their_ranges()
    {
        Assert.Equal(["15", "1502"], AreaCodes.Containing("1502"));
        Assert.Equal(["15", "1502", "150204", "150204001"], AreaCodes.Containing("150204001"));
        Assert.Equal("1502", AreaCodes.Prefix("150200"));
        Assert.Equal("15", AreaCodes.Prefix("150000"));
        Assert.Equal("1503", AreaCodes.Next("1502"));
        Assert.Equal("1510", AreaCodes.Next("1509"));
        Assert.Null(AreaCodes.Next("99"));
    }
}
