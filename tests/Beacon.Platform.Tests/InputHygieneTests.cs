using System.Collections;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Beacon.Platform.Audit;
using Beacon.Platform.Http;
using Beacon.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// Input hygiene at the edge (ADR 0004): a control character in any text of any endpoint — a JSON body's strings at
/// any depth, a query string, a form — is refused with 400 naming the field and the code
/// <c>input.control-character</c>; a non-UTF-8 charset with 415 <c>input.charset</c>; nothing is stored.
/// </summary>
public abstract class InputHygieneTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private static string AccountOf(string role) => role switch
    {
        Accounts.Roles.Administrator => "admin.150203",
        Accounts.Roles.LeaderOnDuty => "onduty.150203",
        Accounts.Roles.Leader => "leader.150203",
        Accounts.Roles.DepartmentLiaison => "liaison.150203",
        Accounts.Roles.Viewer => "viewer.150203",
        _ => "duty.150203",
    };

    private const string Dirty = "甲\u0000乙";

    [Fact]
    public async Task Every_endpoint_refuses_a_NUL_in_its_JSON_body_and_its_query_and_a_foreign_charset_and_stores_nothing()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var admin = await Beacon.SignInAsync("admin.150203");
        foreach (var account in new[] { "onduty.150203", "leader.150203", "liaison.150203", "viewer.150203" })
        {
            await Beacon.SignInAsync(account); // signed in before counting: a sign-in is audited
        }

        var auditBefore = await AuditCountAsync();
        var endpoints = ApiEndpoints.All(Beacon.Services);
        var routes = Beacon.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var bodies = 0;
        foreach (var endpoint in endpoints)
        {
            var metadata = routes.First(r => r.RoutePattern.RawText == endpoint.Pattern
                && (r.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains(endpoint.Method)).Metadata;
            // The account of Kundulun whose role holds the endpoint's permission (a refusal by permission comes first).
            var client = metadata.GetMetadata<Permissions.PermissionRequirement>()?.AnyOf[0].Roles[0] is { } role
                ? await Beacon.SignInAsync(AccountOf(role))
                : metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy == PlatformModule.AdministratorPolicy) ? admin : duty;
            var url = endpoint.Url(p => p == "code" ? "150203" : Guid.NewGuid().ToString());

            // Query text: each declared query parameter (or a probe where the endpoint declares none) holding a NUL.
            var routeNames = endpoint.Pattern.Split('{').Skip(1).Select(p => p.Split([':', '}'])[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var queryNames = metadata.GetOrderedMetadata<IParameterBindingMetadata>()
                .Where(p => !routeNames.Contains(p.Name) && (p.ParameterInfo.ParameterType == typeof(string) || p.HasTryParse))
                .Select(p => p.Name).DefaultIfEmpty("q").ToList();
            foreach (var name in queryNames)
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), $"{url}?{name}=%E7%94%B2%00%E4%B9%99");
                request.Headers.IfMatch.ParseAdd("*");
                using var response = await client.SendAsync(request, Ct);
                await AssertRefusedAsync(response, name, $"{endpoint} ?{name}");
            }

            // JSON body: every string holds a NUL; the first one in the document is the one named.
            var accepts = metadata.GetMetadata<IAcceptsMetadata>();
            if (accepts?.RequestType is not { } bodyType || !accepts.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            string? first = null;
            var json = Sample(bodyType, "", ref first, 0)!.ToJsonString();
            if (first is null)
            {
                // A body without text (ids and numbers only): nothing to refuse in it.
                continue;
            }

            bodies++;
            using (var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url))
            {
                request.Headers.IfMatch.ParseAdd("*");
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request, Ct);
                await AssertRefusedAsync(response, first == "" ? "body" : first, $"{endpoint} body {json}");
            }

            using (var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url))
            {
                request.Headers.IfMatch.ParseAdd("*");
                request.Content = new StringContent(json.Replace("\\u0000", "", StringComparison.Ordinal), Encoding.UTF8);
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=gb2312");
                using var response = await client.SendAsync(request, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{endpoint} charset=gb2312: {(int)response.StatusCode}");
                Assert.Equal(TextHygiene.CharsetCode, (await response.JsonAsync()).GetProperty("code").GetString());
            }
        }

        Assert.True(bodies > 20, $"only {bodies} endpoints with a JSON body were found");
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task A_unit_name_with_a_NUL_is_refused_naming_the_field_and_no_unit_is_created()
    {
        var admin = await Beacon.SignInAsync("admin.150203");
        var before = await Beacon.Db().Units.CountAsync(Ct);

        var response = await admin.PostJsonAsync("/api/v1/units", new { name = "昆都仑区\u0000应急管理局", kind = "LineDepartment", jurisdictionCode = "150203" });

        await AssertRefusedAsync(response, "name", "POST /api/v1/units");
        Assert.Equal(before, await Beacon.Db().Units.CountAsync(Ct));
    }

    [Theory]
    [InlineData("\u0001")]
    [InlineData("\u001b")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    [InlineData("\u009f")]
    public async Task An_account_display_name_with_any_control_character_is_refused_naming_the_field(string control)
    {
        var admin = await Beacon.SignInAsync("admin.150203");
        var unit = (await (await admin.GetAsync("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid();

        var response = await admin.PostJsonAsync("/api/v1/accounts", new
        {
            userName = "hygiene.150203",
            displayName = "张" + control + "三",
            unitId = unit,
            roles = new[] { "DutyOfficer" },
            password = "Hygiene@2026demo",
        });

        await AssertRefusedAsync(response, "displayName", "POST /api/v1/accounts");
        Assert.False(await Beacon.Db().Users.AnyAsync(u => u.UserName == "hygiene.150203", Ct));
    }

    [Fact]
    public async Task Tab_line_feed_and_carriage_return_are_accepted_in_text()
    {
        var admin = await Beacon.SignInAsync("admin.150203");

        var response = await admin.PostJsonAsync("/api/v1/units", new { name = "昆都仑区\t应急\r\n管理局", kind = "LineDepartment", jurisdictionCode = "150203" });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_control_character_in_a_string_route_value_is_refused_naming_it()
    {
        // A NUL never reaches routing (the server refuses a path holding one); the other control characters do.
        var admin = await Beacon.SignInAsync("admin.150203");

        using var response = await admin.GetAsync("/api/v1/jurisdictions/1502%1B03", Ct);

        await AssertRefusedAsync(response, "code", "GET /api/v1/jurisdictions/{code}");
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_NUL_and_a_foreign_charset()
    {
        using var client = Beacon.Anonymous();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "duty.150203\u0000", ["password"] = "x" });

        using var refused = await client.PostAsync("/account/signin", form, Ct);

        await AssertRefusedAsync(refused, "userName", "POST /account/signin");

        using var latin = new StringContent("userName=duty.150203&password=x", Encoding.Latin1);
        latin.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=iso-8859-1");
        using var foreign = await client.PostAsync("/account/signin", latin, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, foreign.StatusCode);
        var problem = await foreign.JsonAsync();
        Assert.Equal(TextHygiene.CharsetCode, problem.GetProperty("code").GetString());
        Assert.Equal(TextHygiene.CharsetCode, problem.GetProperty("codes").GetProperty("Content-Type")[0].GetString());
    }

    [Fact]
    public async Task A_json_body_declaring_utf8_or_no_charset_is_accepted()
    {
        var admin = await Beacon.SignInAsync("admin.150203");
        foreach (var type in new[] { "application/json; charset=utf-8", "application/json; charset=\"UTF-8\"", "application/json" })
        {
            using var content = new StringContent($"{{\"name\":\"昆都仑区测试单位{type.Length}\",\"kind\":\"LineDepartment\",\"jurisdictionCode\":\"150203\"}}", Encoding.UTF8);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
            using var response = await admin.PostAsync("/api/v1/units", content, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{type}: {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    /// <summary>400 naming <paramref name="field"/> under <c>errors</c> and <c>codes</c>, with the stable code.</summary>
    public static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string what)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {text}");
        using var problem = JsonDocument.Parse(text);
        var root = problem.RootElement;
        Assert.True(root.TryGetProperty("code", out var code) && code.GetString() == TextHygiene.Code, $"{what}: {text}");
        Assert.True(root.GetProperty("errors").TryGetProperty(field, out _), $"{what}: expected errors.{field} in {text}");
        Assert.Equal(TextHygiene.Code, root.GetProperty("codes").GetProperty(field)[0].GetString());
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = Beacon.Db();
        return await db.Set<AuditEntry>().CountAsync(Ct);
    }

    /// <summary>
    /// A JSON value of <paramref name="type"/> with every field filled and every string holding a NUL;
    /// <paramref name="first"/> is the JSON path of the first string in document order.
    /// </summary>
    private static JsonNode? Sample(Type type, string path, ref string? first, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            first ??= path;
            return JsonValue.Create(Dirty);
        }

        if (type.IsEnum)
        {
            return JsonValue.Create(Enum.GetNames(type)[0]);
        }

        JsonNode? simple = type switch
        {
            _ when type == typeof(Guid) => JsonValue.Create(Guid.NewGuid()),
            _ when type == typeof(bool) => JsonValue.Create(true),
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => JsonValue.Create(1),
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => JsonValue.Create(1.5),
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => JsonValue.Create(DateTimeOffset.UnixEpoch.AddYears(56)),
            _ when type == typeof(DateOnly) => JsonValue.Create("2026-01-01"),
            _ when type == typeof(TimeOnly) || type == typeof(TimeSpan) => JsonValue.Create("08:00:00"),
            _ => null,
        };
        if (simple is not null || depth > 6)
        {
            return simple;
        }

        if (type.IsGenericType && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)
                || i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)) is { } dictionary)
        {
            return new JsonObject { ["k"] = Sample(dictionary.GetGenericArguments()[1], path + ".k", ref first, depth + 1) };
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().Single();
            return new JsonArray(Sample(element, path + "[0]", ref first, depth + 1));
        }

        var constructorNames = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null || (property.SetMethod?.IsPublic != true && !constructorNames.Contains(property.Name)))
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            result[name] = Sample(property.PropertyType, path.Length == 0 ? name : path + "." + name, ref first, depth + 1);
        }

        return result;
    }
}

public sealed class InputHygieneTestsOnSqlite(SqliteBeacon beacon) : InputHygieneTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class InputHygieneTestsOnPostgres(PostgresBeacon beacon) : InputHygieneTests(beacon), IClassFixture<PostgresBeacon>;
