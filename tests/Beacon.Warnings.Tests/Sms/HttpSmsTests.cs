using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Beacon.Testing;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Dissemination.Sms;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Beacon.Warnings.Tests.Sms;

/// <summary>Beacon whose SMS channel is a provider's HTTP interface: a listener started with the fixture.</summary>
public sealed class HttpSmsBeacon : BeaconFactory
{
    public const string Account = "beacon";
    public const string Secret = "http-secret-0123";
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public HttpSmsBeacon()
        : base(Provider.Sqlite)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    /// <summary>Every request's query, decoded as UTF-8.</summary>
    public List<Dictionary<string, string>> Received { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        const string http = "Beacon:Warnings:Dissemination:Sms:Http:";
        builder.UseSetting("Beacon:Warnings:Dissemination:IntervalMilliseconds", "0");
        builder.UseSetting("Beacon:Warnings:Dissemination:Sms:Gateway", "Http");
        builder.UseSetting(http + "UrlTemplate", $"http://127.0.0.1:{Port}/sms/send?account={{account}}&mobile={{phone}}&content={{text}}&ref={{reference}}&ts={{timestamp}}&sign={{signature}}");
        builder.UseSetting(http + "Account", Account);
        builder.UseSetting(http + "Secret", Secret);
        builder.UseSetting(http + "Signature", "Md5");
        builder.UseSetting(http + "SignatureTemplate", "{account}{secret}{timestamp}");
        builder.UseSetting(http + "SuccessPattern", "\"code\":0[,}]");
        builder.UseSetting(http + "MessageIdPattern", "\"msgid\":\"(?<id>[^\"]+)\"");
        builder.UseSetting(http + "Timeout", TestTimeouts.Expectation.ToString("c", CultureInfo.InvariantCulture));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _listener.Stop();
        _listener.Close();
        await _serving;
        GC.SuppressFinalize(this);
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var query = context.Request.RawUrl!.Split('?', 2)[^1].Split('&').Select(p => p.Split('=', 2))
                .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
            lock (Received)
            {
                Received.Add(query);
            }

            var blocked = query.GetValueOrDefault("mobile") == "13900004002";
            context.Response.StatusCode = blocked ? 403 : 200;
            var answer = blocked ? """{"code":403,"msg":"号码在黑名单"}""" : $$"""{"code":0,"msgid":"HX{{query.GetValueOrDefault("ref")}}"}""";
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}

/// <summary>Issue 14, what to build 1: the generic HTTP SMS gateway adapter, by URL template and signature.</summary>
public sealed class HttpSmsTests(HttpSmsBeacon beacon) : LaneTests(beacon), IClassFixture<HttpSmsBeacon>
{
    [Fact]
    public async Task A_warning_is_sent_by_a_signed_get_to_the_url_template_and_the_providers_answer_is_recorded()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var accepted = await SmsScenario.CreateRecipientAsync(duty, "短信接收人戊", "13900004001", Ct);
        var blocked = await SmsScenario.CreateRecipientAsync(duty, "短信接收人己", "13900004002", Ct);

        var (warning, text) = await SmsScenario.PublishAsync(Beacon, duty, Ct);
        await SmsScenario.DisseminateAsync(Beacon, warning.Id, Ct);

        var deliveries = await SmsScenario.SmsDeliveriesAsync(Beacon, warning.Id, Ct);
        var sent = deliveries.Single(d => d.RecipientId == accepted.Id);
        List<Dictionary<string, string>> received;
        lock (beacon.Received)
        {
            received = [.. beacon.Received];
        }

        var request = Assert.Single(received, q => q["mobile"] == "13900004001");
        Assert.Equal(text, request["content"]);
        Assert.Equal(HttpSmsBeacon.Account, request["account"]);
        Assert.Equal(sent.Id.ToString(CultureInfo.InvariantCulture), request["ref"]);
        Assert.Equal(HttpSmsChannel.Sign(HttpSmsSignature.Md5, HttpSmsBeacon.Secret, HttpSmsBeacon.Account + HttpSmsBeacon.Secret + request["ts"]), request["sign"]);
        Assert.Equal(Beacon.Clock.GetUtcNow().ToUnixTimeSeconds(), long.Parse(request["ts"], CultureInfo.InvariantCulture));

        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal("HX" + sent.Id.ToString(CultureInfo.InvariantCulture), sent.ExternalId);
        Assert.StartsWith("HTTP 200", sent.Answer, StringComparison.Ordinal);
        var failed = deliveries.Single(d => d.RecipientId == blocked.Id);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Contains("HTTP 403", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("号码在黑名单", failed.Answer, StringComparison.Ordinal);
        Assert.Single(received, q => q["mobile"] == "13900004002");
    }
}
