using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Platform.Audit;
using Beacon.Platform.Permissions;
using Beacon.Testing;
using Beacon.Warnings.Cap;
using Beacon.Warnings.Upstream;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Issue 14 (上报国家预警发布系统): a signed-off message is pushed as CAP to the configured upstream publisher by the
/// background publisher; the answer is recorded (已受理), a 5xx is tried again after its backoff, a 4xx fails with the
/// reason, and nothing is queued or sent while pushing is off. The publisher is a real Kestrel server on a free port.
/// </summary>
public abstract class UpstreamPublishingTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private UpstreamPublisher Publisher => Beacon.Services.GetRequiredService<UpstreamPublisher>();

    private UpstreamOptions Options => Beacon.Services.GetRequiredService<IOptions<WarningsOptions>>().Value.Upstream;

    [Fact]
    public async Task A_signed_off_warning_and_its_update_are_pushed_as_valid_CAP_and_the_acknowledgement_is_recorded_and_read_in_scope()
    {
        await using var server = await NationalPublisher.StartAsync(Ct);
        server.Answers.Enqueue((200, null));
        server.Answers.Enqueue((200, null));
        using var on = Enable(server.Url + "/cap", header: ("X-Api-Key", "k-0123456789"));

        var warning = await PublishAsync("昆都仑区气象台发布暴雨黄色预警（上报）");
        await Publisher.RunOnceAsync(Ct);

        var call = Assert.Single(server.Received);
        Assert.Equal("/cap", call.Path);
        Assert.StartsWith("application/cap+xml", call.ContentType, StringComparison.Ordinal);
        Assert.Equal("k-0123456789", call.Key);
        Assert.Empty(CapSchema.Validate(call.Body));
        var read = CapReader.Read(call.Body);
        Assert.True(read.IsValid, string.Join("; ", read.Errors));
        Assert.Equal(warning.Identifier, read.Alert!.Identifier);
        Assert.Equal(CapMsgType.Alert, read.Alert.MsgType);

        var leader = await Beacon.SignInAsync("leader.150203");
        var push = await (await leader.GetAsync($"/api/v1/warnings/{warning.Id}/upstream", Ct)).ReadAsync<UpstreamPushView>();
        Assert.Equal((UpstreamState.Accepted, 1, 200), (push.State, push.Attempts, push.LastStatusCode));
        Assert.Equal(warning.Identifier, push.Identifier);
        Assert.Equal($"ACK-{warning.Identifier}", push.AcknowledgementIdentifier);
        Assert.Contains("<msgType>Ack</msgType>", push.Acknowledgement, StringComparison.Ordinal);
        Assert.Null(push.LastError);
        Assert.NotNull(push.CompletedAt);
        Assert.True(await AuditedAsync(warning.Id, "warning.upstream.accepted"));

        // An update of the published warning is a new CAP message: pushed too, as an Update referencing the first.
        var duty = await Beacon.SignInAsync("duty.150203");
        var change = await duty.PostJsonAsync($"/api/v1/warnings/{warning.Id}/changes", new { change = "Update" });
        Assert.True(change.StatusCode == HttpStatusCode.Created, await change.Content.ReadAsStringAsync(Ct));
        var update = await ReleaseAsync(await change.ReadAsync<WarningView>());
        await Publisher.RunOnceAsync(Ct);
        Assert.Equal(2, server.Received.Count);
        var updated = CapReader.Read(server.Received.Last().Body).Alert!;
        Assert.Equal((update.Identifier, CapMsgType.Update), (updated.Identifier, updated.MsgType));
        Assert.Contains(updated.References, r => r.Identifier == warning.Identifier);

        // Scope and permission: the neighbouring county finds nothing; a viewer may not read it.
        var neighbour = await (await Beacon.SignInAsync("duty.150204")).GetAsync($"/api/v1/warnings/{warning.Id}/upstream", Ct);
        Assert.Equal(HttpStatusCode.NotFound, neighbour.StatusCode);
        Assert.Equal(WarningErrors.NotFound, await neighbour.CodeAsync());
        var viewer = await (await Beacon.SignInAsync("viewer.150203")).GetAsync($"/api/v1/warnings/{warning.Id}/upstream", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(PermissionCheck.DeniedCode, await viewer.CodeAsync());
        var city = await (await Beacon.SignInAsync("duty.150200")).GetAsync($"/api/v1/warnings/{warning.Id}/upstream", Ct);
        Assert.Equal(HttpStatusCode.OK, city.StatusCode);
    }

    [Fact]
    public async Task A_503_is_tried_again_after_its_backoff_and_then_accepted()
    {
        await using var server = await NationalPublisher.StartAsync(Ct);
        server.Answers.Enqueue((503, "系统维护中"));
        server.Answers.Enqueue((200, "受理成功"));
        using var on = Enable(server.Url + "/cap");

        var warning = await PublishAsync("昆都仑区气象台发布暴雨黄色预警（重试）");
        var signedOff = Beacon.Clock.GetUtcNow();
        await Publisher.RunOnceAsync(Ct);
        var push = await PushAsync(warning.Id);
        Assert.Equal((UpstreamState.Queued, 1, 503), (push.State, push.Attempts, push.LastStatusCode));
        Assert.Equal("HTTP 503: 系统维护中", push.LastError);
        Assert.Equal((signedOff + Options.BackoffAfter(1)).ToUnixTimeMilliseconds(), push.NextAttemptAt?.ToUnixTimeMilliseconds());
        Assert.True(await AuditedAsync(warning.Id, "warning.upstream.retrying"));

        // Not before its backoff.
        Beacon.Clock.Advance(Options.BackoffAfter(1) - TimeSpan.FromSeconds(1));
        await Publisher.RunOnceAsync(Ct);
        Assert.Single(server.Received);

        Beacon.Clock.Advance(TimeSpan.FromSeconds(1));
        await Publisher.RunOnceAsync(Ct);
        Assert.Equal(2, server.Received.Count);
        Assert.All(server.Received, r => Assert.Equal(warning.Identifier, CapReader.Read(r.Body).Alert!.Identifier));
        push = await PushAsync(warning.Id);
        Assert.Equal((UpstreamState.Accepted, 2, 200, "受理成功"), (push.State, push.Attempts, push.LastStatusCode, push.Acknowledgement));
        Assert.Null(push.LastError);
        Assert.True(await AuditedAsync(warning.Id, "warning.upstream.accepted"));

        // Accepted is final: nothing more is sent.
        Beacon.Clock.Advance(Options.MaxBackoff);
        await Publisher.RunOnceAsync(Ct);
        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task A_400_fails_at_once_with_the_reason_and_an_unreachable_publisher_is_given_up_after_the_attempts()
    {
        await using var server = await NationalPublisher.StartAsync(Ct);
        var reason = "字段 area 缺失：" + new string('详', 3000);
        server.Answers.Enqueue((400, reason));
        using (Enable(server.Url + "/cap"))
        {
            var refused = await PublishAsync("昆都仑区气象台发布暴雨黄色预警（拒收）");
            await Publisher.RunOnceAsync(Ct);
            var push = await PushAsync(refused.Id);
            Assert.Equal((UpstreamState.Failed, 1, 400), (push.State, push.Attempts, push.LastStatusCode));
            Assert.StartsWith("HTTP 400: 字段 area 缺失：", push.LastError, StringComparison.Ordinal);
            Assert.Equal(UpstreamPush.MaxAcknowledgement, push.Acknowledgement!.Length);
            Assert.True(await AuditedAsync(refused.Id, "warning.upstream.failed"));
            Beacon.Clock.Advance(Options.MaxBackoff);
            await Publisher.RunOnceAsync(Ct);
            Assert.Single(server.Received);
        }

        // Nobody listens: a connection error is retried until the attempts are used up, then Failed.
        using (Enable($"http://127.0.0.1:{FreePort()}/cap", maxAttempts: 2))
        {
            var unreachable = await PublishAsync("昆都仑区气象台发布暴雨黄色预警（不通）");
            await Publisher.RunOnceAsync(Ct);
            var push = await PushAsync(unreachable.Id);
            Assert.Equal((UpstreamState.Queued, 1, (int?)null), (push.State, push.Attempts, push.LastStatusCode));
            Assert.False(string.IsNullOrWhiteSpace(push.LastError));
            Beacon.Clock.Advance(Options.BackoffAfter(1));
            await Publisher.RunOnceAsync(Ct);
            push = await PushAsync(unreachable.Id);
            Assert.Equal((UpstreamState.Failed, 2), (push.State, push.Attempts));
            Assert.EndsWith("given up after 2 attempts", push.LastError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Nothing_is_queued_or_sent_while_pushing_is_off()
    {
        await using var server = await NationalPublisher.StartAsync(Ct);
        server.Answers.Enqueue((200, null));
        Assert.False(new UpstreamOptions().Enabled);
        Options.Url = server.Url + "/cap";
        try
        {
            var warning = await PublishAsync("昆都仑区气象台发布暴雨黄色预警（未开启）");
            await Publisher.RunOnceAsync(Ct);
            Beacon.Clock.Advance(Options.MaxBackoff);
            await Publisher.RunOnceAsync(Ct);
            Assert.Empty(server.Received);
            await using var db = Beacon.Db();
            Assert.False(await db.Set<UpstreamPush>().AnyAsync(p => p.WarningId == warning.Id, Ct));
            var none = await (await Beacon.SignInAsync("leader.150203")).GetAsync($"/api/v1/warnings/{warning.Id}/upstream", Ct);
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            Assert.Equal(WarningErrors.UpstreamNone, await none.CodeAsync());
        }
        finally
        {
            Options.Url = null;
        }
    }

    /// <summary>Turns pushing on for one test; disposing turns it off again.</summary>
    private Restore Enable(string url, (string Name, string Value)? header = null, int maxAttempts = 8)
    {
        var o = Options;
        o.Url = url;
        o.HeaderName = header?.Name;
        o.HeaderValue = header?.Value;
        o.MaxAttempts = maxAttempts;
        o.Timeout = TestTimeouts.Expectation;
        o.Enabled = true;
        return new Restore(o);
    }

    private sealed class Restore(UpstreamOptions o) : IDisposable
    {
        public void Dispose()
        {
            o.Enabled = false;
            o.Url = null;
            o.HeaderName = null;
            o.HeaderValue = null;
            o.MaxAttempts = new UpstreamOptions().MaxAttempts;
        }
    }

    private async Task<UpstreamPushView> PushAsync(Guid warningId)
    {
        var response = await (await Beacon.SignInAsync("duty.150203")).GetAsync($"/api/v1/warnings/{warningId}/upstream", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<UpstreamPushView>();
    }

    private async Task<bool> AuditedAsync(Guid warningId, string action)
    {
        await using var db = Beacon.Db();
        var id = warningId.ToString();
        return await db.Set<AuditEntry>().AnyAsync(a => a.EntityId == id && a.Action == action, Ct);
    }

    private async Task<WarningView> PublishAsync(string headline)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var created = await duty.PostJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: headline));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return await ReleaseAsync(await created.ReadAsync<WarningView>());
    }

    private async Task<WarningView> ReleaseAsync(WarningView draft)
    {
        var submitted = await StepAsync("duty.150203", draft, "submit", new { });
        var reviewed = await StepAsync("onduty.150203", submitted, "review", new { approve = true });
        return await StepAsync("leader.150203", reviewed, "sign-off", new { });
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

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>
    /// A stand-in for the national warning release system: a Kestrel server on a free port that records every POST and
    /// answers with the queued (status, body); a 2xx without a body answers a CAP Ack naming the message.
    /// </summary>
    private sealed class NationalPublisher : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private NationalPublisher(WebApplication app) => _app = app;

        public ConcurrentQueue<(int Status, string? Body)> Answers { get; } = new();

        public ConcurrentQueue<(string Path, string ContentType, string? Key, string Body)> Received { get; } = new();

        public string Url => _app.Urls.First();

        public static async Task<NationalPublisher> StartAsync(CancellationToken ct)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new NationalPublisher(app);
            app.MapPost("/{**path}", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                var body = await reader.ReadToEndAsync(http.RequestAborted);
                server.Received.Enqueue((http.Request.Path.Value ?? "", http.Request.ContentType ?? "", http.Request.Headers["X-Api-Key"].FirstOrDefault(), body));
                var (status, answer) = server.Answers.TryDequeue(out var next) ? next : (500, "no answer queued");
                http.Response.StatusCode = status;
                answer ??= status is >= 200 and < 300 ? Ack(body) : null;
                if (answer is not null)
                {
                    http.Response.ContentType = answer.StartsWith('<') ? "application/cap+xml; charset=utf-8" : "text/plain; charset=utf-8";
                    await http.Response.WriteAsync(answer, http.RequestAborted);
                }
            });
            await app.StartAsync(ct);
            return server;
        }

        private static string Ack(string cap)
        {
            var alert = CapReader.Read(cap).Alert!;
            var sent = alert.Sent.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
            return $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>ACK-{alert.Identifier}</identifier>
                  <sender>cap@12379.cn</sender>
                  <sent>{sent}</sent>
                  <status>Actual</status>
                  <msgType>Ack</msgType>
                  <scope>Public</scope>
                  <references>{alert.Sender},{alert.Identifier},{sent}</references>
                </alert>
                """;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}

public sealed class UpstreamPublishingTestsOnSqlite(SqliteBeacon beacon) : UpstreamPublishingTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class UpstreamPublishingTestsOnPostgres(PostgresBeacon beacon) : UpstreamPublishingTests(beacon), IClassFixture<PostgresBeacon>;
