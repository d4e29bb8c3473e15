using System.Globalization;
using Beacon.Testing;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Warnings.Tests.Sms;

/// <summary>Beacon whose SMS channel is a CMPP 2.0 gateway: the simulator, started with the fixture. The tests run the dispatcher themselves.</summary>
public abstract class CmppBeacon : BeaconFactory
{
    public const int Window = 4;

    protected CmppBeacon(Provider provider)
        : base(provider)
    {
    }

    public CmppGatewaySimulator Gateway { get; } = new("901234", "s3cret-of-the-sp");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        const string sms = "Beacon:Warnings:Dissemination:Sms:";
        builder.UseSetting("Beacon:Warnings:Dissemination:IntervalMilliseconds", "0");
        builder.UseSetting(sms + "Gateway", "Cmpp");
        builder.UseSetting(sms + "Cmpp:Host", "127.0.0.1");
        builder.UseSetting(sms + "Cmpp:Port", Gateway.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting(sms + "Cmpp:SourceAddr", Gateway.SourceAddr);
        builder.UseSetting(sms + "Cmpp:SharedSecret", Gateway.Secret);
        builder.UseSetting(sms + "Cmpp:SourceNumber", "1065712345");
        builder.UseSetting(sms + "Cmpp:ServiceId", "BEACON");
        builder.UseSetting(sms + "Cmpp:Window", Window.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting(sms + "Cmpp:SubmitsPerSecond", "100000");
        builder.UseSetting(sms + "Cmpp:ConnectTimeout", TestTimeouts.Expectation.ToString("c", CultureInfo.InvariantCulture));
        builder.UseSetting(sms + "Cmpp:ResponseTimeout", TestTimeouts.Expectation.ToString("c", CultureInfo.InvariantCulture));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Gateway.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class CmppSqliteBeacon() : CmppBeacon(Provider.Sqlite);

public sealed class CmppPostgresBeacon() : CmppBeacon(Provider.Postgres);

/// <summary>
/// Issue 14, acceptance 2: warnings disseminated by SMS through the real dispatcher and database to the CMPP gateway
/// simulator: long Chinese texts in numbered UDH parts, status reports (状态报告) marking deliveries, the window, and a
/// dropped connection that loses and repeats nothing (the simulator's ledger).
/// </summary>
public abstract class CmppDisseminationTests(CmppBeacon beacon) : LaneTests(beacon)
{
    private CmppGatewaySimulator Gateway => ((CmppBeacon)Beacon).Gateway;

    [Fact]
    public async Task A_150_character_Chinese_warning_arrives_in_numbered_UDH_parts_and_status_reports_mark_deliveries_delivered_or_failed()
    {
        Gateway.Reset();
        var duty = await Beacon.SignInAsync("duty.150203");
        var first = await CreateRecipientAsync(duty, "短信接收人甲", "13900001001");
        var second = await CreateRecipientAsync(duty, "短信接收人乙", "13900001002");

        var (warning, text) = await PublishAsync(duty);
        await DisseminateAsync(warning.Id);

        Assert.Equal(150, text.Length);
        var deliveries = await SmsDeliveriesAsync(warning.Id);
        var one = deliveries.Single(d => d.RecipientId == first.Id);
        var parts = Gateway.Ledger.Where(e => e.Reference == one.Id).OrderBy(e => e.PkNumber).ToList();
        Assert.Equal([1, 2, 3], parts.Select(p => p.PkNumber));
        Assert.All(parts, p =>
        {
            Assert.Equal((3, 1, 8, 1), (p.PkTotal, p.TpUdhi, p.MsgFmt, p.RegisteredDelivery));
            Assert.Equal(new byte[] { 0x05, 0x00, 0x03, parts[0].Udh[3], 3, (byte)p.PkNumber }, p.Udh);
            Assert.Equal(("13900001001", Gateway.SourceAddr), (p.Destination, p.MsgSrc));
        });
        Assert.Equal([67, 67, 16], parts.Select(p => p.Text.Length));
        Assert.Equal(text, string.Concat(parts.Select(p => p.Text)));
        Assert.Equal(DeliveryStatus.Sent, one.Status);
        Assert.Equal(parts[0].MsgId.ToString(CultureInfo.InvariantCulture), one.ExternalId);
        Assert.Contains(one.ExternalId!, one.Answer, StringComparison.Ordinal);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));

        // Delivered once every part is; failed at the first part that is not, with the gateway's Stat.
        Assert.Equal(0, await Gateway.ReportAsync(parts[0], "DELIVRD"));
        Assert.Equal(0, await Gateway.ReportAsync(parts[1], "DELIVRD"));
        Assert.Equal(DeliveryStatus.Sent, (await SmsDeliveriesAsync(warning.Id)).Single(d => d.Id == one.Id).Status);
        Assert.Equal(0, await Gateway.ReportAsync(parts[2], "DELIVRD"));
        var other = Gateway.Ledger.Where(e => e.Reference == deliveries.Single(d => d.RecipientId == second.Id).Id).OrderBy(e => e.PkNumber).ToList();
        Assert.Equal(0, await Gateway.ReportAsync(other[0], "DELIVRD"));
        Assert.Equal(0, await Gateway.ReportAsync(other[1], "UNDELIV"));

        deliveries = await SmsDeliveriesAsync(warning.Id);
        var delivered = deliveries.Single(d => d.RecipientId == first.Id);
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.NotNull(delivered.DeliveredAt);
        var failed = deliveries.Single(d => d.RecipientId == second.Id);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Contains("UNDELIV", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("part 2/3", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_connection_resumes_without_losing_or_repeating_a_submission_and_the_window_is_never_exceeded()
    {
        Gateway.Reset();
        var duty = await Beacon.SignInAsync("duty.150203");
        for (var i = 0; i < 12; i++)
        {
            await CreateRecipientAsync(duty, $"短信订阅用户{i}", $"139000020{i:00}");
        }

        var logins = Gateway.Logins;
        Gateway.DropAfterTaken = 10;
        var (warning, _) = await PublishAsync(duty);
        await DisseminateAsync(warning.Id);

        var deliveries = await SmsDeliveriesAsync(warning.Id);
        Assert.True(deliveries.Count >= 12);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(deliveries, d => Assert.Equal(1, d.Attempts));
        var ledger = Gateway.Ledger;
        Assert.Equal(
            deliveries.SelectMany(d => new[] { 1, 2, 3 }.Select(n => (d.Id, n))).Order(),
            ledger.Where(e => deliveries.Any(d => d.Id == e.Reference)).Select(e => (e.Reference, e.PkNumber)).Order());
        Assert.True(Gateway.Duplicates >= 1, "the part taken without an answer before the drop was submitted again");
        // A new login after the drop (and the first one, when this test opened the connection).
        Assert.Equal(logins == 0 ? 2 : logins + 1, Gateway.Logins);
        Assert.InRange(Gateway.MaxUnanswered, 1, CmppBeacon.Window);
    }

    [Fact]
    public async Task A_refused_login_is_retried_with_the_gateways_status_and_a_refused_submit_fails_with_the_results_meaning()
    {
        Gateway.Reset();
        var duty = await Beacon.SignInAsync("duty.150203");
        var accepted = await CreateRecipientAsync(duty, "短信接收人丙", "13900003001");
        var refused = await CreateRecipientAsync(duty, "短信接收人丁", "13900003002");
        Gateway.ResultFor = number => number == "13900003002" ? (byte)7 : (byte)0;
        var secret = Gateway.Secret;
        Gateway.Secret = "the-carrier-changed-it";
        Gateway.DropConnections();
        try
        {
            var (warning, _) = await PublishAsync(duty);
            var dispatcher = Beacon.Services.GetRequiredService<Dispatcher>();
            await dispatcher.RunOnceAsync(Ct);

            var deliveries = await SmsDeliveriesAsync(warning.Id);
            Assert.All(deliveries, d =>
            {
                Assert.Equal(DeliveryStatus.Retrying, d.Status);
                Assert.Contains("Status 3", d.LastError, StringComparison.Ordinal);
            });
            Assert.True(Gateway.RefusedLogins >= 1);

            // The carrier's secret is right again: the next attempt, after the backoff, goes through.
            Gateway.Secret = secret;
            var options = Beacon.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WarningsOptions>>().Value.Dissemination;
            Beacon.Clock.Advance(options.BackoffAfter(1) + options.Sms.Cmpp.ReconnectDelay);
            await dispatcher.RunOnceAsync(Ct);

            deliveries = await SmsDeliveriesAsync(warning.Id);
            Assert.Equal((DeliveryStatus.Sent, 2), (deliveries.Single(d => d.RecipientId == accepted.Id).Status, deliveries.Single(d => d.RecipientId == accepted.Id).Attempts));
            var failed = deliveries.Single(d => d.RecipientId == refused.Id);
            Assert.Equal(DeliveryStatus.Failed, failed.Status);
            Assert.Contains("Result 7", failed.LastError, StringComparison.Ordinal);
            Assert.Contains("业务代码错", failed.LastError, StringComparison.Ordinal);
            Assert.Equal(failed.LastError, failed.Answer);
        }
        finally
        {
            Gateway.Secret = secret;
            Gateway.ResultFor = null;
        }
    }

    private Task DisseminateAsync(Guid warningId) => SmsScenario.DisseminateAsync(Beacon, warningId, Ct);

    private Task<List<Delivery>> SmsDeliveriesAsync(Guid warningId) => SmsScenario.SmsDeliveriesAsync(Beacon, warningId, Ct);

    private Task<(WarningView Warning, string Text)> PublishAsync(HttpClient duty) => SmsScenario.PublishAsync(Beacon, duty, Ct);

    private static Task<RecipientView> CreateRecipientAsync(HttpClient client, string name, string phone) => SmsScenario.CreateRecipientAsync(client, name, phone, Ct);
}

public sealed class CmppDisseminationTestsOnSqlite(CmppSqliteBeacon beacon) : CmppDisseminationTests(beacon), IClassFixture<CmppSqliteBeacon>;

public sealed class CmppDisseminationTestsOnPostgres(CmppPostgresBeacon beacon) : CmppDisseminationTests(beacon), IClassFixture<CmppPostgresBeacon>;
