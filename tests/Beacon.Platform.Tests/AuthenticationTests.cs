using System.Net;
using Beacon.Platform.Accounts.CreateAccount;
using Beacon.Platform.Accounts.Me;
using Beacon.Platform.ApiTokens.CreateToken;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

public abstract class AuthenticationTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Every_api_endpoint_answers_401_without_credentials()
    {
        var endpoints = ApiEndpoints.All(Beacon.Services);
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} endpoints found");
        var anonymous = Beacon.Anonymous();
        foreach (var endpoint in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(p => p == "code" ? "150203" : Guid.NewGuid().ToString()));
            if (endpoint.Method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await anonymous.SendAsync(request, Ct);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_wrong_or_made_up_token_is_401()
    {
        var client = Beacon.WithToken("bcn_this-token-was-never-issued");

        var response = await client.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = Beacon.Db();
        Assert.Contains(db.AuditEntries.ToList(), e => e.Action == "token.rejected");
    }

    [Fact]
    public async Task An_administrator_cannot_sign_in_without_the_second_factor()
    {
        var client = Beacon.Anonymous();

        var next = await BeaconFactory.PostSignInAsync(client, "admin.150203", Seeding.DemoAccounts.Password);

        Assert.StartsWith("/account/two-factor", next, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.StartsWith("/account/two-factor?error", await BeaconFactory.PostSecondFactorAsync(client, "000000"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);

        var code = Beacon.CurrentTotp();
        Assert.Equal("/", await BeaconFactory.PostSecondFactorAsync(client, code));
        var me = await (await client.GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>();
        Assert.Equal("admin.150203", me.UserName);
        Assert.Contains("Administrator", me.Roles);
    }

    [Fact]
    public async Task A_used_second_factor_code_cannot_be_replayed()
    {
        var first = Beacon.Anonymous();
        await BeaconFactory.PostSignInAsync(first, "admin.150204", Seeding.DemoAccounts.Password);
        var code = Beacon.CurrentTotp();
        Assert.Equal("/", await BeaconFactory.PostSecondFactorAsync(first, code));

        var second = Beacon.Anonymous();
        await BeaconFactory.PostSignInAsync(second, "admin.150204", Seeding.DemoAccounts.Password);

        Assert.StartsWith("/account/two-factor?error", await BeaconFactory.PostSecondFactorAsync(second, code), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_administrator_must_enrol_an_authenticator_at_first_sign_in()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150300&kind=DutyRoom", Ct)).Single();
        var created = await (await admin.PostJsonAsync("/api/v1/accounts", new
        {
            userName = "newadmin.150300",
            displayName = "乌海市管理员",
            unitId = unit.Id,
            roles = new[] { "Administrator" },
            password = "Wuhai-Admin-2026",
        })).ReadAsync<CreatedAccount>();
        Assert.Equal("newadmin.150300", created.Account.UserName);

        var client = Beacon.Anonymous();
        var next = await BeaconFactory.PostSignInAsync(client, "newadmin.150300", "Wuhai-Admin-2026");

        Assert.StartsWith("/account/enroll", next, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single();
        var response = await admin.PostJsonAsync("/api/v1/tokens", new { name = "12345 热线", unitId = unit.Id, roles = new[] { "DutyOfficer" }, validDays = 30 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<CreatedToken>();
        var integration = Beacon.WithToken(created.Secret);

        var me = await (await integration.GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>();
        Assert.Equal(created.Token.Id, me.TokenId);
        Assert.Equal("150203", me.JurisdictionCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.GetAsync("/api/v1/accounts", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/tokens/{created.Token.Id}/revoke", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/v1/me", Ct)).StatusCode);
        await using var db = Beacon.Db();
        var stored = db.ApiTokens.Single(t => t.Id == created.Token.Id);
        Assert.NotEqual(created.Secret, stored.SecretHash);
        Assert.DoesNotContain(created.Secret, stored.SecretHash, StringComparison.Ordinal);
        Assert.Contains(db.AuditEntries.ToList(), e => e.Action == "token.revoked" && e.EntityId == created.Token.Id.ToString());
        Assert.Contains(db.AuditEntries.ToList(), e => e.Action == "token.used" && e.TokenId == created.Token.Id);
    }

    [Fact]
    public async Task A_token_cannot_carry_the_administrator_role()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single();

        var response = await admin.PostJsonAsync("/api/v1/tokens", new { name = "too strong", unitId = unit.Id, roles = new[] { "Administrator" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("roles", out _));
    }

    [Fact]
    public async Task Sign_in_and_sign_out_are_audited_with_the_account_and_unit()
    {
        var client = Beacon.Anonymous();
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(client, "viewer.150203", Seeding.DemoAccounts.Password));
        var signOut = await client.GetAsync("/account/signout", Ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);

        await using var db = Beacon.Db();
        var events = db.AuditEntries.Where(e => e.UserName == "viewer.150203").ToList();
        Assert.Contains(events, e => e.Action == "signin.succeeded" && e.UnitId != null);
        Assert.Contains(events, e => e.Action == "signout");
    }
}

public sealed class AuthenticationTestsOnSqlite(SqliteBeacon beacon) : AuthenticationTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class AuthenticationTestsOnPostgres(PostgresBeacon beacon) : AuthenticationTests(beacon), IClassFixture<PostgresBeacon>;
