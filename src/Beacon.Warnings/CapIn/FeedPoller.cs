using System.Xml;
using System.Xml.Linq;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Beacon.Platform.Units;
using Beacon.Warnings.Cap;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.CapIn;

/// <summary>A CAP feed of an issuing agency to poll (<c>Beacon:Warnings:Feeds</c>).</summary>
public sealed class CapFeed
{
    /// <summary>Atom or RSS whose entries link to (or contain) CAP messages; a single CAP message works too.</summary>
    public string Url { get; set; } = "";

    /// <summary>The jurisdiction whose duty room receives the feed's warnings (e.g. 150000 for the region).</summary>
    public string JurisdictionCode { get; set; } = "150000";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>What one poll of a feed did.</summary>
public sealed record FeedPollResult(int Entries, int Imported, int Duplicates, IReadOnlyList<string> Problems)
{
    /// <summary>The feed answered, but not with XML: nothing was read from it.</summary>
    public bool Unreadable { get; init; }
}

/// <summary>
/// Polls the configured CAP feeds: reads the Atom or RSS document, fetches each entry's CAP message (a link typed
/// <c>application/cap+xml</c>, or ending in .xml/.cap, or CAP embedded in the entry) and imports it through
/// <see cref="CapImporter"/> for the duty room of the feed's jurisdiction. Messages already received are recognised,
/// so polling again changes nothing; a broken entry is reported and the rest go on.
/// </summary>
public sealed class FeedPoller(IHttpClientFactory http, DbContextOptions<BeaconDb> options, JurisdictionTree tree, DutyRooms dutyRooms, CapImporter importer,
    TimeProvider clock, ILogger<FeedPoller> logger)
{
    public const string HttpClientName = "cap-feeds";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>
    /// Polls <paramref name="feed"/> once and records what it did in its <see cref="FeedState"/> (last poll, last
    /// success, last error, messages received); a poll that fails (unreachable, not XML) is recorded, then thrown.
    /// </summary>
    public async Task<FeedPollResult> PollAsync(CapFeed feed, CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var jurisdiction = snapshot.Nodes.FirstOrDefault(n => n.Code == feed.JurisdictionCode && !n.IsRetired);
        var room = jurisdiction is null ? null : (await dutyRooms.OfAsync([jurisdiction.Id], ct)).Values.Cast<Guid?>().FirstOrDefault();
        if (jurisdiction is null || room is null)
        {
            return new FeedPollResult(0, 0, 0, [$"{feed.Url}: jurisdiction {feed.JurisdictionCode} has no duty room to receive it"]);
        }

        FeedPollResult result;
        try
        {
            result = await PollCoreAsync(feed, jurisdiction.Id, room.Value, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await RecordAsync(feed, jurisdiction.Id, null, e.Message, ct);
            throw;
        }

        await RecordAsync(feed, jurisdiction.Id, result, result.Problems.Count == 0 ? null : string.Join("\n", result.Problems), ct);
        return result;
    }

    /// <summary>The feed's state after a poll: <paramref name="result"/> null for a poll that did not read the feed.</summary>
    private async Task RecordAsync(CapFeed feed, Guid jurisdictionId, FeedPollResult? result, string? error, CancellationToken ct)
    {
        try
        {
            await using var db = new BeaconDb(options, Actor.System, clock);
            var url = feed.Url.Length > FeedState.MaxUrl ? feed.Url[..FeedState.MaxUrl] : feed.Url;
            var state = await db.Set<FeedState>().SingleOrDefaultAsync(f => f.Url == url && f.JurisdictionId == jurisdictionId, ct);
            if (state is null)
            {
                state = new FeedState { Url = url, JurisdictionId = jurisdictionId };
                db.Add(state);
            }

            var now = clock.GetUtcNow();
            state.LastPolledAt = now;
            state.LastError = error is null ? null : error.Length > FeedState.MaxError ? error[..FeedState.MaxError] : error;
            if (result is not null && !result.Unreadable)
            {
                state.LastSucceededAt = now;
                state.EntriesLastPoll = result.Entries;
                state.ReceivedLastPoll = result.Imported;
                state.ReceivedTotal += result.Imported;
            }
            else
            {
                state.EntriesLastPoll = 0;
                state.ReceivedLastPoll = 0;
            }

            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Two polls of the same feed at once (the schedule and 立即拉取) both saw no row: the other one recorded it.
            logger.LogInformation(e, "CAP feed {Feed}: its state was recorded by another poll at the same time", feed.Url);
        }
    }

    private async Task<FeedPollResult> PollCoreAsync(CapFeed feed, Guid jurisdictionId, Guid room, CancellationToken ct)
    {
        var client = http.CreateClient(HttpClientName);
        var problems = new List<string>();
        var document = await client.GetStringAsync(new Uri(feed.Url), ct);
        var messages = new List<(string Source, Func<Task<string>> Load)>();
        var root = Parse(document)?.Root;
        if (root is null)
        {
            return new FeedPollResult(0, 0, 0, [$"{feed.Url}: not XML"]) { Unreadable = true };
        }

        if (root.Name.LocalName == "alert")
        {
            messages.Add((feed.Url, () => Task.FromResult(document)));
        }

        foreach (var entry in root.Elements(Atom + "entry").Concat(root.Descendants("item")))
        {
            if (entry.Descendants().FirstOrDefault(e => e.Name.LocalName == "alert") is { } embedded)
            {
                var text = embedded.ToString(SaveOptions.DisableFormatting);
                messages.Add(("embedded entry", () => Task.FromResult(text)));
                continue;
            }

            var link = entry.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("type") is { } t && t.Contains("cap", StringComparison.OrdinalIgnoreCase))?.Attribute("href")?.Value
                ?? entry.Elements(Atom + "link").Select(l => l.Attribute("href")?.Value).FirstOrDefault(IsCapLink)
                ?? entry.Element("enclosure")?.Attribute("url")?.Value
                ?? (entry.Element("link")?.Value is { } rss && IsCapLink(rss) ? rss : null);
            if (link is null)
            {
                problems.Add($"entry without a CAP link: {(string?)entry.Element(Atom + "title") ?? (string?)entry.Element("title")}");
                continue;
            }

            if (!Uri.TryCreate(new Uri(feed.Url), link, out var url))
            {
                problems.Add($"entry with a broken link: {link}");
                continue;
            }

            messages.Add((url.ToString(), () => client.GetStringAsync(url, ct)));
        }

        // Feeds list the newest first; import in the order the messages were sent, so an update finds what it updates.
        var loaded = new List<(string Source, string Xml, DateTimeOffset Sent)>();
        foreach (var (source, load) in messages)
        {
            try
            {
                var xml = await load();
                loaded.Add((source, xml, CapReader.ReadCancellable(xml, ct).Alert?.Sent ?? DateTimeOffset.MinValue));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                problems.Add($"{source}: {e.Message}");
            }
        }

        int imported = 0, duplicates = 0;
        foreach (var (source, xml, _) in loaded.OrderBy(m => m.Sent))
        {
            try
            {
                await using var entryDb = new BeaconDb(options, Actor.System, clock);
                var result = await importer.ImportAsync(entryDb, xml, room, jurisdictionId, $"feed:{feed.Url}", ct);
                switch (result.Outcome)
                {
                    case CapImporter.Outcome.Imported:
                        imported++;
                        break;
                    case CapImporter.Outcome.Duplicate:
                        duplicates++;
                        break;
                    default:
                        problems.Add($"{source}: {string.Join("; ", result.Reasons)}");
                        break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One bad entry is reported; the others still import.
                problems.Add($"{source}: {e.Message}");
            }
        }

        foreach (var problem in problems)
        {
            logger.LogWarning("CAP feed {Feed}: {Problem}", feed.Url, problem);
        }

        return new FeedPollResult(messages.Count, imported, duplicates, problems);
    }

    private static bool IsCapLink(string? href) =>
        href is not null && (href.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || href.EndsWith(".cap", StringComparison.OrdinalIgnoreCase));

    private static XDocument? Parse(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }
}

/// <summary>Runs <see cref="FeedPoller"/> for every configured feed at its interval (wall-clock time).</summary>
internal sealed class FeedPolling(FeedPoller poller, IOptions<WarningsOptions> settings, ILogger<FeedPolling> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var feeds = settings.Value.Feeds;
        if (feeds.Count == 0)
        {
            return;
        }

        await Task.WhenAll(feeds.Select(feed => PollForeverAsync(feed, stoppingToken)));
    }

    /// <summary>The interval a feed is polled at: as configured, at least 10 seconds.</summary>
    internal static TimeSpan IntervalOf(CapFeed feed) => feed.Interval < TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : feed.Interval;

    private async Task PollForeverAsync(CapFeed feed, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(IntervalOf(feed));
        do
        {
            try
            {
                await poller.PollAsync(feed, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // A failed poll (network, database) never stops the server: the next interval tries again.
                logger.LogWarning(e, "Polling CAP feed {Feed} failed; next try at the next interval", feed.Url);
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }
}
