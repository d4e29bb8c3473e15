using System.Net;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>Progressive delay after wrong passwords (docs/decisions/0002-sign-in-throttling.md), on the fake clock.</summary>
public abstract class SignInDelayTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const string Password = "Correct-Horse-2026";

    [Fact]
    public async Task Five_wrong_passwords_keep_out_the_sixth_attempt_until_the_delay_has_passed()
    {
        var user = await CreateViewerAsync("delay1.150203");
        var client = Beacon.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith("/account/signin?error=failed", await BeaconFactory.PostSignInAsync(client, user, "wrong-" + i), StringComparison.Ordinal);
        }

        // The right password, one second and 59 seconds into the one-minute delay: still refused.
        Beacon.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.StartsWith("/account/signin?error=failed", await BeaconFactory.PostSignInAsync(client, user, Password), StringComparison.Ordinal);
        Beacon.Clock.Advance(TimeSpan.FromSeconds(58));
        Assert.StartsWith("/account/signin?error=failed", await BeaconFactory.PostSignInAsync(client, user, Password), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);

        Beacon.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(client, user, Password));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);

        await using var db = Beacon.Db();
        var actions = db.AuditEntries.Where(e => e.UserName == user).Select(e => e.Action).ToList();
        Assert.Equal(5, actions.Count(a => a == "signin.failed"));
        Assert.Contains("signin.delayed", actions);
        Assert.Equal(2, actions.Count(a => a == "signin.throttled"));
        Assert.Contains("signin.succeeded", actions);
    }

    [Fact]
    public async Task Attempts_during_the_delay_do_not_extend_it_and_further_failures_double_it()
    {
        var user = await CreateViewerAsync("delay2.150203");
        var client = Beacon.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await BeaconFactory.PostSignInAsync(client, user, "wrong");
        }

        for (var i = 0; i < 20; i++)
        {
            await BeaconFactory.PostSignInAsync(client, user, "wrong");
        }

        Beacon.Clock.Advance(TimeSpan.FromSeconds(61));
        // A sixth wrong password after the delay: now two minutes.
        await BeaconFactory.PostSignInAsync(client, user, "wrong");
        Beacon.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.StartsWith("/account/signin?error=failed", await BeaconFactory.PostSignInAsync(client, user, Password), StringComparison.Ordinal);
        Beacon.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(client, user, Password));
    }

    [Fact]
    public async Task An_unknown_user_name_fails_the_same_way_and_is_audited()
    {
        var client = Beacon.Anonymous();

        Assert.StartsWith("/account/signin?error=failed", await BeaconFactory.PostSignInAsync(client, "nobody.999999", "whatever-1A"), StringComparison.Ordinal);

        await using var db = Beacon.Db();
        Assert.Contains(db.AuditEntries.ToList(), e => e.Action == "signin.failed" && e.UserName == "nobody.999999" && e.Outcome == "failure");
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var admin = Beacon.Anonymous();
        await BeaconFactory.PostSignInAsync(admin, "admin.150000", Seeding.DemoAccounts.Password);
        Assert.Equal("/", await BeaconFactory.PostSecondFactorAsync(admin, Beacon.CurrentTotp()));
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single();
        var created = await (await admin.PostJsonAsync("/api/v1/tokens", new { name = "short-lived", unitId = unit.Id, roles = new[] { "Viewer" }, validDays = 1 }))
            .ReadAsync<ApiTokens.CreateToken.CreatedToken>();
        var client = Beacon.WithToken(created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);

        Beacon.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    private async Task<string> CreateViewerAsync(string userName)
    {
        var admin = Beacon.Anonymous();
        await BeaconFactory.PostSignInAsync(admin, "admin.150000", Seeding.DemoAccounts.Password);
        Assert.Equal("/", await BeaconFactory.PostSecondFactorAsync(admin, Beacon.CurrentTotp()));
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single();
        var response = await admin.PostJsonAsync("/api/v1/accounts", new
        {
            userName,
            displayName = "测试人员",
            unitId = unit.Id,
            roles = new[] { "Viewer" },
            password = Password,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return userName;
    }
}

public sealed class SignInDelayTestsOnSqlite(SqliteBeacon beacon) : SignInDelayTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class SignInDelayTestsOnPostgres(PostgresBeacon beacon) : SignInDelayTests(beacon), IClassFixture<PostgresBeacon>;
