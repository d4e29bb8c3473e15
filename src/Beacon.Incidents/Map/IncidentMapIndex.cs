using System.Collections.Concurrent;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Map;

/// <summary>
/// The incident layer's read model (decision 0041): for every incident that is not a drill, the few columns the layer
/// filters, orders, counts and shows (time of the event, coordinates, county, origin jurisdiction, level, status, number
/// and title), held in this process newest first, so a box's clusters and features come from memory instead of tens of
/// thousands of index entries read per answer. Loaded on the first map query (start-up and an idle node pay nothing).
/// <para>
/// Freshness: a write of this process that publishes an <see cref="IncidentEvent"/> after its commit (every writer of
/// the shown columns does: the first report, a follow-up or final report, a drill inject) is in the next answer: the
/// event marks the incident, and the next read re-reads the marked rows before it answers. Writes of another process
/// (another node, a command-line verb) are found by a delta read at most every <see cref="DeltaEvery"/>: the incidents of
/// the reports whose (time-ordered, version 7) id is at most <see cref="DeltaMargin"/> older than the newest seen, by
/// the reports' primary key. Anything else (rows written without a report, deletions by another process) is found by the
/// full reload every <see cref="ReloadEvery"/>. Answers are never cached: each is computed from the model.
/// </para>
/// </summary>
internal sealed class IncidentMapIndex : IDisposable
{
    /// <summary>How often a read looks for other processes' reports (a read of the reports' primary key from the watermark).</summary>
    public static readonly TimeSpan DeltaEvery = TimeSpan.FromSeconds(5);

    /// <summary>How far below the newest report id seen a delta starts: commits this late, and nodes' clocks this far apart, are still found.</summary>
    public static readonly TimeSpan DeltaMargin = TimeSpan.FromSeconds(30);

    /// <summary>How often the whole model is read again (what no report marks: bulk loads, hand edits, deletions elsewhere).</summary>
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromMinutes(10);

    /// <summary>More changed incidents than this at once are read as a full reload rather than by id.</summary>
    private const int MaxChanged = 5_000;

    private readonly BeaconDbFactory _dbs;
    private readonly TimeProvider _clock;
    private readonly IncidentEvents _events;
    private readonly ConcurrentDictionary<Guid, byte> _marked = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;
    private long _pending;
    private long _applied;
    private long _loadedAt;
    private long _deltaAt;
    private Guid _floor;

    /// <remarks>
    /// A singleton, so it builds its own factory from the (singleton) options rather than take the scoped
    /// <see cref="BeaconDbFactory"/> of whichever request or circuit happened to create it: it only reads, as the system.
    /// </remarks>
    public IncidentMapIndex(DbContextOptions<BeaconDb> options, TimeProvider clock, IncidentEvents events)
    {
        _dbs = new BeaconDbFactory(options, current: null, clock);
        _clock = clock;
        _events = events;
        // Subscribed before the first load reads anything: a write committed after the load's read is marked. Told before
        // the event's other listeners, so a map page that looks again on the integration event reads the change.
        _events.Committed += Mark;
    }

    public void Dispose()
    {
        _events.Committed -= Mark;
        _gate.Dispose();
    }

    /// <summary>The model with every change this process has announced, and other processes' within the bounds above.</summary>
    public async ValueTask<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        if (Volatile.Read(ref _applied) == Volatile.Read(ref _pending) && _snapshot is { } fresh
            && now - Volatile.Read(ref _deltaAt) < DeltaEvery.Ticks && now - Volatile.Read(ref _loadedAt) < ReloadEvery.Ticks)
        {
            return fresh;
        }

        await _gate.WaitAsync(ct);
        try
        {
            now = _clock.GetUtcNow().UtcTicks;
            var upTo = Volatile.Read(ref _pending);
            if (_snapshot is null || now - _loadedAt >= ReloadEvery.Ticks)
            {
                await LoadAsync(now, ct);
            }
            else
            {
                var changed = new HashSet<Guid>();
                foreach (var id in _marked.Keys)
                {
                    if (_marked.TryRemove(id, out _))
                    {
                        changed.Add(id);
                    }
                }

                try
                {
                    await RefreshAsync(changed, now, ct);
                }
                catch
                {
                    // Cancelled or failed: what was taken off the marks is marked again, so the next read reads it.
                    foreach (var id in changed)
                    {
                        _marked[id] = 0;
                    }

                    Interlocked.Increment(ref _pending);
                    throw;
                }
            }

            Volatile.Write(ref _applied, upTo);
            return _snapshot!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Re-reads <paramref name="changed"/> and, when a delta is due, the incidents of other processes' recent reports.</summary>
    private async Task RefreshAsync(HashSet<Guid> changed, long now, CancellationToken ct)
    {
        await using var db = _dbs.CreateForSystem();
        if (now - _deltaAt >= DeltaEvery.Ticks)
        {
            var floor = _floor;
            var reports = await db.Set<IncidentReport>().AsNoTracking().Where(r => r.Id >= floor)
                .Select(r => new { r.Id, r.IncidentId }).ToListAsync(ct);
            changed.UnionWith(reports.Select(r => r.IncidentId));
            if (reports.Count > 0)
            {
                _floor = FloorBelow(reports.Max(r => r.Id));
            }

            Volatile.Write(ref _deltaAt, now);
        }

        if (changed.Count > MaxChanged)
        {
            await LoadAsync(now, ct);
        }
        else if (changed.Count > 0)
        {
            var ids = changed.ToList();
            var rows = await Rows(db.Set<Incident>().AsNoTracking().Where(i => ids.Contains(i.Id))).ToListAsync(ct);
            _snapshot = _snapshot!.With(changed, rows.Where(r => !r.IsDrill).Select(Entry.Of));
        }
    }

    /// <summary>
    /// The lowest version 7 id created <see cref="DeltaMargin"/> before <paramref name="newest"/> was: the delta's start.
    /// Version 7 ids lead with their creation time in milliseconds, so both databases order them by it (PostgreSQL's uuid
    /// by its bytes, SQLite's upper-case text by its characters).
    /// </summary>
    internal static Guid FloorBelow(Guid newest)
    {
        var bytes = newest.ToByteArray(bigEndian: true);
        long ms = 0;
        for (var i = 0; i < 6; i++)
        {
            ms = (ms << 8) | bytes[i];
        }

        ms = Math.Max(0, ms - (long)DeltaMargin.TotalMilliseconds);
        var floor = new byte[16];
        for (var i = 5; i >= 0; i--)
        {
            floor[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }

        return new Guid(floor, bigEndian: true);
    }

    private void Mark(IncidentEvent e)
    {
        if (e.IncidentId != Guid.Empty)
        {
            _marked[e.IncidentId] = 0;
            Interlocked.Increment(ref _pending);
        }
    }

    private async Task LoadAsync(long now, CancellationToken ct)
    {
        // What is marked from here on is read again by the next read, whether or not the load below already saw it.
        _marked.Clear();
        await using var db = _dbs.CreateForSystem();
        // The watermark first: a report committed while the rows are read is read again by the next delta.
        var newest = await db.Set<IncidentReport>().AsNoTracking().OrderByDescending(r => r.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        var rows = await Rows(db.Set<Incident>().AsNoTracking().Where(i => !i.IsDrill)).ToListAsync(ct);
        _floor = newest is { } id ? FloorBelow(id) : Guid.Empty;
        _snapshot = Snapshot.Of(rows.Select(Entry.Of));
        Volatile.Write(ref _loadedAt, now);
        Volatile.Write(ref _deltaAt, now);
    }

    private static IQueryable<Row> Rows(IQueryable<Incident> incidents) =>
        incidents.Select(i => new Row(i.Id, i.Number, i.Title, i.OccurredAt, i.Longitude, i.Latitude, i.LocationJurisdictionId, i.OriginJurisdictionId,
            i.Severity, i.Status, i.IsDrill));

    internal sealed record Row(Guid Id, string Number, string Title, DateTimeOffset OccurredAt, double? Longitude, double? Latitude, Guid LocationJurisdictionId,
        Guid OriginJurisdictionId, Severity Severity, IncidentStatus Status, bool IsDrill);

    /// <summary>
    /// One incident as the layer sees and shows it; <see cref="Longitude"/> and <see cref="Latitude"/> are NaN when unknown.
    /// <see cref="Label"/> (number and title) is written once, by the first report, and never changed.
    /// </summary>
    internal readonly record struct Entry(Guid Id, string Label, DateTimeOffset OccurredAt, double Longitude, double Latitude, int Cell,
        Guid Location, Guid Origin, Severity Severity, IncidentStatus Status)
    {
        /// <summary>The time of the event in UTC ticks: what the model is ordered by.</summary>
        public long At => OccurredAt.UtcTicks;

        /// <summary>Known only by its county (no longitude): placed at the county's centroid.</summary>
        public bool Unplaced => double.IsNaN(Longitude);

        public bool In(BoundingBox box) =>
            Longitude >= box.West && Longitude <= box.East && Latitude >= box.South && Latitude <= box.North;

        internal static Entry Of(Row r) => new(r.Id, $"{r.Number} {r.Title}", r.OccurredAt, r.Longitude ?? double.NaN, r.Latitude ?? double.NaN,
            r.Latitude is { } lat && r.Longitude is { } lon ? MapCells.Of(lat, lon) : -1, r.LocationJurisdictionId, r.OriginJurisdictionId,
            r.Severity, r.Status);
    }

    /// <summary>An immutable state of the model: the entries newest first (then by id), as the layer orders its answer.</summary>
    internal sealed class Snapshot
    {
        private static readonly Comparison<Entry> NewestFirst = (a, b) => a.At != b.At ? b.At.CompareTo(a.At) : a.Id.CompareTo(b.Id);
        private readonly Entry[] _entries;

        private Snapshot(Entry[] entries) => _entries = entries;

        public int Count => _entries.Length;

        public static Snapshot Of(IEnumerable<Entry> entries)
        {
            var all = entries.ToArray();
            Array.Sort(all, NewestFirst);
            return new(all);
        }

        /// <summary>This state with the <paramref name="changed"/> incidents replaced by their <paramref name="rows"/> (absent ones removed).</summary>
        public Snapshot With(IReadOnlySet<Guid> changed, IEnumerable<Entry> rows)
        {
            var fresh = rows.ToArray();
            Array.Sort(fresh, NewestFirst);
            var merged = new List<Entry>(_entries.Length + fresh.Length);
            var f = 0;
            foreach (var e in _entries)
            {
                if (changed.Contains(e.Id))
                {
                    continue;
                }

                while (f < fresh.Length && NewestFirst(fresh[f], e) < 0)
                {
                    merged.Add(fresh[f++]);
                }

                merged.Add(e);
            }

            while (f < fresh.Length)
            {
                merged.Add(fresh[f++]);
            }

            return new([.. merged]);
        }

        /// <summary>
        /// The entries of [<paramref name="from"/>, <paramref name="to"/>) in <paramref name="scope"/>, newest first, that
        /// stand in the box: with coordinates in it, or known only by a county in <paramref name="counties"/> (every county
        /// when null).
        /// </summary>
        public IEnumerable<Entry> InBox(BoundingBox box, DateTimeOffset from, DateTimeOffset to, DataScope scope, IReadOnlySet<Guid>? counties)
        {
            var (start, end) = (from.UtcTicks, to.UtcTicks);
            // The first entry before `to`: entries are newest first.
            int lo = 0, hi = _entries.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_entries[mid].At >= end)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            for (var i = lo; i < _entries.Length && _entries[i].At >= start; i++)
            {
                var e = _entries[i];
                if ((e.Unplaced ? counties is null || counties.Contains(e.Location) : e.In(box)) && scope.Contains(e.Origin))
                {
                    yield return e;
                }
            }
        }
    }
}
