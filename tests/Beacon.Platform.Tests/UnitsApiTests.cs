using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Beacon.Platform.Accounts.ListAccounts;
using Beacon.Platform.Http;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

public abstract class UnitsApiTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task An_administrator_adds_renames_and_retires_a_unit_and_the_history_stays()
    {
        var admin = await Beacon.SignInAsync("admin.150200");
        var created = await admin.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150203", name = "昆都仑区防汛抗旱指挥部办公室", kind = "LineDepartment", dutyPhone = "0472-2100000" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var unit = await created.ReadAsync<UnitView>();
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);

        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/units/{unit.Id}")
        {
            Content = Json(new { name = "昆都仑区应急指挥中心", kind = "LineDepartment", dutyPhone = "0472-2100001", fax = "0472-2100002", address = "包头市昆都仑区" }),
        };
        rename.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var renamed = await admin.SendAsync(rename, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("\"2\"", renamed.Headers.ETag?.Tag);

        var detail = await (await admin.GetAsync($"/api/v1/units/{unit.Id}", Ct)).ReadAsync<UnitDetail>();
        Assert.Equal("昆都仑区应急指挥中心", detail.Unit.Name);
        Assert.Equal("0472-2100002", detail.Unit.Fax);
        Assert.Equal("昆都仑区防汛抗旱指挥部办公室", Assert.Single(detail.NameHistory).OldName);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/units/{unit.Id}/retire", null, Ct)).StatusCode);
        var retired = await (await admin.GetAsync($"/api/v1/units/{unit.Id}", Ct)).ReadAsync<UnitDetail>();
        Assert.True(retired.Unit.IsRetired);
        Assert.DoesNotContain(await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203", Ct), u => u.Id == unit.Id);
        Assert.Contains(await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&includeRetired=true", Ct), u => u.Id == unit.Id);

        await using var db = Beacon.Db();
        var trail = db.AuditEntries.Where(e => e.EntityId == unit.Id.ToString()).Select(e => e.Action).ToList();
        Assert.Contains("unit.created", trail);
        Assert.Contains("unit.updated", trail);
    }

    [Fact]
    public async Task Merging_a_unit_moves_its_accounts_and_keeps_the_old_unit_for_history()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var from = await (await admin.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150102", name = "新城区安委办", kind = "LineDepartment" })).ReadAsync<UnitView>();
        var into = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150102&kind=EmergencyManagement", Ct)).Single();
        var account = await (await admin.PostJsonAsync("/api/v1/accounts", new { userName = "anweiban.150102", displayName = "安委办联络员", unitId = from.Id, roles = new[] { "DepartmentLiaison" } }))
            .ReadAsync<Accounts.CreateAccount.CreatedAccount>();
        Assert.NotNull(account.InitialPassword);

        var merged = await admin.PostJsonAsync($"/api/v1/units/{from.Id}/merge", new { intoUnitId = into.Id });

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var moved = await (await admin.GetAsync($"/api/v1/accounts/{account.Account.Id}", Ct)).ReadAsync<AccountView>();
        Assert.Equal(into.Id, moved.UnitId);
        var old = await (await admin.GetAsync($"/api/v1/units/{from.Id}", Ct)).ReadAsync<UnitDetail>();
        Assert.True(old.Unit.IsRetired);
        Assert.Equal(into.Id, old.Unit.MergedIntoId);
        await using var db = Beacon.Db();
        Assert.Contains(db.AuditEntries.ToList(), e => e.Action == "unit.merged" && e.EntityId == from.Id.ToString());
    }

    [Fact]
    public async Task A_stale_if_match_gets_412_and_a_missing_one_428_and_nothing_changes()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var unit = await (await admin.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150104", name = "玉泉区水务局", kind = "LineDepartment" })).ReadAsync<UnitView>();

        using var missing = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/units/{unit.Id}") { Content = Json(new { name = "改名一", kind = "LineDepartment" }) };
        var withoutIfMatch = await admin.SendAsync(missing, Ct);
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutIfMatch.StatusCode);
        Assert.Equal(PlatformErrors.IfMatchMissing, await withoutIfMatch.CodeAsync());

        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/units/{unit.Id}") { Content = Json(new { name = "改名二", kind = "LineDepartment" }) };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(first, Ct)).StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/units/{unit.Id}") { Content = Json(new { name = "改名三", kind = "LineDepartment" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var response = await admin.SendAsync(stale, Ct);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PlatformErrors.IfMatchStale, await response.CodeAsync());

        await using var db = Beacon.Db();
        Assert.Equal("改名二", db.Units.Single(u => u.Id == unit.Id).Name);
    }

    [Fact]
    public async Task The_same_idempotency_key_creates_one_unit_and_replays_the_answer()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var key = Guid.NewGuid().ToString();
        var body = new { jurisdictionCode = "150105", name = "赛罕区气象局值班室", kind = "LineDepartment" };

        var first = await Send(admin, body, key);
        var second = await Send(admin, body, key);
        var otherBody = await Send(admin, body with { name = "赛罕区另一个单位" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal((await first.ReadAsync<UnitView>()).Id, (await second.ReadAsync<UnitView>()).Id);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        await using var db = Beacon.Db();
        Assert.Single(db.Units.Where(u => u.Name == "赛罕区气象局值班室").ToList());
        Assert.Empty(db.Units.Where(u => u.Name == "赛罕区另一个单位").ToList());

        static async Task<HttpResponseMessage> Send(HttpClient client, object body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/units") { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request, Ct);
        }
    }

    public static TheoryData<string, string, string> InvalidUnits => new()
    {
        { "missing fields", "{}", "name" },
        { "missing jurisdiction", "{\"name\":\"某单位\",\"kind\":\"LineDepartment\"}", "jurisdictionCode" },
        { "over-long name", "{\"jurisdictionCode\":\"150203\",\"name\":\"" + new string('长', 101) + "\",\"kind\":\"LineDepartment\"}", "name" },
        { "malformed code", "{\"jurisdictionCode\":\"15-203\",\"name\":\"某单位\",\"kind\":\"LineDepartment\"}", "jurisdictionCode" },
        { "unknown code", "{\"jurisdictionCode\":\"159999\",\"name\":\"某单位\",\"kind\":\"LineDepartment\"}", "jurisdictionCode" },
        { "unknown kind", "{\"jurisdictionCode\":\"150203\",\"name\":\"某单位\",\"kind\":\"Bakery\"}", "kind" },
        { "wrong type", "{\"jurisdictionCode\":\"150203\",\"name\":42,\"kind\":\"LineDepartment\"}", "name" },
        { "bad phone", "{\"jurisdictionCode\":\"150203\",\"name\":\"某单位\",\"kind\":\"LineDepartment\",\"dutyPhone\":\"call me maybe\"}", "dutyPhone" },
        { "truncated JSON", "{\"jurisdictionCode\": \"150203\", \"name\": ", "name" },
        { "not JSON at all", "jurisdictionCode=150203", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidUnits))]
    public async Task Invalid_input_gets_400_problem_details_naming_the_field_and_stores_nothing(string why, string json, string field)
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        await using var before = Beacon.Db();
        var count = before.Units.Count();

        var response = await admin.PostAsync("/api/v1/units", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{why}: errors were {errors}");
        Assert.NotEmpty(problem.FieldCodes(field));
        Assert.All(problem.FieldCodes(field), c => Assert.Matches(@"^(validation|request|unit)\.", c));
        await using var after = Beacon.Db();
        Assert.Equal(count, after.Units.Count());
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415_problem_details_naming_the_content_type()
    {
        var admin = await Beacon.SignInAsync("admin.150000");

        var response = await admin.PostAsync("/api/v1/units", new StringContent("name=x", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("Content-Type", out _));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_413_problem_details()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var huge = "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        var response = await admin.PostAsync("/api/v1/units", new StringContent(huge, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Account_passwords_follow_the_policy()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single();

        var weak = await admin.PostJsonAsync("/api/v1/accounts", new { userName = "weak.150203", displayName = "弱口令", unitId = unit.Id, roles = new[] { "Viewer" }, password = "abc123" });
        var unknownRole = await admin.PostJsonAsync("/api/v1/accounts", new { userName = "role.150203", displayName = "角色", unitId = unit.Id, roles = new[] { "Superuser" } });

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var weakProblem = await weak.JsonAsync();
        Assert.True(weakProblem.GetProperty("errors").TryGetProperty("password", out _));
        Assert.All(weakProblem.FieldCodes("password"), c => Assert.Equal(PlatformErrors.AccountPasswordRejected, c));
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        var unknownRoleProblem = await unknownRole.JsonAsync();
        Assert.True(unknownRoleProblem.GetProperty("errors").TryGetProperty("roles", out _));
        Assert.Equal(PlatformErrors.AccountRolesUnknown, unknownRoleProblem.Code());
        await using var db = Beacon.Db();
        Assert.DoesNotContain(db.Users.ToList(), u => u.UserName == "weak.150203" || u.UserName == "role.150203");
    }

    private static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body, BeaconFactory.Json), Encoding.UTF8, "application/json");
}

public sealed class UnitsApiTestsOnSqlite(SqliteBeacon beacon) : UnitsApiTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class UnitsApiTestsOnPostgres(PostgresBeacon beacon) : UnitsApiTests(beacon), IClassFixture<PostgresBeacon>;
