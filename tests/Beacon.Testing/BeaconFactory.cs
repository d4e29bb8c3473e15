using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Beacon.Platform.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Beacon.Testing;

/// <summary>The database a <see cref="BeaconFactory"/> runs on.</summary>
public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Beacon in-process on a real database (a fresh SQLite file, or a fresh database in the throwaway PostgreSQL
/// cluster), with demo accounts seeded and a fake clock. Intent methods sign in as a person would.
/// </summary>
public partial class BeaconFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, (HttpClient Client, DateTimeOffset At)> _sessions = [];
    private readonly SemaphoreSlim _signInGate = new(1, 1);
    private string? _connectionString;

    public BeaconFactory()
        : this(Provider.Sqlite)
    {
    }

    protected BeaconFactory(Provider provider)
    {
        Provider = provider;
        DataFolder = Path.Combine(Path.GetTempPath(), "beacon-test-" + Guid.NewGuid().ToString("N")[..10]);
    }

    public Provider Provider { get; }

    public string DataFolder { get; }

    /// <summary>The <c>X-Metrics-Token</c> that opens /metrics to a test (the test server's caller has no address).</summary>
    public const string MetricsToken = "test-metrics-token";

    /// <summary>The clock Beacon sees. Starts at the real time; tests move it forward.</summary>
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The SQLite connection string or PostgreSQL connection string in use.</summary>
    public string ConnectionString => _connectionString ?? $"Data Source={Path.Combine(DataFolder, "beacon.db")}";

    public virtual async ValueTask InitializeAsync()
    {
        if (Provider == Provider.Postgres)
        {
            var (cluster, reason) = await PostgresCluster.GetAsync();
            if (cluster is null)
            {
                SkipReason = reason;
                return;
            }

            _connectionString = await cluster.CreateDatabaseAsync();
        }

        // Start the host now: migrations and seeding run before the first request.
        _ = Server;
    }

    /// <summary>Why this lane cannot run (PostgreSQL missing in auto mode); tests call <see cref="SkipIfUnavailable"/>.</summary>
    public string? SkipReason { get; private set; }

    public void SkipIfUnavailable()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var (client, _) in _sessions.Values)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
        _signInGate.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Beacon:DataFolder", DataFolder);
        builder.UseSetting("Beacon:Demo", "true");
        // The demo recipients would receive every test's warnings; tests add the recipients they need.
        builder.UseSetting("Beacon:Warnings:DemoRecipients", "false");
        builder.UseSetting("Beacon:Incidents:DemoRecords", "false");
        builder.UseSetting("Beacon:Warnings:DemoWarnings", "false");
        builder.UseSetting("Beacon:Database:Provider", Provider == Provider.Postgres ? "Postgres" : "Sqlite");
        builder.UseSetting("Beacon:Database:ConnectionString", _connectionString ?? "");
        // Background scans would race the fake clock; tests run OverdueScanner.ScanAsync themselves.
        builder.UseSetting("Beacon:Incidents:OverdueScanSeconds", "0");
        // Every test signs in from the same (test server's) address: the per-source limit is tested by SourceLimitTests.
        builder.UseSetting("Beacon:RateLimits:SignInPermits", "1000000");
        builder.UseSetting("Beacon:Metrics:Token", MetricsToken);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Fewer PBKDF2 rounds keep seeding the demo accounts fast; hashing itself is not under test.
            services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1000);
        });
    }

    /// <summary>A context on Beacon's database, writing as the system, for arranging and checking data.</summary>
    public BeaconDb Db() =>
        new(Services.GetRequiredService<DbContextOptions<BeaconDb>>(), Actor.System, Clock);

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client with an API token in the Authorization header.</summary>
    public HttpClient WithToken(string secret)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>
    /// A browser-like session (cookies) signed in through the sign-in form as <paramref name="userName"/>,
    /// answering the second-factor step for administrators. Cached per user name while the fake clock has not
    /// moved past the idle timeout; after that a new session is signed in.
    /// </summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = DemoAccounts.Password)
    {
        await _signInGate.WaitAsync();
        try
        {
            if (_sessions.TryGetValue(userName, out var cached) && Clock.GetUtcNow() - cached.At < TimeSpan.FromMinutes(20))
            {
                return cached.Client;
            }

            var client = Anonymous();
            var result = await PostSignInAsync(client, userName, password);
            if (result.StartsWith("/account/two-factor", StringComparison.Ordinal))
            {
                result = await PostSecondFactorAsync(client, CurrentTotp());
            }

            if (result != "/")
            {
                throw new InvalidOperationException($"Sign-in of {userName} ended at {result}");
            }

            _sessions[userName] = (client, Clock.GetUtcNow());
            return client;
        }
        finally
        {
            _signInGate.Release();
        }
    }

    /// <summary>Posts the sign-in form; returns where Beacon redirects (path and query).</summary>
    public static async Task<string> PostSignInAsync(HttpClient client, string userName, string password, string? returnUrl = null)
    {
        var token = await AntiforgeryTokenAsync(client, "/account/signin");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = returnUrl ?? "/",
        });
        using var response = await client.PostAsync("/account/signin", form);
        return Redirected(response);
    }

    /// <summary>Posts the second-factor form; returns where Beacon redirects.</summary>
    public static async Task<string> PostSecondFactorAsync(HttpClient client, string code)
    {
        var token = await AntiforgeryTokenAsync(client, "/account/two-factor");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["code"] = code,
            ["returnUrl"] = "/",
        });
        using var response = await client.PostAsync("/account/two-factor", form);
        return Redirected(response);
    }

    /// <summary>The demo administrators' TOTP code, after moving the clock to a fresh 30-second step (codes are single-use).</summary>
    public string CurrentTotp()
    {
        Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        return Totp.Code(Totp.FromBase32(DemoAccounts.AdministratorTotpKey), Totp.StepAt(Clock.GetUtcNow()));
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = AntiforgeryField().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {page}");
    }

    private static string Redirected(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException($"Expected a redirect, got {(int)response.StatusCode}");
        }

        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>Beacon on a fresh SQLite file.</summary>
public sealed class SqliteBeacon : BeaconFactory
{
    public SqliteBeacon()
        : base(Provider.Sqlite)
    {
    }
}

/// <summary>Beacon on a fresh database in the throwaway PostgreSQL cluster.</summary>
public sealed class PostgresBeacon : BeaconFactory
{
    public PostgresBeacon()
        : base(Provider.Postgres)
    {
    }
}

/// <summary>JSON helpers for API tests.</summary>
public static class HttpJson
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(BeaconFactory.Json))!;

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, BeaconFactory.Json);

    /// <summary>Uploads an Excel workbook as an import page does: multipart/form-data, the file in <c>file</c>, other fields beside it.</summary>
    public static Task<HttpResponseMessage> PostWorkbookAsync(this HttpClient client, string url, byte[] workbook, params (string Name, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(workbook);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "file", "import.xlsx");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return client.PostAsync(url, content, Xunit.TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(BeaconFactory.Json);
}
