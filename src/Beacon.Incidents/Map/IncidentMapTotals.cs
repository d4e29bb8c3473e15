using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Incidents.Map;

/// <summary>
/// How many real incidents of one place occurred on one UTC day, by colour (decision 0019, "Totals per cell and day"): the
/// place is a grid cell of <see cref="MapCells"/> (those with coordinates), or the county of those known only by their county.
/// Each incident is counted twice: under its origin jurisdiction (what a scoped caller filters by, as
/// <c>InScope(scope, i =&gt; i.OriginJurisdictionId)</c>) and under <see cref="Everyone"/> (what a caller who sees everything
/// reads). Kept by the write that records or changes the incident, in its transaction; drills are never counted.
/// </summary>
internal sealed class IncidentMapTotal
{
    /// <summary>The origin of the rows that count every origin together.</summary>
    public static readonly Guid Everyone = Guid.Empty;

    /// <summary>The cell of the rows of incidents known only by their county.</summary>
    public const int NoCell = -1;

    public Guid OriginJurisdictionId { get; set; }

    /// <summary>The grid cell (<see cref="Incident.MapCell"/>), or <see cref="NoCell"/>.</summary>
    public int Cell { get; set; }

    /// <summary>The county of those known only by their county; <see cref="Guid.Empty"/> with a cell.</summary>
    public Guid LocationJurisdictionId { get; set; }

    /// <summary>Midnight UTC of the day the incidents occurred (<see cref="Incident.OccurredAt"/>).</summary>
    public DateTimeOffset Day { get; set; }

    public int Count { get; set; }

    /// <summary>Closed (colour key <c>closed</c>), whatever their level.</summary>
    public int Closed { get; set; }

    /// <summary>Open at level Ⅰ; likewise <see cref="II"/>, <see cref="III"/>, <see cref="IV"/>. Open and not assessed: the rest.</summary>
    public int I { get; set; }

    public int II { get; set; }

    public int III { get; set; }

    public int IV { get; set; }

    /// <summary>Sum of the longitudes (the cluster stands at the mean); 0 without a cell.</summary>
    public double SumLongitude { get; set; }

    public double SumLatitude { get; set; }

    /// <summary>
    /// The extent of the points. Only ever widened: an incident's coordinates, day and drill flag are never changed after
    /// it is recorded, so nobody leaves a row and the extent stays exact.
    /// </summary>
    public double? West { get; set; }

    public double? South { get; set; }

    public double? East { get; set; }

    public double? North { get; set; }

    /// <summary>Midnight UTC of the day of <paramref name="at"/>.</summary>
    public static DateTimeOffset DayOf(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerDay, TimeSpan.Zero);
}

internal sealed class IncidentMapTotalConfiguration : IEntityTypeConfiguration<IncidentMapTotal>
{
    public void Configure(EntityTypeBuilder<IncidentMapTotal> b)
    {
        b.ToTable("incident_map_totals");
        // Origin first (one equality: a caller's scope or everyone), then the place (a list of cells), then the days: a
        // box's full days are one stretch of the key per cell, already grouped by cell.
        b.HasKey(t => new { t.OriginJurisdictionId, t.Cell, t.LocationJurisdictionId, t.Day });
    }
}

/// <summary>The writes that keep <see cref="IncidentMapTotal"/>: plain SQL in the transaction of the incident's own save.</summary>
internal static class IncidentMapTotals
{
    /// <summary>The incidents counted in one context, by key: a group commit writes them all in one statement.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BeaconDb, SortedDictionary<Key, IncidentMapTotal>> Pending = [];

    /// <summary>
    /// Counts a new incident (not a drill) when <paramref name="db"/> saves it: with the others counted in the same context
    /// (a group commit's batch), one UPSERT of their rows, in key order, so concurrent writers lock shared rows in the
    /// same order and never deadlock.
    /// </summary>
    public static void Count(BeaconDb db, Incident incident)
    {
        if (incident.IsDrill)
        {
            return;
        }

        if (!Pending.TryGetValue(db, out var pending))
        {
            pending = new SortedDictionary<Key, IncidentMapTotal>(KeyOrder.Instance);
            Pending.Add(db, pending);
            db.BeforeSave(async (tx, ct) =>
            {
                var rows = pending.Values.ToList();
                pending.Clear();
                Pending.Remove(db);
                await UpsertAsync(tx, rows, ct);
            });
        }

        var (origin, cell, location, day) = KeyOf(incident);
        var (closed, i, ii, iii, iv) = Columns(incident.Status, incident.Severity, 1);
        foreach (var o in new[] { IncidentMapTotal.Everyone, origin })
        {
            var key = new Key(o, cell, location, day);
            if (!pending.TryGetValue(key, out var row))
            {
                pending[key] = row = new IncidentMapTotal { OriginJurisdictionId = o, Cell = cell, LocationJurisdictionId = location, Day = day };
            }

            row.Count++;
            (row.Closed, row.I, row.II, row.III, row.IV) = (row.Closed + closed, row.I + i, row.II + ii, row.III + iii, row.IV + iv);
            if (incident.Longitude is { } lon && incident.Latitude is { } lat)
            {
                row.SumLongitude += lon;
                row.SumLatitude += lat;
                (row.West, row.South, row.East, row.North) = (Math.Min(row.West ?? lon, lon), Math.Min(row.South ?? lat, lat),
                    Math.Max(row.East ?? lon, lon), Math.Max(row.North ?? lat, lat));
            }
        }
    }

    private static async Task UpsertAsync(BeaconDb db, List<IncidentMapTotal> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var least = db.IsSqlite ? "min" : "LEAST";
        var greatest = db.IsSqlite ? "max" : "GREATEST";
        await using var upsert = db.NewCommand();
        var values = new System.Text.StringBuilder();
        for (var n = 0; n < rows.Count; n++)
        {
            var r = rows[n];
            values.Append(values.Length == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture,
                $"(@o{n}, @c{n}, @l{n}, @d{n}, @n{n}, @x{n}, @i{n}, @ii{n}, @iii{n}, @iv{n}, @sx{n}, @sy{n}, @w{n}, @s{n}, @e{n}, @t{n})");
            upsert.WithParameter($"@o{n}", Id(db, r.OriginJurisdictionId)).WithParameter($"@c{n}", r.Cell).WithParameter($"@l{n}", Id(db, r.LocationJurisdictionId))
                .WithParameter($"@d{n}", db.IsSqlite ? r.Day.UtcTicks : r.Day).WithParameter($"@n{n}", r.Count).WithParameter($"@x{n}", r.Closed)
                .WithParameter($"@i{n}", r.I).WithParameter($"@ii{n}", r.II).WithParameter($"@iii{n}", r.III).WithParameter($"@iv{n}", r.IV)
                .WithParameter($"@sx{n}", r.SumLongitude).WithParameter($"@sy{n}", r.SumLatitude)
                .WithParameter($"@w{n}", Nullable(r.West)).WithParameter($"@s{n}", Nullable(r.South))
                .WithParameter($"@e{n}", Nullable(r.East)).WithParameter($"@t{n}", Nullable(r.North));
        }

        upsert.CommandText = $"""
            INSERT INTO {db.TableOf<IncidentMapTotal>()} AS t ("OriginJurisdictionId", "Cell", "LocationJurisdictionId", "Day", "Count", "Closed", "I", "II", "III", "IV",
                "SumLongitude", "SumLatitude", "West", "South", "East", "North")
            VALUES {values}
            ON CONFLICT ("OriginJurisdictionId", "Cell", "LocationJurisdictionId", "Day") DO UPDATE SET
                "Count" = t."Count" + excluded."Count", "Closed" = t."Closed" + excluded."Closed", "I" = t."I" + excluded."I",
                "II" = t."II" + excluded."II", "III" = t."III" + excluded."III", "IV" = t."IV" + excluded."IV",
                "SumLongitude" = t."SumLongitude" + excluded."SumLongitude", "SumLatitude" = t."SumLatitude" + excluded."SumLatitude",
                "West" = {least}(t."West", excluded."West"), "South" = {least}(t."South", excluded."South"),
                "East" = {greatest}(t."East", excluded."East"), "North" = {greatest}(t."North", excluded."North")
            """;
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static object Nullable(double? value) => value is { } v ? v : DBNull.Value;

    /// <summary>
    /// Moves an incident (not a drill) from the colour of <paramref name="status"/> and <paramref name="severity"/> to its
    /// current one when <paramref name="db"/> saves it (a level changed, the final report closed it). Nothing when the
    /// colour is the same.
    /// </summary>
    public static void Recolour(BeaconDb db, Incident incident, IncidentStatus status, Severity severity)
    {
        var was = Columns(status, severity, -1);
        var now = Columns(incident.Status, incident.Severity, 1);
        var delta = (Closed: was.Closed + now.Closed, I: was.I + now.I, II: was.II + now.II, III: was.III + now.III, IV: was.IV + now.IV);
        if (incident.IsDrill || delta == (0, 0, 0, 0, 0))
        {
            return;
        }

        var (origin, cell, location, day) = KeyOf(incident);
        db.BeforeSave(async (tx, ct) =>
        {
            await using var update = tx.NewCommand();
            update.CommandText = $"""
                UPDATE {tx.TableOf<IncidentMapTotal>()} SET "Closed" = "Closed" + @closed, "I" = "I" + @i, "II" = "II" + @ii, "III" = "III" + @iii, "IV" = "IV" + @iv
                WHERE "OriginJurisdictionId" IN (@origin, @everyone) AND "Cell" = @cell AND "LocationJurisdictionId" = @location AND "Day" = @day
                """;
            update.WithParameter("@origin", Id(tx, origin)).WithParameter("@everyone", Id(tx, IncidentMapTotal.Everyone))
                .WithParameter("@cell", cell).WithParameter("@location", Id(tx, location)).WithParameter("@day", tx.IsSqlite ? day.UtcTicks : day)
                .WithParameter("@closed", delta.Closed).WithParameter("@i", delta.I).WithParameter("@ii", delta.II)
                .WithParameter("@iii", delta.III).WithParameter("@iv", delta.IV);
            var rows = await update.ExecuteNonQueryAsync(ct);
            if (rows != 2)
            {
                throw new InvalidOperationException($"The map totals of incident {incident.Id} are missing ({rows} of 2 rows).");
            }
        });
    }

    /// <summary>The colour columns an incident counts in, times <paramref name="sign"/>.</summary>
    public static (int Closed, int I, int II, int III, int IV) Columns(IncidentStatus status, Severity severity, int sign) =>
        status == IncidentStatus.Closed ? (sign, 0, 0, 0, 0) : severity switch
        {
            Severity.I => (0, sign, 0, 0, 0),
            Severity.II => (0, 0, sign, 0, 0),
            Severity.III => (0, 0, 0, sign, 0),
            Severity.IV => (0, 0, 0, 0, sign),
            _ => (0, 0, 0, 0, 0),
        };

    private readonly record struct Key(Guid Origin, int Cell, Guid Location, DateTimeOffset Day);

    /// <summary>One order of the keys for every writer (the origin first: <see cref="IncidentMapTotal.Everyone"/> leads).</summary>
    private sealed class KeyOrder : IComparer<Key>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(Key x, Key y)
        {
            var c = x.Origin.CompareTo(y.Origin);
            c = c != 0 ? c : x.Cell.CompareTo(y.Cell);
            c = c != 0 ? c : x.Location.CompareTo(y.Location);
            return c != 0 ? c : x.Day.CompareTo(y.Day);
        }
    }

    private static (Guid Origin, int Cell, Guid Location, DateTimeOffset Day) KeyOf(Incident incident) =>
        incident.MapCell is { } cell
            ? (incident.OriginJurisdictionId, cell, Guid.Empty, IncidentMapTotal.DayOf(incident.OccurredAt))
            : (incident.OriginJurisdictionId, IncidentMapTotal.NoCell, incident.LocationJurisdictionId, IncidentMapTotal.DayOf(incident.OccurredAt));

    /// <summary>A Guid as the provider stores it (EF's SQLite mapping: upper-case text).</summary>
    private static object Id(BeaconDb db, Guid id) => db.IsSqlite ? id.ToString().ToUpperInvariant() : id;
}
