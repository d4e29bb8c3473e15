using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Beacon.Platform.Data;
using Beacon.Warnings.Cap;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Beacon.Warnings.CapOut;

/// <summary>
/// What the public reads without signing in: the active real warnings as an Atom feed (filterable by area) and each
/// published message as CAP 1.2 XML at a stable URL. Built from the database at most every few seconds and served
/// from memory with ETag and Last-Modified; a publish in this process refreshes it at once.
/// </summary>
public sealed class PublicWarnings(DbContextOptions<BeaconDb> options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _building = new(1, 1);
    private Snapshot? _snapshot;
    private long _generation;

    public void Dispose() => _building.Dispose();

    /// <summary>Drops what is cached (after a publish or cancel), so the next read sees it.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _snapshot = null;
    }

    public async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_snapshot is { } s && now - s.BuiltAt < Fresh && s.FirstExpiry > now)
        {
            return s;
        }

        await _building.WaitAsync(ct);
        try
        {
            if (_snapshot is { } again && now - again.BuiltAt < Fresh && again.FirstExpiry > now)
            {
                return again;
            }

            // A sign-off while this snapshot is built makes it stale at once: it is used for this read only.
            var generation = Interlocked.Read(ref _generation);
            await using var db = new BeaconDb(options, Platform.Scope.Actor.System, clock);
            var active = await db.Set<Warning>().AsNoTracking().Include(w => w.Areas)
                .Where(w => w.Stage == WarningStage.Published && w.Status == WarningStatus.Actual && w.Origin == WarningOrigin.Local && w.ExpiresAt > now)
                .OrderByDescending(w => w.SentAt).ToListAsync(ct);
            // Last-Modified only moves forward: it is when the set of active messages last changed (a cancel or an
            // expiry changes it too), in whole seconds.
            var content = string.Join(',', active.Select(w => $"{w.Id}:{w.Version}"));
            var lastModified = _snapshot is { } previous && previous.Content == content ? previous.LastModified
                : new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var snapshot = new Snapshot(active, now, active.Count == 0 ? DateTimeOffset.MaxValue : active.Min(w => w.ExpiresAt), content, lastModified);
            if (Interlocked.Read(ref _generation) == generation)
            {
                _snapshot = snapshot;
            }

            return snapshot;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>
    /// The CAP XML of a published (or cancelled, superseded) message with its chain's references: real ones only for
    /// the public, exercises and tests too when <paramref name="includeExercises"/> (signed-in readers in scope).
    /// </summary>
    public async Task<string?> CapAsync(Guid id, bool includeExercises, CancellationToken ct)
    {
        await using var db = new BeaconDb(options, Platform.Scope.Actor.System, clock);
        var w = await db.Set<Warning>().AsNoTracking().Include(x => x.Areas)
            .SingleOrDefaultAsync(x => x.Id == id && x.Origin == WarningOrigin.Local && x.Identifier != null && (includeExercises || x.Status == WarningStatus.Actual), ct);
        if (w is null)
        {
            return null;
        }

        // The messages this one follows, by their links (not by time: two may be sent in the same second).
        var chain = await db.Set<Warning>().AsNoTracking().Where(x => x.ChainId == w.ChainId && x.Identifier != null).ToDictionaryAsync(x => x.Id, ct);
        var earlier = new List<Warning>();
        for (var at = w.PreviousId; at is { } previous && chain.TryGetValue(previous, out var before); at = before.PreviousId)
        {
            earlier.Insert(0, before);
        }

        return CapWriter.Write(WarningCap.ToCap(w, earlier));
    }

    /// <summary>The cached, rendered state of the active warnings.</summary>
    public sealed class Snapshot(IReadOnlyList<Warning> active, DateTimeOffset builtAt, DateTimeOffset firstExpiry, string content, DateTimeOffset lastModified)
    {
        private const int MaxCachedFeeds = 500;
        private readonly Dictionary<string, (byte[] Body, string ETag)> _feeds = new(StringComparer.Ordinal);

        public IReadOnlyList<Warning> Active { get; } = active;

        public DateTimeOffset BuiltAt { get; } = builtAt;

        public DateTimeOffset FirstExpiry { get; } = firstExpiry;

        /// <summary>The active messages' ids and versions: equal content, equal feed.</summary>
        public string Content { get; } = content;

        /// <summary>When the active set last changed (never earlier than before).</summary>
        public DateTimeOffset LastModified { get; } = lastModified;

        /// <summary>Active warnings covering <paramref name="area"/> (a division code: a county, or a prefecture or the region and all below).</summary>
        public IEnumerable<Warning> For(string? area)
        {
            if (string.IsNullOrEmpty(area))
            {
                return Active;
            }

            return Active.Where(w => w.Areas.Any(a => a.DivisionCode is { } code && Dissemination.AreaCodes.Intersect(code, area)));
        }

        public (byte[] Body, string ETag) Feed(string? area, string baseUrl)
        {
            var key = $"{area}|{baseUrl}";
            lock (_feeds)
            {
                if (_feeds.TryGetValue(key, out var cached))
                {
                    return cached;
                }
            }

            var body = Atom(For(area).ToList(), area, baseUrl, LastModified);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";
            lock (_feeds)
            {
                if (_feeds.Count < MaxCachedFeeds)
                {
                    _feeds[key] = (body, etag);
                }
            }

            return (body, etag);
        }
    }

    private static byte[] Atom(IReadOnlyList<Warning> warnings, string? area, string baseUrl, DateTimeOffset updated)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = false };
        using var stream = new MemoryStream();
        using (var x = XmlWriter.Create(stream, settings))
        {
            const string Ns = "http://www.w3.org/2005/Atom";
            x.WriteStartDocument();
            x.WriteStartElement("feed", Ns);
            x.WriteAttributeString("xml", "lang", null, "zh-CN");
            x.WriteElementString("id", Ns, $"{baseUrl}/public/warnings.atom{(area is null ? "" : "?area=" + area)}");
            x.WriteElementString("title", Ns, "突发事件预警信息");
            x.WriteElementString("updated", Ns, Time(updated));
            Link(x, "self", "application/atom+xml", $"{baseUrl}/public/warnings.atom{(area is null ? "" : "?area=" + area)}");
            Link(x, "alternate", "text/html", $"{baseUrl}/public/warnings");
            foreach (var w in warnings)
            {
                x.WriteStartElement("entry", Ns);
                x.WriteElementString("id", Ns, $"urn:uuid:{w.Id}");
                x.WriteElementString("title", Ns, w.Headline);
                x.WriteElementString("updated", Ns, Time(w.SentAt ?? w.DraftedAt));
                x.WriteStartElement("author", Ns);
                x.WriteElementString("name", Ns, w.IssuerName);
                x.WriteEndElement();
                x.WriteStartElement("category", Ns);
                x.WriteAttributeString("term", w.Level.ToString());
                x.WriteAttributeString("label", $"{w.EventName}{Warning.LevelName(w.Level)}预警");
                x.WriteEndElement();
                x.WriteElementString("summary", Ns, w.Description);
                Link(x, "alternate", "application/cap+xml", $"{baseUrl}/public/warnings/{w.Id}/cap.xml");
                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        return stream.ToArray();

        static void Link(XmlWriter x, string rel, string type, string href)
        {
            x.WriteStartElement("link", "http://www.w3.org/2005/Atom");
            x.WriteAttributeString("rel", rel);
            x.WriteAttributeString("type", type);
            x.WriteAttributeString("href", href);
            x.WriteEndElement();
        }

        static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }
}

internal static class PublicWarningsEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/public/warnings.atom", async (PublicWarnings warnings, Platform.Jurisdictions.JurisdictionTree tree,
                Microsoft.Extensions.Options.IOptions<WarningsOptions> settings, HttpContext http, string? area, CancellationToken ct) =>
            {
                if (area is not null && (area.Length is not (6 or 9) || !area.All(char.IsAsciiDigit)
                    || !(await tree.GetAsync(ct)).Nodes.Any(n => n.Code == area[..6] && !n.IsRetired)))
                {
                    return Platform.Http.ApiResults.Invalid("area", "must be the 6-digit code of a jurisdiction (or a 9-digit township code within one)");
                }

                var snapshot = await warnings.GetAsync(ct);
                var (body, etag) = snapshot.Feed(area, settings.Value.PublicBaseUrl?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}");
                var headers = http.Response.GetTypedHeaders();
                headers.ETag = EntityTagHeaderValue.Parse(etag);
                headers.LastModified = snapshot.LastModified;
                headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(30) };
                var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
                if (ifNoneMatch.Length > 0 ? ifNoneMatch.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")
                    : http.Request.GetTypedHeaders().IfModifiedSince is { } since && snapshot.LastModified <= since)
                {
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                }

                return Results.Bytes(body, "application/atom+xml; charset=utf-8");
            })
            .AllowAnonymous().WithName("PublicWarningsFeed").WithTags("Public")
            .Produces<string>(StatusCodes.Status200OK, "application/atom+xml").Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status400BadRequest)
            .WithMetadata(new Platform.Http.ETagAnswers([StatusCodes.Status200OK]))
            .WithSummary("Atom feed of the active real warnings with links to their CAP XML; ?area=division code; ETag / Last-Modified");
        endpoints.MapGet("/public/warnings/{id:guid}/cap.xml", async (PublicWarnings warnings, Guid id, CancellationToken ct) =>
                await warnings.CapAsync(id, includeExercises: false, ct) is { } xml
                    ? Results.Text(xml, "application/cap+xml; charset=utf-8")
                    : Platform.Http.ApiResults.NotFound("Warning"))
            .AllowAnonymous().WithName("PublicWarningCap").WithTags("Public")
            .Produces<string>(StatusCodes.Status200OK, "application/cap+xml").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One published warning message as CAP 1.2 XML (China's profile)");
    }
}
