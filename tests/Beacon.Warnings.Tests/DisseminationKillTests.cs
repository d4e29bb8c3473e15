using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Testing;
using Beacon.Warnings.Warnings;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Issue 6, acceptance 5: a real Beacon process on SQLite disseminating one warning to a few thousand recipients is
/// killed with <c>kill -9</c> mid-dispatch; after a restart every targeted recipient has exactly one recorded message
/// per channel: none skipped, none twice.
/// </summary>
public sealed class DisseminationKillTests : IAsyncDisposable
{
    private const int Recipients = 3000;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "beacon-dis-kill-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Small batches with a pause between them stretch the dispatch over seconds, so the kill lands in the middle.
    // One integration token drafts, reviews and signs off here: this test is about dispatch, not about who signs.
    private BeaconProcess App => new(_folder, new Dictionary<string, string>
    {
        ["Beacon__Warnings__SeparateDuties"] = "false",
        ["Beacon__Warnings__Dissemination__BatchSize"] = "100",
        ["Beacon__Warnings__Dissemination__PauseMilliseconds"] = "40",
    });

    private string Db => $"Data Source={Path.Combine(_folder, "beacon.db")}";

    [Fact]
    public async Task Killing_the_server_mid_dispatch_and_restarting_completes_delivery_with_no_recipient_skipped_or_messaged_twice()
    {
        Directory.CreateDirectory(_folder);
        Assert.Equal(0, (await App.RunVerbAsync(Ct, "migrate")).Code);
        Assert.Equal(0, (await App.RunVerbAsync(Ct, "seed")).Code);
        var (code, output) = await App.RunVerbAsync(Ct, "create-token", "--name", "预警发布", "--jurisdiction", "150203", "--roles", "DutyOfficer,LeaderOnDuty,Leader", "--days", "1");
        Assert.True(code == 0, output);
        var secret = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Secret", StringComparison.Ordinal)).Split(' ')[^1];
        await SeedRecipientsAsync();

        var port = BeaconProcess.FreePort();
        _server = await App.StartServerAsync(port, Ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var draft = await Step(http, await (await http.PostAsJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(TimeProvider.System.GetUtcNow()), BeaconFactory.Json, Ct)).ReadAsync<WarningView>(), null);
        var reviewed = await Step(http, await Step(http, draft, "submit"), "review", new { approve = true });
        var published = await Step(http, reviewed, "sign-off");
        Assert.Equal("Published", published.Stage);

        // Kill -9 once some, but far from all, deliveries are sent.
        var waited = Stopwatch.StartNew();
        long sent;
        while ((sent = await ScalarAsync("SELECT COUNT(*) FROM warnings_deliveries WHERE \"Status\" = 'Sent'")) < 300 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(5, Ct);
        }

        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync(Ct);
        sent = await ScalarAsync("SELECT COUNT(*) FROM warnings_deliveries WHERE \"Status\" = 'Sent'");
        Assert.InRange(sent, 300, (2 * Recipients) - 1);

        _server = await App.StartServerAsync(port, Ct);
        waited.Restart();
        while (await ScalarAsync("SELECT COUNT(*) FROM warnings_deliveries WHERE \"Status\" <> 'Sent'") > 0 && waited.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(2L * Recipients, await ScalarAsync("SELECT COUNT(*) FROM warnings_deliveries WHERE \"Status\" = 'Sent'"));
        Assert.Equal(2L * Recipients, await ScalarAsync("SELECT COUNT(*) FROM warnings_outbound_messages"));
        // Every targeted recipient once per channel, with its own address.
        Assert.Equal(0L, await ScalarAsync("""
            SELECT COUNT(*) FROM warnings_recipients r CROSS JOIN (SELECT 'Sms' AS c UNION ALL SELECT 'Email') ch
            WHERE (SELECT COUNT(*) FROM warnings_outbound_messages m JOIN warnings_deliveries d ON d."Id" = m."DeliveryId"
                   WHERE d."RecipientId" = r."Id" AND d."Channel" = ch.c
                     AND m."To" = CASE ch.c WHEN 'Sms' THEN r."Phone" ELSE r."Email" END) <> 1
            """));
        var report = await (await http.GetAsync($"/api/v1/warnings/{published.Id}/deliveries", Ct)).ReadAsync<Beacon.Warnings.Dissemination.DeliveryReport>();
        Assert.True(report.Done);
        Assert.Equal(2 * Recipients, report.Counts.Where(c => c.Status == "Sent").Sum(c => c.Count));
    }

    /// <summary>Recipients of 昆都仑区 (phone and e-mail each), written straight into the database before the server starts.</summary>
    private async Task SeedRecipientsAsync()
    {
        await using var db = new SqliteConnection(Db);
        await db.OpenAsync(Ct);
        await using var find = db.CreateCommand();
        find.CommandText = "SELECT \"Id\" FROM jurisdictions WHERE \"Code\" = '150203'";
        var owner = (string)(await find.ExecuteScalarAsync(Ct))!;
        await using var tx = await db.BeginTransactionAsync(Ct);
        await using var insert = db.CreateCommand();
        insert.CommandText = """
            INSERT INTO warnings_recipients ("Id", "Kind", "Name", "OwnerJurisdictionId", "Phone", "Email", "IsActive", "CreatedAt", "Version")
            VALUES ($id, 'Subscriber', $name, $owner, $phone, $email, 1, 0, 1);
            INSERT INTO warnings_recipient_areas ("RecipientId", "Code", "Prefix") VALUES ($id, '150203', '150203');
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        insert.Parameters.AddWithValue("$owner", owner);
        var phone = insert.Parameters.Add("$phone", SqliteType.Text);
        var email = insert.Parameters.Add("$email", SqliteType.Text);
        for (var i = 0; i < Recipients; i++)
        {
            id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            name.Value = $"订阅用户{i}";
            phone.Value = $"139{i:00000000}";
            email.Value = $"user{i}@example.cn";
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await tx.CommitAsync(Ct);
    }

    private static async Task<WarningView> Step(HttpClient http, WarningView warning, string? step, object? body = null)
    {
        if (step is null)
        {
            return warning;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body ?? new { }, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        using var response = await http.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var db = new SqliteConnection(Db);
        await db.OpenAsync(Ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
