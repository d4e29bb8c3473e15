using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Modules;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Beacon.Testing;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Dissemination.Sms;
using Beacon.Warnings.Tests.Email;
using Beacon.Warnings.Tests.Sms;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Issue 14: <c>kill -9</c> during dissemination through the real channels. An SMTP server and the CMPP 2.0 gateway
/// simulator run in the test process and outlive Beacon, which runs as a real process (SMTP and CMPP channels, no
/// recorder) on SQLite or PostgreSQL. A warning goes to 3,000 recipients (2,000 by e-mail, 2,000 by SMS); Beacon is
/// killed twice, each time while one channel's far end has counted some but not all, and restarted on the same
/// database. Afterwards every delivery is in the far ends' ledgers exactly once (by Message-Id at the SMTP server, by
/// Msg_src + Reserve + Pk_number at the gateway), none missing, the delivery records agree with what the far ends
/// answered, and the only messages the far ends saw twice are those they had accepted and Beacon had not yet
/// committed at the instant of a kill: at most <see cref="RecordEvery"/> e-mails per kill (decision 0028).
/// </summary>
public abstract class RealChannelsKillTests(Provider provider) : IAsyncDisposable
{
    private const int Recipients = 3000;
    private const int Each = 2000;
    private const int RecordEvery = 25;
    private const string Domain = "baotou.example.cn";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "beacon-real-kill-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly TestSmtpServer _smtp = new() { RefuseRecipients = false };
    private readonly CmppGatewaySimulator _gateway = new("901234", "s3cret-of-the-sp");
    private DatabaseOptions _database = new();
    private BeaconProcess? _app;
    private Process? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_beacon_twice_mid_dissemination_through_smtp_and_cmpp_skips_nobody_and_the_far_ends_ledgers_hold_each_message_once()
    {
        Directory.CreateDirectory(_folder);
        _database = await DatabaseAsync();
        await _smtp.StartAsync();
        _app = new BeaconProcess(_folder, Settings());
        Assert.Equal(0, (await _app.RunVerbAsync(Ct, "migrate")).Code);
        Assert.Equal(0, (await _app.RunVerbAsync(Ct, "seed")).Code);
        var (code, output) = await _app.RunVerbAsync(Ct, "create-token", "--name", "预警发布", "--jurisdiction", "150203", "--roles", "DutyOfficer,LeaderOnDuty,Leader", "--days", "1");
        Assert.True(code == 0, output);
        var secret = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Secret", StringComparison.Ordinal)).Split(' ')[^1];
        var contacts = await SeedRecipientsAsync();

        var port = BeaconProcess.FreePort();
        _server = await _app.StartServerAsync(port, Ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var draft = await (await http.PostAsJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(TimeProvider.System.GetUtcNow()), BeaconFactory.Json, Ct)).ReadAsync<WarningView>();
        var published = await StepAsync(http, await StepAsync(http, await StepAsync(http, draft, "submit"), "review", new { approve = true }), "sign-off");
        Assert.Equal("Published", published.Stage);
        var parts = SmsText.Parts(SmsTextOf(published));
        var totals = new Dictionary<WarningChannel, int> { [WarningChannel.Sms] = Each * parts, [WarningChannel.Email] = Each };

        // Kill -9 while a channel's far end has counted some but not all; then again, while the other one has.
        var inDoubtParts = 0;
        var inDoubtMail = new HashSet<long>();
        var caught = new HashSet<WarningChannel>();
        for (var kill = 1; kill <= 2; kill++)
        {
            // The first kill when either far end has counted a fifth of its channel; the second when the channel the
            // first did not catch mid-stream has (or, both caught, when a fifth of what was left has been counted).
            var target = totals.Keys.Where(c => !caught.Contains(c)).Cast<WarningChannel?>().ToList();
            var before = totals.Keys.Sum(Counted);
            await UntilAsync(() => Task.FromResult(target.Count > 0
                    ? target.Any(t => Counted(t!.Value) >= (totals[t!.Value] / 5) + 7)
                    : totals.Keys.Sum(Counted) - before >= (totals.Values.Sum() - before) / 5),
                $"kill {kill}: a fifth counted by a far end");
            TestProcesses.Kill(_server);
            var mid = totals.Keys.Where(c => Counted(c) > 0 && Counted(c) < totals[c]).ToList();
            Assert.True(target.Count == 0 || target.Any(t => mid.Contains(t!.Value)),
                $"kill {kill} came after {string.Join(", ", target)} was complete: " + string.Join(", ", totals.Keys.Select(c => $"{c} {Counted(c)} of {totals[c]}")));
            caught.UnionWith(mid);
            var (committedParts, committedMail) = await CommittedAsync(published.Id);
            inDoubtParts += _gateway.Ledger.Count(e => !committedParts.Contains((e.Reference, e.PkNumber)));
            var mailInDoubt = _smtp.Ledger.Keys.Select(DeliveryIdOf).Where(id => !committedMail.Contains(id)).ToList();
            Assert.True(mailInDoubt.Count <= RecordEvery, $"{mailInDoubt.Count} e-mails were accepted and not committed at kill {kill}");
            inDoubtMail.UnionWith(mailInDoubt);
            _server = await _app.StartServerAsync(port, Ct);
        }

        Assert.True(caught.SetEquals(totals.Keys), $"channels caught mid-stream: {string.Join(", ", caught)}");
        await UntilAsync(async () => await DoneAsync(published.Id), "every delivery final");

        await using var db = Db();
        var deliveries = await db.Set<Delivery>().AsNoTracking().Where(d => d.WarningId == published.Id).ToListAsync(Ct);
        Assert.Equal(2 * Each, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));

        // SMS: each part of each delivery once in the gateway's ledger, to the recipient's number, with the Msg_Id Beacon kept.
        var sms = deliveries.Where(d => d.Channel == WarningChannel.Sms).ToDictionary(d => d.Id);
        var ledger = _gateway.Ledger;
        Assert.Equal(Each * parts, ledger.Count);
        Assert.Equal(ledger.Count, ledger.Select(e => (e.Reference, e.PkNumber)).Distinct().Count());
        Assert.True(sms.Keys.ToHashSet().SetEquals(ledger.Select(e => e.Reference)), "the gateway's ledger names other deliveries than Beacon's SMS deliveries");
        Assert.All(ledger.GroupBy(e => e.Reference), g =>
        {
            Assert.Equal(Enumerable.Range(1, parts), g.Select(e => e.PkNumber).Order());
            Assert.Equal(contacts[sms[g.Key].RecipientId].Phone, g.First().Destination);
        });
        var kept = await db.Set<SmsPart>().AsNoTracking().Where(p => sms.Keys.Contains(p.DeliveryId)).ToDictionaryAsync(p => (p.DeliveryId, p.Number), p => p.MsgId, Ct);
        Assert.Equal(ledger.Count, kept.Count);
        Assert.All(ledger, e => Assert.Equal(unchecked((long)e.MsgId), kept[(e.Reference, e.PkNumber)]));
        Assert.All(ledger.Where(e => e.PkNumber == 1), e => Assert.Equal(e.MsgId.ToString(CultureInfo.InvariantCulture), sms[e.Reference].ExternalId));
        Assert.InRange(_gateway.Duplicates, 0, inDoubtParts);

        // E-mail: each delivery's Message-Id once in the server's ledger, to the recipient's address; the delivery keeps
        // the queue id of a message the server took; a message the server took twice was one in doubt at a kill.
        var mail = deliveries.Where(d => d.Channel == WarningChannel.Email).ToDictionary(d => d.Id);
        Assert.True(mail.Keys.Select(MessageIdOf).ToHashSet().SetEquals(_smtp.Ledger.Keys), "the SMTP server's ledger differs from Beacon's e-mail deliveries");
        var received = _smtp.Received.GroupBy(m => DeliveryIdOf(m.Message.MessageId ?? "")).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(received, r =>
        {
            Assert.All(r.Value, m => Assert.Equal([contacts[mail[r.Key].RecipientId].Email!], m.To));
            Assert.Contains(mail[r.Key].ExternalId, r.Value.Select(m => m.QueueId));
            Assert.True(r.Value.Count == 1 || inDoubtMail.Contains(r.Key), $"delivery {r.Key} arrived {r.Value.Count} times and was not in doubt at a kill");
            Assert.InRange(r.Value.Count, 1, 3);
        });
        Assert.Equal(_smtp.Taken - Each, _smtp.Duplicates);
        Assert.InRange(_smtp.Duplicates, 0, inDoubtMail.Count);
        TestContext.Current.SendDiagnosticMessage(
            $"{provider}: caught {string.Join(", ", caught)}; in doubt at the kills: {inDoubtParts} SMS parts, {inDoubtMail.Count} e-mails; " +
            $"repeats the far ends saw: {_gateway.Duplicates} parts (deduplicated on Reserve), {_smtp.Duplicates} e-mails (same Message-Id)");
    }

    private int Counted(WarningChannel channel) => channel == WarningChannel.Sms ? _gateway.Taken : _smtp.Ledger.Count;

    private static string SmsTextOf(WarningView w)
    {
        var text = $"【{w.IssuerName}】{w.Headline}。{w.Instruction}";
        return text.Length <= 300 ? text : text[..299] + "…";
    }

    private static string MessageIdOf(long deliveryId) => $"delivery-{deliveryId.ToString(CultureInfo.InvariantCulture)}@{Domain}";

    private static long DeliveryIdOf(string messageId) =>
        long.Parse(messageId["delivery-".Length..messageId.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    private Dictionary<string, string> Settings()
    {
        const string d = "Beacon__Warnings__Dissemination__";
        var settings = new Dictionary<string, string>
        {
            // One integration token drafts, reviews and signs off: this test is about dispatch, not about who signs.
            ["Beacon__Warnings__SeparateDuties"] = "false",
            [d + "BatchSize"] = "200",
            [d + "Email__Mode"] = "Smtp",
            [d + "Email__Host"] = "127.0.0.1",
            [d + "Email__Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            [d + "Email__Security"] = "None",
            [d + "Email__UserName"] = TestSmtpServer.User,
            [d + "Email__Password"] = TestSmtpServer.Password,
            [d + "Email__From"] = $"包头市预警信息发布中心 <yujing@{Domain}>",
            [d + "Email__MaxPerSecond"] = "400",
            [d + "Email__RecordEvery"] = RecordEvery.ToString(CultureInfo.InvariantCulture),
            [d + "Sms__Gateway"] = "Cmpp",
            [d + "Sms__Cmpp__Host"] = "127.0.0.1",
            [d + "Sms__Cmpp__Port"] = _gateway.Port.ToString(CultureInfo.InvariantCulture),
            [d + "Sms__Cmpp__SourceAddr"] = _gateway.SourceAddr,
            [d + "Sms__Cmpp__SharedSecret"] = _gateway.Secret,
            [d + "Sms__Cmpp__SourceNumber"] = "1065712345",
            [d + "Sms__Cmpp__ServiceId"] = "BEACON",
            [d + "Sms__Cmpp__Window"] = "16",
            [d + "Sms__Cmpp__SubmitsPerSecond"] = "1000",
            [d + "Sms__Cmpp__ConnectTimeout"] = TestTimeouts.Expectation.ToString("c", CultureInfo.InvariantCulture),
            [d + "Sms__Cmpp__ResponseTimeout"] = TestTimeouts.Expectation.ToString("c", CultureInfo.InvariantCulture),
        };
        if (provider == Provider.Postgres)
        {
            settings["Beacon__Database__Provider"] = "Postgres";
            settings["Beacon__Database__ConnectionString"] = _database.ConnectionString!;
        }

        return settings;
    }

    private async Task<DatabaseOptions> DatabaseAsync()
    {
        if (provider == Provider.Sqlite)
        {
            return new DatabaseOptions { Provider = "Sqlite" };
        }

        var (cluster, reason) = await PostgresCluster.GetAsync();
        if (cluster is null)
        {
            Assert.Skip(reason!);
        }

        return new DatabaseOptions { Provider = "Postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
    }

    private BeaconDb Db() => new(DatabaseSetup.Build(_database, _folder, ModuleCatalog.All), Actor.System, TimeProvider.System);

    /// <summary>Recipients of 昆都仑区, written before the server starts: a third with a phone only, a third with an e-mail address only, a third with both.</summary>
    private async Task<Dictionary<Guid, (string? Phone, string? Email)>> SeedRecipientsAsync()
    {
        await using var db = Db();
        var owner = await db.Jurisdictions.Where(j => j.Code == "150203").Select(j => j.Id).SingleAsync(Ct);
        var recipients = Enumerable.Range(0, Recipients).Select(i => new Recipient
        {
            Kind = RecipientKind.Subscriber,
            Name = $"订阅用户{i}",
            OwnerJurisdictionId = owner,
            Phone = i % 3 != 2 ? $"139{i:00000000}" : null,
            Email = i % 3 != 1 ? $"user{i}@example.cn" : null,
            CreatedAt = TimeProvider.System.GetUtcNow(),
        }).ToList();
        foreach (var r in recipients)
        {
            r.Areas.Add(new RecipientArea { RecipientId = r.Id, Code = "150203", Prefix = "150203" });
        }

        db.AddRange(recipients);
        await db.SaveChangesAsync(Ct);
        return recipients.ToDictionary(r => r.Id, r => (r.Phone, r.Email));
    }

    /// <summary>What Beacon has committed: the SMS parts it saved and the e-mail deliveries it marked Sent.</summary>
    private async Task<(HashSet<(long, int)> Parts, HashSet<long> Mail)> CommittedAsync(Guid warningId)
    {
        await using var db = Db();
        var parts = await db.Set<SmsPart>().AsNoTracking().Select(p => new { p.DeliveryId, p.Number }).ToListAsync(Ct);
        var mail = await db.Set<Delivery>().AsNoTracking()
            .Where(d => d.WarningId == warningId && d.Channel == WarningChannel.Email && d.Status == DeliveryStatus.Sent).Select(d => d.Id).ToListAsync(Ct);
        return ([.. parts.Select(p => (p.DeliveryId, p.Number))], [.. mail]);
    }

    private async Task<bool> DoneAsync(Guid warningId)
    {
        await using var db = Db();
        return await db.Set<DisseminationJob>().AnyAsync(j => j.WarningId == warningId && j.ExpandedAt != null, Ct)
            && !await db.Set<Delivery>().AnyAsync(d => d.WarningId == warningId && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Retrying), Ct);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, up to <see cref="TestTimeouts.ProcessStart"/> (a real process at work).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TestTimeouts.ProcessStart)
            {
                throw new TimeoutException($"{what}: not within {TestTimeouts.ProcessStart.TotalSeconds:0} s ({TestTimeouts.ProcessStartVariable})");
            }

            await Task.Delay(10, Ct);
        }
    }

    private static async Task<WarningView> StepAsync(HttpClient http, WarningView warning, string step, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body ?? new { }, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        using var response = await http.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _smtp.DisposeAsync();
        await _gateway.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class RealChannelsKillTestsOnSqlite() : RealChannelsKillTests(Provider.Sqlite);

public sealed class RealChannelsKillTestsOnPostgres() : RealChannelsKillTests(Provider.Postgres);
