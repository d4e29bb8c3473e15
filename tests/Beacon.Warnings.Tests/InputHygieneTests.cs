using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Beacon.Platform.Http;
using Beacon.Testing;
using Beacon.Warnings.Cap;
using Beacon.Warnings.CapOut;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Input hygiene (ADR 0004) for warnings: a draft holding a control character is refused naming the field and nothing
/// is stored; a published warning that already holds one (written straight into the database) still renders in the
/// public Atom feed and as its CAP document, well-formed, with the rest of its text intact.
/// </summary>
public abstract class InputHygieneTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Theory]
    [InlineData("headline", "headline", "\u0000")]
    [InlineData("description", "description", "\u001F")]
    [InlineData("areas", "areas[0].description", "\u0000")]
    [InlineData("resources", "resources[0].description", "\u009B")]
    public async Task A_draft_with_a_control_character_is_refused_naming_the_field_and_nothing_is_stored(string property, string field, string control)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var body = JsonNode.Parse(JsonSerializer.Serialize(WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow()), BeaconFactory.Json))!.AsObject();
        var dirty = "昆都仑区" + control + "暴雨";
        body[property] = property switch
        {
            "areas" => new JsonArray(new JsonObject { ["divisionCode"] = "150203", ["description"] = dirty }),
            "resources" => new JsonArray(new JsonObject { ["description"] = dirty, ["uri"] = "https://qx.baotou.gov.cn/guide/rainstorm.pdf", ["mimeType"] = "application/pdf" }),
            _ => dirty,
        };
        await using var db = Beacon.Db();
        var before = await db.Set<Warning>().CountAsync(Ct);

        var response = await duty.PostAsync("/api/v1/warnings", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(TextHygiene.Code, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.Equal(TextHygiene.Code, problem.GetProperty("codes").GetProperty(field)[0].GetString());
        Assert.Equal(before, await db.Set<Warning>().CountAsync(Ct));
    }

    [Fact]
    public async Task A_CAP_import_holding_a_C1_control_character_is_refused_naming_the_field()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cn-rainstorm-yellow.xml"));
        var start = xml.IndexOf("<headline>", StringComparison.Ordinal) + "<headline>".Length;
        xml = xml.Insert(start, "&#x85;");
        await using var db = Beacon.Db();
        var before = await db.Set<Warning>().CountAsync(Ct);

        var response = await duty.PostAsync("/api/v1/warnings/import", new StringContent(xml, Encoding.UTF8, "application/cap+xml"), Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(TextHygiene.Code, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("infos[0].headline", out _), text);
        Assert.Equal(before, await db.Set<Warning>().CountAsync(Ct));
    }

    [Fact]
    public async Task A_warning_already_holding_control_characters_still_renders_in_the_feed_and_as_cap()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow()))).ReadAsync<WarningView>();
        var submitted = await StepAsync(duty, draft, "submit", new { });
        var reviewed = await StepAsync(await Beacon.SignInAsync("onduty.150203"), submitted, "review", new { approve = true });
        var published = await StepAsync(await Beacon.SignInAsync("leader.150203"), reviewed, "sign-off", new { });
        // PostgreSQL cannot store U+0000 in text at all; SQLite can. Both take the other control characters.
        var nul = Beacon.Provider == Provider.Sqlite ? "\u0000" : "\u0001";
        await using (var db = Beacon.Db())
        {
            await db.Set<Warning>().Where(w => w.Id == published.Id).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Headline, $"昆都仑区气象台{nul}发布暴雨\u001B黄色预警\uFFFF")
                .SetProperty(w => w.Description, $"预计未来6小时内{nul}昆都仑区将出现\u000B50毫米以上降雨。"), Ct);
        }

        Beacon.Services.GetRequiredService<PublicWarnings>().Invalidate();
        var anonymous = Beacon.Anonymous();

        var feed = await anonymous.GetAsync("/public/warnings.atom", Ct);
        var cap = await anonymous.GetAsync($"/public/warnings/{published.Id}/cap.xml", Ct);

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var entry = XDocument.Parse(await feed.Content.ReadAsStringAsync(Ct)).Root!.Elements(Atom + "entry")
            .Single(e => e.Element(Atom + "id")!.Value == $"urn:uuid:{published.Id}");
        Assert.Equal("昆都仑区气象台发布暴雨黄色预警", entry.Element(Atom + "title")!.Value);
        Assert.Equal("预计未来6小时内昆都仑区将出现50毫米以上降雨。", entry.Element(Atom + "summary")!.Value);

        Assert.Equal(HttpStatusCode.OK, cap.StatusCode);
        var xml = await cap.Content.ReadAsStringAsync(Ct);
        Assert.Empty(CapSchema.Validate(xml));
        var info = CapReader.Read(xml).Alert!.Infos[0];
        Assert.Equal("昆都仑区气象台发布暴雨黄色预警", info.Headline);
        Assert.Equal("预计未来6小时内昆都仑区将出现50毫米以上降雨。", info.Description);
        Assert.Equal(published.Identifier, CapReader.Read(xml).Alert!.Identifier);
    }

    private static async Task<WarningView> StepAsync(HttpClient client, WarningView warning, string step, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }
}

public sealed class InputHygieneTestsOnSqlite(SqliteBeacon beacon) : InputHygieneTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class InputHygieneTestsOnPostgres(PostgresBeacon beacon) : InputHygieneTests(beacon), IClassFixture<PostgresBeacon>;
