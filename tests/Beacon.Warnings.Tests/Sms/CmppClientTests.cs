using Beacon.Testing;
using Beacon.Warnings.Dissemination.Sms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Beacon.Warnings.Tests.Sms;

/// <summary>
/// Issue 14, acceptance 2: the CMPP 2.0 client against the gateway simulator, without a database: login, the window,
/// the rate, link tests both ways, termination and what a broken gateway may send.
/// </summary>
public sealed class CmppClientTests : IAsyncDisposable
{
    private const string SourceAddr = "901234";
    private const string Secret = "s3cret-of-the-sp";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 15, 30, 0, TimeSpan.Zero));
    private readonly CmppGatewaySimulator _gateway = new(SourceAddr, Secret);
    private readonly List<CmppClient> _clients = [];
    private readonly List<CmppStatusReport> _reports = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Login_with_a_wrong_secret_fails_with_the_gateways_status()
    {
        var client = Client(secret: "not-the-secret");

        var refused = await Assert.ThrowsAsync<CmppLoginException>(() => client.ConnectAsync(Ct));

        Assert.Equal(3, refused.Status);
        Assert.Contains("Status 3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("认证错", refused.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1), (_gateway.Logins, _gateway.RefusedLogins));
        Assert.False(client.IsConnected);

        // The right secret logs in.
        var good = Client();
        await good.ConnectAsync(Ct);
        Assert.True(good.IsConnected);
        Assert.Equal(1, _gateway.Logins);
    }

    [Fact]
    public async Task The_window_of_unanswered_submits_is_never_exceeded()
    {
        var client = Client(window: 4);
        _gateway.HoldAnswers = true;

        var submits = Enumerable.Range(1, 40).Select(i => client.SubmitAsync(Part(i), Ct)).ToList();
        await _gateway.WaitUntilAsync(g => g.Unanswered == 4, "four unanswered submits");
        Assert.Equal(4, client.InFlight);
        Assert.Equal(4, _gateway.Ledger.Count);

        await _gateway.ReleaseAnswersAsync();
        var answers = await Task.WhenAll(submits);

        Assert.Equal(40, _gateway.Ledger.Count);
        Assert.Equal(4, _gateway.MaxUnanswered);
        Assert.All(answers, a => Assert.Equal(0, a.Result));
        Assert.Equal(40, answers.Select(a => a.MsgId).Distinct().Count());
    }

    [Fact]
    public async Task Submits_keep_to_the_rate_on_the_clock()
    {
        var client = Client(perSecond: 5);

        var submits = Enumerable.Range(1, 8).Select(i => client.SubmitAsync(Part(i), Ct)).ToList();
        await _gateway.WaitUntilAsync(g => g.Ledger.Count == 5, "five submits");
        await EventuallyAsync(() => client.WaitingForRate == 3, "three submits waiting for the rate");
        Assert.Equal(5, _gateway.Ledger.Count);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(submits);
        Assert.Equal(8, _gateway.Ledger.Count);
    }

    [Fact]
    public async Task Link_tests_are_answered_both_ways_and_terminate_ends_the_session()
    {
        var client = Client();
        await client.ConnectAsync(Ct);

        await _gateway.ActiveTestAsync();
        Assert.Equal(1, client.ActiveTestsAnswered);

        _clock.Advance(TimeSpan.FromMinutes(3));
        await _gateway.WaitUntilAsync(g => g.ActiveTestsReceived == 1, "the client's link test");

        await client.TerminateAsync(Ct);
        Assert.Equal(1, _gateway.TerminatesReceived);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_frame_with_an_impossible_length_drops_the_connection_and_the_next_submit_logs_in_again()
    {
        var client = Client();
        await client.SubmitAsync(Part(1), Ct);

        // Total_Length of 4 GB: read as a length, never allocated.
        await _gateway.SendRawAsync([0xFF, 0xFF, 0xFF, 0xF0, 0x80, 0, 0, 4, 0, 0, 0, 1]);
        await _gateway.WaitUntilAsync(g => g.Drops == 1, "the client dropping the connection");

        var answer = await client.SubmitAsync(Part(2), Ct);
        Assert.Equal(0, answer.Result);
        Assert.Equal(2, _gateway.Logins);
        Assert.Equal([1L, 2L], _gateway.Ledger.Select(e => e.Reference));
    }

    [Fact]
    public async Task A_submit_without_an_answer_when_the_connection_drops_is_sent_again_and_taken_once()
    {
        var client = Client(window: 8);
        _gateway.DropAfterTaken = 5;

        var answers = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => client.SubmitAsync(Part(i), Ct)));

        Assert.Equal(2, _gateway.Logins);
        Assert.True(_gateway.Duplicates >= 1, "the part taken before the drop was submitted again");
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), _gateway.Ledger.Select(e => e.Reference).Order());
        Assert.Equal(_gateway.Ledger.OrderBy(e => e.Reference).Select(e => e.MsgId), answers.Select(a => a.MsgId));
    }

    [Fact]
    public void A_text_of_up_to_70_characters_is_one_part_and_a_longer_one_is_cut_in_67s()
    {
        Assert.Equal(0, SmsText.Parts(""));
        Assert.Equal(1, SmsText.Parts(new string('警', 70)));
        Assert.Equal(2, SmsText.Parts(new string('警', 71)));
        Assert.Equal(3, SmsText.Parts(new string('警', 150)));
        Assert.Equal(new string('警', 70), SmsText.Preview(new string('警', 150)));
        var emoji = new string('警', 66) + "😀" + new string('警', 10);
        var parts = SmsText.Split(emoji);
        Assert.Equal(66, parts[0].Length);
        Assert.Equal(emoji, string.Concat(parts));
    }

    /// <summary>Waits for a state of the client that no gateway event announces.</summary>
    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TestTimeouts.Expectation, $"not seen within {TestTimeouts.Expectation.TotalSeconds:0} s: {what}");
            await Task.Delay(5, Ct);
        }
    }

    private CmppClient Client(string secret = Secret, int window = 16, int perSecond = 10_000)
    {
        var options = new CmppOptions
        {
            Host = "127.0.0.1",
            Port = _gateway.Port,
            SourceAddr = SourceAddr,
            SharedSecret = secret,
            SourceNumber = "1065712345",
            ServiceId = "BEACON",
            Window = window,
            SubmitsPerSecond = perSecond,
            ConnectTimeout = TestTimeouts.Expectation,
            ResponseTimeout = TestTimeouts.Expectation,
        };
        var client = new CmppClient(options, _clock, NullLogger.Instance, (report, _) =>
        {
            lock (_reports)
            {
                _reports.Add(report);
            }

            return Task.CompletedTask;
        });
        _clients.Add(client);
        return client;
    }

    private static CmppSubmit Part(long deliveryId) =>
        new(deliveryId, "13900000001", 1, 1, CmppWire.Content("测试短信", 0, 1, 1), HasUdh: false);
}

/// <summary>A CMPP gateway that cannot work stops the start, naming the setting to fix.</summary>
public sealed class SmsOptionsTests
{
    [Fact]
    public void A_cmpp_gateway_without_host_or_secret_and_with_a_zero_window_is_refused_naming_each_key()
    {
        var options = new WarningsOptions();
        options.Dissemination.Sms.Gateway = SmsGateway.Cmpp;
        options.Dissemination.Sms.Cmpp.SourceAddr = "9012345";
        options.Dissemination.Sms.Cmpp.Window = 0;

        var result = new SmsOptionsValidation().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Sms:Cmpp:Host", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Sms:Cmpp:SharedSecret", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Sms:Cmpp:SourceAddr", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Sms:Cmpp:Window", StringComparison.Ordinal));
        Assert.True(new SmsOptionsValidation().Validate(null, new WarningsOptions()).Succeeded);
    }
}
