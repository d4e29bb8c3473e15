using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Xml.Linq;
using Beacon.Testing;
using Beacon.Warnings.Cap;
using Beacon.Warnings.CapIn;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// CAP import fixed (issue 14, acceptance 4): every geocode and category kept, parsing limited in depth and time and
/// stopped when the client leaves, deduplication per receiving jurisdiction, identifier collisions answered 409.
/// </summary>
public abstract class CapImportTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>Three banners of Baotou (土默特右旗、固阳县、达茂旗) in one CAP area.</summary>
    private static readonly string[] Banners = ["150221", "150222", "150223"];

    [Fact]
    public async Task A_blizzard_for_three_banners_with_two_categories_keeps_them_all_and_the_feed_of_each_banner_lists_it()
    {
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var xml = Blizzard(stamp, Beacon.Clock.GetUtcNow());
        var prefecture = await Beacon.SignInAsync("duty.150200");

        var imported = await ImportAsync(prefecture, xml);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync(Ct));
        var received = (await imported.ReadAsync<ImportResult>()).Warning;
        Assert.Equal(Banners, received.Areas.Select(a => a.DivisionCode));
        Assert.All(received.Areas, a => Assert.Equal("土默特右旗、固阳县、达尔罕茂明安联合旗", a.Description));

        // Back out as CAP: one area with the three geocodes and the polygon, both categories.
        await using (var db = Beacon.Db())
        {
            var stored = await db.Set<Warning>().AsNoTracking().Include(w => w.Areas).SingleAsync(w => w.Id == received.Id, Ct);
            Assert.Equal("Met Safety", stored.Category);
            var back = CapReader.Read(CapWriter.Write(WarningCap.ToCap(stored, []))).Alert!;
            var info = back.Infos[0];
            Assert.Equal([CapCategory.Met, CapCategory.Safety], info.Categories);
            var area = Assert.Single(info.Areas);
            Assert.Equal(Banners.Select(b => b + "000000"), area.Geocodes.Select(g => g.Value));
            Assert.Single(area.Polygons);
        }

        // Re-published here, signed off: the public feed of each of the three banners lists it.
        var draft = await (await prefecture.PostAsync($"/api/v1/warnings/{received.Id}/republish", null, Ct)).ReadAsync<WarningView>();
        Assert.Equal(Banners, draft.Areas.Select(a => a.DivisionCode));
        var published = await PublishAsync("150200", draft);
        var anonymous = Beacon.Anonymous();
        foreach (var banner in Banners)
        {
            var feed = await anonymous.GetStringAsync($"/public/warnings.atom?area={banner}", Ct);
            Assert.Contains(Entries(feed), e => e.Element(Atom + "id")!.Value == $"urn:uuid:{published.Id}");
        }

        var cap = CapReader.Read(await anonymous.GetStringAsync($"/public/warnings/{published.Id}/cap.xml", Ct)).Alert!;
        Assert.Equal(Banners.Select(b => b + "000000"), cap.Infos[0].Areas.SelectMany(a => a.Geocodes).Select(g => g.Value));
        Assert.Equal([CapCategory.Met, CapCategory.Safety], cap.Infos[0].Categories);

        // A message under the sender and identifier of one issued here is a collision: 409 with its code.
        var forged = Blizzard(stamp, Beacon.Clock.GetUtcNow()).Replace($"Baotou_Meteorological_Observatory", published.Sender, StringComparison.Ordinal)
            .Replace($"15020041600000_2{stamp[..7]}0000", published.Identifier!, StringComparison.Ordinal);
        var collision = await ImportAsync(prefecture, forged);
        Assert.Equal(HttpStatusCode.Conflict, collision.StatusCode);
        Assert.Equal(WarningErrors.CapIdentifierTaken, await collision.CodeAsync());
    }

    [Fact]
    public async Task The_same_message_is_received_once_by_each_jurisdiction_that_imports_it()
    {
        var xml = Blizzard(Guid.NewGuid().ToString("N")[..8], Beacon.Clock.GetUtcNow());
        var region = await Beacon.SignInAsync("duty.150000");
        var prefecture = await Beacon.SignInAsync("duty.150200");

        var atRegion = await ImportAsync(region, xml);
        Assert.Equal(HttpStatusCode.Created, atRegion.StatusCode);
        var atPrefecture = await ImportAsync(prefecture, xml);
        Assert.True(atPrefecture.StatusCode == HttpStatusCode.Created, await atPrefecture.Content.ReadAsStringAsync(Ct));
        var again = await ImportAsync(prefecture, xml);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await again.ReadAsync<ImportResult>()).Duplicate);
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(region, xml)).StatusCode);
        Assert.NotEqual((await atRegion.ReadAsync<ImportResult>()).Warning.Id, (await atPrefecture.ReadAsync<ImportResult>()).Warning.Id);
    }

    [Fact]
    public async Task Deeply_nested_xml_is_refused_within_two_seconds_with_a_code_and_nothing_is_stored()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        const int Depth = 100_000; // 700 KB of nesting, under the 1 MB body limit
        var xml = new StringBuilder("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">")
            .Append(string.Concat(Enumerable.Repeat("<a>", Depth))).Append(string.Concat(Enumerable.Repeat("</a>", Depth))).Append("</alert>").ToString();
        Assert.InRange(xml.Length, 690_000, (int)ImportCapHandler.MaxBytes);
        await using var db = Beacon.Db();
        var before = await db.Set<Warning>().CountAsync(Ct);

        var clock = Stopwatch.StartNew();
        var response = await ImportAsync(duty, xml);
        clock.Stop();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(WarningErrors.CapTooComplex, await response.CodeAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}");
        Assert.Equal(before, await db.Set<Warning>().CountAsync(Ct));
    }

    [Fact]
    public void Reading_stops_when_the_caller_leaves_and_a_deep_document_is_refused_unread()
    {
        // A million small elements: well-formed and shallow; with the client gone, reading stops at once.
        var wide = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">" + string.Concat(Enumerable.Repeat("<a/>", 250_000)) + "</alert>";
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        var started = Stopwatch.GetTimestamp();
        Assert.Throws<OperationCanceledException>(() => CapReader.ReadCancellable(wide, gone.Token));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(500));

        var deep = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">" + string.Concat(Enumerable.Repeat("<a>", 40)) + string.Concat(Enumerable.Repeat("</a>", 40)) + "</alert>";
        var read = CapReader.Read(deep);
        Assert.True(read.TooComplex);
        Assert.Contains("nested deeper than", Assert.Single(read.Errors), StringComparison.Ordinal);
        Assert.NotEmpty(CapSchema.Validate(deep));

        // A real message is well within the limits.
        Assert.True(CapReader.Read(Blizzard("12345678", Beacon.Clock.GetUtcNow())).IsValid);
    }

    /// <summary>
    /// A red blizzard warning (暴雪红色预警) for three banners in one area, categories Met and Safety, sent an hour before
    /// <paramref name="now"/> (the test's clock) and expiring two days after it. With fixed dates the message expired on
    /// 2026-12-04 and every test that republished it failed from then on.
    /// </summary>
    internal static string Blizzard(string stamp, DateTimeOffset now)
    {
        static string Beijing(DateTimeOffset t) =>
            t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var sent = Beijing(now - TimeSpan.FromHours(1));
        var expires = Beijing(now + TimeSpan.FromDays(2));
        return $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>15020041600000_2{stamp[..7]}0000</identifier>
          <sender>Baotou_Meteorological_Observatory</sender>
          <sent>{sent}</sent>
          <status>Actual</status>
          <msgType>Alert</msgType>
          <scope>Public</scope>
          <info>
            <language>zh-CN</language>
            <category>Met</category>
            <category>Safety</category>
            <event>暴雪</event>
            <responseType>Prepare</responseType>
            <urgency>Immediate</urgency>
            <severity>Extreme</severity>
            <certainty>Likely</certainty>
            <eventCode><valueName>GB/T 35561</valueName><value>11B04</value></eventCode>
            <effective>{sent}</effective>
            <expires>{expires}</expires>
            <senderName>包头市气象台</senderName>
            <headline>包头市气象台发布暴雪红色预警信号[Ⅰ级/特别严重]</headline>
            <description>预计未来6小时内土默特右旗、固阳县、达尔罕茂明安联合旗降雪量将达15毫米以上，请注意防范。</description>
            <instruction>停止集会、停课、停业（除特殊行业外）；做好道路清扫和积雪融化工作。</instruction>
            <area>
              <areaDesc>土默特右旗、固阳县、达尔罕茂明安联合旗</areaDesc>
              <polygon>41.0,109.6 42.2,109.6 42.2,111.0 41.0,111.0 41.0,109.6</polygon>
              <geocode><valueName>CPEAS Geographic Code</valueName><value>150221000000</value></geocode>
              <geocode><valueName>CPEAS Geographic Code</valueName><value>150222000000</value></geocode>
              <geocode><valueName>CPEAS Geographic Code</valueName><value>150223000000</value></geocode>
            </area>
          </info>
        </alert>
        """;
    }

    private static IEnumerable<XElement> Entries(string atom) => XDocument.Parse(atom).Root!.Elements(Atom + "entry");

    private async Task<WarningView> PublishAsync(string jurisdiction, WarningView draft)
    {
        var submitted = await StepAsync(await Beacon.SignInAsync($"duty.{jurisdiction}"), draft, "submit", new { });
        var approved = await StepAsync(await Beacon.SignInAsync($"onduty.{jurisdiction}"), submitted, "review", new { approve = true });
        return await StepAsync(await Beacon.SignInAsync($"leader.{jurisdiction}"), approved, "sign-off", new { });
    }

    private static async Task<WarningView> StepAsync(HttpClient client, WarningView warning, string step, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string xml) =>
        client.PostAsync("/api/v1/warnings/import", new StringContent(xml, Encoding.UTF8, "application/cap+xml"), Ct);
}

public sealed class CapImportTestsOnSqlite(SqliteBeacon beacon) : CapImportTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class CapImportTestsOnPostgres(PostgresBeacon beacon) : CapImportTests(beacon), IClassFixture<PostgresBeacon>;
