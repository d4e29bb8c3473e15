using System.Net;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Platform.Tests;

public abstract class OperationsTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Health_answers_without_signing_in_and_ready_means_migrated()
    {
        var anonymous = Beacon.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live", Ct)).StatusCode);
        var ready = await anonymous.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await using var db = Beacon.Db();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var db = Beacon.Db();

        Assert.False(db.Database.HasPendingModelChanges(), $"run 'dotnet ef migrations add' for {db.Database.ProviderName}");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_and_the_reference_page_is_served()
    {
        var anonymous = Beacon.Anonymous();

        var doc = await anonymous.GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("/api/v1/units", doc, StringComparison.Ordinal);
        Assert.Contains("/api/v1/audit/verify", doc, StringComparison.Ordinal);
        var reference = await anonymous.GetAsync("/api/reference/", Ct);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("openapi/v1.json", await reference.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_exposed_for_prometheus()
    {
        var anonymous = Beacon.Anonymous();
        await anonymous.GetAsync("/health/live", Ct);

        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Add("X-Metrics-Token", BeaconFactory.MetricsToken);
        var response = await anonymous.SendAsync(scrape, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("http_server_request_duration", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_redirect_to_sign_in_and_the_sign_in_page_is_chinese_by_default()
    {
        var anonymous = Beacon.Anonymous();

        var home = await anonymous.GetAsync("/", Ct);
        var signIn = await anonymous.GetStringAsync("/account/signin", Ct);
        var english = await anonymous.GetStringAsync("/account/signin?culture=en-US", Ct);

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/signin", home.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("登录", signIn, StringComparison.Ordinal);
        Assert.Contains("Sign in", english, StringComparison.Ordinal);
    }
}

public sealed class OperationsTestsOnSqlite(SqliteBeacon beacon) : OperationsTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class OperationsTestsOnPostgres(PostgresBeacon beacon) : OperationsTests(beacon), IClassFixture<PostgresBeacon>;
