using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Xml.Linq;
using Beacon.Testing;
using Beacon.Warnings.Cap;
using Beacon.Warnings.CapIn;
using Beacon.Warnings.Tests.Cap;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>CAP in (import through the API) and out (the public Atom feed and CAP XML at a stable URL).</summary>
public abstract class CapExchangeTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task Every_real_cap_file_imports_through_the_api_with_its_text_and_areas_and_the_odd_ones_are_flagged()
    {
        Assert.SkipWhen(CapData.RealFolder is null, "shared/data/cap was not found; the real CAP files were not imported (the fixtures below cover the same behaviour).");
        var importer = await Beacon.SignInAsync("duty.150000");
        var files = CapData.RealFiles();
        Assert.Equal(CapData.ExpectedRealFileCount + 1, files.Count);
        foreach (var file in files)
        {
            var xml = await File.ReadAllTextAsync(Path.Combine(CapData.RealFolder!, file), Ct);
            var response = await ImportAsync(importer, xml);
            var body = await response.Content.ReadAsStringAsync(Ct);
            // A cancel or update may reference a message that is not here: a cancel is refused with the reason, the rest import.
            var alert = CapReader.Read(xml).Alert!;
            if (alert.MsgType == CapMsgType.Cancel && response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Contains("not known here", body, StringComparison.Ordinal);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{file}: {(int)response.StatusCode} {body}");
            var result = await response.ReadAsync<ImportResult>();
            var info = alert.Infos.FirstOrDefault(i => i.Language.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) ?? (alert.Infos.Count > 0 ? alert.Infos[0] : null);
            if (info is not null)
            {
                Assert.Equal((info.Headline ?? info.Event).Length > 300 ? (info.Headline ?? info.Event)[..300] : info.Headline ?? info.Event, result.Warning.Headline);
                Assert.Equal(info.Description ?? "", result.Warning.Description);
                // A CAP area is as many rows as it has shapes or division geocodes, whichever is more.
                Assert.Equal(info.Areas.Sum(a => Math.Max(1, Math.Max(a.Polygons.Count + a.Circles.Count, Divisions(a)))), result.Warning.Areas.Count);
            }

            var stored = await (await importer.GetAsync($"/api/v1/warnings/{result.Warning.Id}/cap", Ct)).Content.ReadAsStringAsync(Ct);
            Assert.Equal(xml, stored);
            if (file.EndsWith("canada_errors.cap", StringComparison.Ordinal))
            {
                Assert.Contains(result.Notes, n => n.Contains("Update with no references", StringComparison.Ordinal));
            }

            if (file.Contains("nws-", StringComparison.Ordinal))
            {
                Assert.Contains(result.Notes, n => n.Contains("converted from CAP 1.1", StringComparison.Ordinal));
            }
        }

        var chinese = await importer.GetAllPagesAsync<WarningView>("/api/v1/warnings?stage=Received", Ct);
        Assert.Contains(chinese, w => w.Headline == "保定市气象台更新雷电黄色预警[Ⅲ级/较重]" && w.Level == "Yellow" && w.Areas.Any(a => a.Description == "新市区" && a.DivisionCode == "130602"));
    }

    [Fact]
    public async Task A_chinese_warning_imports_once_an_update_supersedes_and_a_cancel_ends_its_chain_and_an_unknown_cancel_is_refused()
    {
        var importer = await Beacon.SignInAsync("duty.150000");
        var stamp = Beacon.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)[^8..];
        string Unique(string xml) => xml.Replace("_202507181", "_2" + stamp + "1", StringComparison.Ordinal).Replace("_202507190", "_2" + stamp + "0", StringComparison.Ordinal);

        var cancelFirst = await ImportAsync(importer, Unique(CapData.Fixture("cancel-with-references.xml")));
        Assert.Equal(HttpStatusCode.BadRequest, cancelFirst.StatusCode);
        Assert.Contains("not known here", await cancelFirst.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var alertXml = Unique(CapData.Fixture("cn-rainstorm-yellow.xml"));
        var first = await (await ImportAsync(importer, alertXml)).ReadAsync<ImportResult>();
        var again = await ImportAsync(importer, alertXml);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await again.ReadAsync<ImportResult>()).Duplicate);
        Assert.Equal("Received", first.Warning.Stage);
        Assert.Equal("Yellow", first.Warning.Level);
        Assert.Contains("暴雨", first.Warning.EventName, StringComparison.Ordinal);

        var update = Unique(CapData.Fixture("update-without-references.xml")).Replace("<references/>",
            $"<references>{first.Warning.Sender},{first.Warning.Identifier},{CapTime.Format(first.Warning.SentAt!.Value.ToOffset(TimeSpan.FromHours(8)))}</references>", StringComparison.Ordinal);
        var updated = await ImportAsync(importer, update);
        Assert.True(updated.StatusCode == HttpStatusCode.Created, await updated.Content.ReadAsStringAsync(Ct) + update);
        var updatedView = (await updated.ReadAsync<ImportResult>()).Warning;
        Assert.Equal(first.Warning.Id, updatedView.PreviousId);
        Assert.Equal(first.Warning.ChainId, updatedView.ChainId);

        var cancel = await ImportAsync(importer, Unique(CapData.Fixture("cancel-with-references.xml")));
        Assert.Equal(HttpStatusCode.Created, cancel.StatusCode);
        var chain = await (await importer.GetAsync($"/api/v1/warnings/{first.Warning.Id}/chain", Ct)).ReadAsync<List<WarningView>>();
        Assert.Equal(["Superseded", "Cancelled", "Cancelled"], chain.Select(w => w.Stage));
    }

    [Fact]
    public async Task The_projects_own_fixtures_import_a_cap_1_1_message_flag_an_update_without_references_and_refuse_an_invalid_one()
    {
        var importer = await Beacon.SignInAsync("duty.150000");
        var stamp = Guid.NewGuid().ToString("N")[..8];

        var converted = await (await ImportAsync(importer, CapData.Fixture("cap11-flood-watch.xml").Replace("KEAX-FLOOD-2011-0042", "KEAX-FLOOD-" + stamp, StringComparison.Ordinal))).ReadAsync<ImportResult>();
        Assert.Contains(converted.Notes, n => n.Contains("converted from CAP 1.1", StringComparison.Ordinal));
        var flagged = await (await ImportAsync(importer, CapData.Fixture("update-without-references.xml").Replace("_20250718170000", "_2" + stamp[..7] + "0000", StringComparison.Ordinal))).ReadAsync<ImportResult>();
        Assert.Contains(flagged.Notes, n => n.Contains("Update with no references", StringComparison.Ordinal));
        Assert.Contains("Update with no references", flagged.Warning.ImportNotes, StringComparison.Ordinal);

        await using var db = Beacon.Db();
        var before = await db.Set<Warning>().CountAsync(Ct);
        var invalid = await ImportAsync(importer, CapData.Fixture("invalid-order-and-utc.xml"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.JsonAsync()).GetProperty("errors").TryGetProperty("body", out var reasons) && reasons.GetArrayLength() > 0);
        var notXml = await importer.PostAsync("/api/v1/warnings/import", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notXml.StatusCode);
        Assert.Equal(before, await db.Set<Warning>().CountAsync(Ct));
    }

    [Fact]
    public async Task A_published_warning_is_in_the_public_feed_with_valid_cap_until_it_is_cancelled()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: "昆都仑区发布暴雨黄色预警（订阅测试）"))).ReadAsync<WarningView>();
        var published = await PublishAsync(draft);
        var anonymous = Beacon.Anonymous();

        var feed = await anonymous.GetAsync("/public/warnings.atom", Ct);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("application/atom+xml", feed.Content.Headers.ContentType!.MediaType);
        var feedText = await feed.Content.ReadAsStringAsync(Ct);
        Assert.True(Entries(feedText).Any(e => e.Element(Atom + "id")!.Value == $"urn:uuid:{published.Id}"), feedText);
        var entry = Entries(feedText).Single(e => e.Element(Atom + "id")!.Value == $"urn:uuid:{published.Id}");
        Assert.Equal("昆都仑区发布暴雨黄色预警（订阅测试）", entry.Element(Atom + "title")!.Value);
        var capUrl = new Uri(entry.Elements(Atom + "link").Single(l => (string?)l.Attribute("type") == "application/cap+xml").Attribute("href")!.Value);
        var cap = await anonymous.GetStringAsync(capUrl.PathAndQuery, Ct);
        Assert.Empty(CapSchema.Validate(cap));
        Assert.Equal(published.Identifier, CapReader.Read(cap).Alert!.Identifier);

        // Cached: the same ETag answers 304; another county's filter does not list it, its own county's does.
        using (var conditional = new HttpRequestMessage(HttpMethod.Get, "/public/warnings.atom"))
        {
            conditional.Headers.IfNoneMatch.Add(feed.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(conditional, Ct)).StatusCode);
        }

        Assert.DoesNotContain(Entries(await anonymous.GetStringAsync("/public/warnings.atom?area=150204", Ct)), e => e.Element(Atom + "id")!.Value == $"urn:uuid:{published.Id}");
        Assert.Contains(Entries(await anonymous.GetStringAsync("/public/warnings.atom?area=150200", Ct)), e => e.Element(Atom + "id")!.Value == $"urn:uuid:{published.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/public/warnings.atom?area=abc", Ct)).StatusCode);

        // An exercise goes through the same flow but never reaches the public, not even by its CAP address.
        var drill = WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: "昆都仑区暴雨预警演练");
        drill["status"] = "Exercise";
        var exercise = await PublishAsync(await (await duty.PostJsonAsync("/api/v1/warnings", drill)).ReadAsync<WarningView>());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/public/warnings/{exercise.Id}/cap.xml", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await duty.GetAsync($"/api/v1/warnings/{exercise.Id}/cap", Ct)).StatusCode);
        Assert.DoesNotContain(Entries(await anonymous.GetStringAsync("/public/warnings.atom", Ct)), e => e.Element(Atom + "id")!.Value == $"urn:uuid:{exercise.Id}");
        Assert.Contains(Entries(await anonymous.GetStringAsync("/public/warnings.atom?area=150000", Ct)), e => e.Element(Atom + "id")!.Value == $"urn:uuid:{published.Id}");

        var cancel = await (await duty.PostJsonAsync($"/api/v1/warnings/{published.Id}/changes", new { change = "Cancel" })).ReadAsync<WarningView>();
        var cancelled = await PublishAsync(cancel);
        var after = await anonymous.GetStringAsync("/public/warnings.atom", Ct);
        Assert.DoesNotContain(Entries(after), e => e.Element(Atom + "id")!.Value == $"urn:uuid:{published.Id}");
        var cancelCap = CapReader.Read(await anonymous.GetStringAsync($"/public/warnings/{cancelled.Id}/cap.xml", Ct)).Alert!;
        Assert.Equal(CapMsgType.Cancel, cancelCap.MsgType);
        Assert.Equal(published.Identifier, Assert.Single(cancelCap.References).Identifier);
    }

    [Fact]
    public async Task A_polled_cap_feed_imports_its_entries_once_and_reports_a_broken_one()
    {
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var linked = CapData.Fixture("cn-rainstorm-yellow.xml").Replace("_20250718143000", "_2" + stamp[..7] + "3000", StringComparison.Ordinal);
        var embedded = CapData.Fixture("cap11-flood-watch.xml").Replace("KEAX-FLOOD-2011-0042", "KEAX-FLOOD-" + stamp, StringComparison.Ordinal);
        embedded = embedded[embedded.IndexOf("<alert", StringComparison.Ordinal)..];
        var free = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var feed = $"""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>包头市气象台</title>
              <entry><title>暴雨黄色预警</title><link rel="alternate" type="application/cap+xml" href="/cap/a.xml"/></entry>
              <entry><title>洪水</title><content type="text/xml">{embedded}</content></entry>
              <entry><title>没有链接的条目</title></entry>
            </feed>
            """;
        using var serving = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!serving.IsCancellationRequested)
            {
                var context = await listener.GetContextAsync().WaitAsync(serving.Token);
                var body = Encoding.UTF8.GetBytes(context.Request.Url!.AbsolutePath == "/cap/a.xml" ? linked : feed);
                context.Response.ContentType = "application/xml";
                await context.Response.OutputStream.WriteAsync(body, serving.Token);
                context.Response.Close();
            }
        }, CancellationToken.None);
        var poller = Beacon.Services.GetRequiredService<FeedPoller>();
        var source = new CapFeed { Url = $"http://127.0.0.1:{port}/feed.atom", JurisdictionCode = "150200" };

        var first = await poller.PollAsync(source, Ct);
        var second = await poller.PollAsync(source, Ct);
        await serving.CancelAsync();
        listener.Stop();

        Assert.Equal((2, 2, 0), (first.Entries, first.Imported, first.Duplicates));
        Assert.Contains(first.Problems, p => p.Contains("没有链接的条目", StringComparison.Ordinal));
        Assert.Equal((2, 0, 2), (second.Entries, second.Imported, second.Duplicates));
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var received = await prefecture.GetAllPagesAsync<WarningView>("/api/v1/warnings?stage=Received", Ct);
        Assert.Contains(received, w => w.Identifier == "15020041600000_2" + stamp[..7] + "3000" && w.Headline.Contains("暴雨", StringComparison.Ordinal));
        Assert.Contains(received, w => w.Identifier == "KEAX-FLOOD-" + stamp && w.ImportNotes!.Contains("converted from CAP 1.1", StringComparison.Ordinal));
        _ = server;
    }

    private static int Divisions(CapArea area) => area.Geocodes
        .Where(g => g.ValueName == CapIdentifier.GeocodeValueName && g.Value.Length == 12 && g.Value.All(char.IsAsciiDigit))
        .Select(g => g.Value[6..9] == "000" ? g.Value[..6] : g.Value[..9]).Distinct().Count();

    private static IEnumerable<XElement> Entries(string atom) => XDocument.Parse(atom).Root!.Elements(Atom + "entry");

    private async Task<WarningView> PublishAsync(WarningView draft)
    {
        var submitted = await StepAsync(await Beacon.SignInAsync("duty.150203"), draft, "submit", new { });
        var approved = await StepAsync(await Beacon.SignInAsync("onduty.150203"), submitted, "review", new { approve = true });
        return await StepAsync(await Beacon.SignInAsync("leader.150203"), approved, "sign-off", new { });
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

public sealed class CapExchangeTestsOnSqlite(SqliteBeacon beacon) : CapExchangeTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class CapExchangeTestsOnPostgres(PostgresBeacon beacon) : CapExchangeTests(beacon), IClassFixture<PostgresBeacon>;
