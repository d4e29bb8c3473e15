using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Bench.Reports;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Beacon.Bench.Map;

/// <summary>
/// Issue 15, acceptance 5. (1) The incident layer of the one map over N incidents (default 100,000, written straight into
/// Beacon's database, spread over the region and the last 7 days): random bounding boxes (county to prefecture size, and
/// now and then the whole region) asked through <c>GET /api/v1/map/features?layer=incidents</c> for the whole 7 days,
/// p50/p95/p99 next to the same query answered by a full scan of the same rows (SQLite <c>NOT INDEXED</c>, PostgreSQL
/// with index scans off) in the benchmark's own process, so the baseline pays no HTTP, sign-in check or scope at all.
/// Goal: p95 under 50 ms. On SQLite and, when the machine has PostgreSQL binaries, on a throwaway PostgreSQL cluster.
/// (2) The situational map page in headless Chromium, signed in as the region's duty officer, with the incident layer at
/// its cap of 10,000 points (clustered by MapLibre): time from navigation to the layer drawn, the longest main-thread task
/// while loading, and frame times and the longest task while panning and zooming, next to the same pans with the
/// incident layer switched off on the same page (the baseline).
/// </summary>
internal static class MapBench
{
    private const double QueryP95GoalMs = 50;
    private static readonly TimeSpan Period = TimeSpan.FromDays(7);

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            o[args[i].TrimStart('-')] = args[i + 1];
        }

        if (!o.TryGetValue("beacon", out var beaconDll))
        {
            await Console.Error.WriteLineAsync("usage: … map --beacon PATH [--incidents N] [--queries N] [--lanes sqlite,postgres] [--chromium PATH|none] [--dotnet PATH]");
            return 2;
        }

        var count = int.Parse(o.GetValueOrDefault("incidents", "100000"), CultureInfo.InvariantCulture);
        var queries = int.Parse(o.GetValueOrDefault("queries", "500"), CultureInfo.InvariantCulture);
        var dotnet = o.GetValueOrDefault("dotnet", "dotnet");
        var pgBin = ThrowawayPostgres.FindBin();
        var lanes = o.GetValueOrDefault("lanes", pgBin is null ? "sqlite" : "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var chromium = o.GetValueOrDefault("chromium", File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "none");
        Console.WriteLine($"Map: the incident layer over {count:N0} incidents (7 days, the whole region), {queries:N0} random bounding boxes; lanes {string.Join(", ", lanes)}; browser {chromium}");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} processors, .NET {Environment.Version}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {ReportsBench.LoadAverages()}");
        var rows = new List<string>();
        var verdicts = new List<string>();
        foreach (var lane in lanes)
        {
            var postgres = lane.Equals("postgres", StringComparison.OrdinalIgnoreCase);
            if (postgres && pgBin is null)
            {
                Console.WriteLine("  postgres: no PostgreSQL binaries under /usr/lib/postgresql; lane skipped");
                continue;
            }

            var (laneRows, verdict) = await LaneAsync(dotnet, beaconDll, postgres ? pgBin : null, count, queries,
                browser: !postgres && chromium != "none" ? chromium : null);
            rows.AddRange(laneRows);
            foreach (var row in laneRows)
            {
                Console.WriteLine("    " + row);
            }

            verdicts.Add(verdict);
        }

        Console.WriteLine();
        Console.WriteLine("| lane | measure | Beacon | baseline | ratio (baseline ÷ Beacon) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        Console.WriteLine();
        foreach (var v in verdicts)
        {
            Console.WriteLine(v);
        }

        Console.WriteLine($"  load average after: {ReportsBench.LoadAverages()}");
        return 0;
    }

    private static async Task<(List<string> Rows, string Verdict)> LaneAsync(string dotnet, string beaconDll, string? pgBin, int count, int queries, string? browser)
    {
        var name = pgBin is null ? "SQLite" : "PostgreSQL";
        Console.WriteLine();
        Console.WriteLine($"  {name} lane, load average {ReportsBench.LoadAverages()}");
        var folder = Directory.CreateTempSubdirectory("beacon-bench-map-").FullName;
        ThrowawayPostgres? pg = null;
        try
        {
            string connection;
            if (pgBin is not null)
            {
                pg = await ThrowawayPostgres.StartAsync(pgBin);
                connection = await pg.CreateDatabaseAsync("beacon");
            }
            else
            {
                connection = $"Data Source={Path.Combine(folder, "beacon.db")}";
            }

            var env = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Beacon__Demo"] = "false",
                ["Beacon__DataFolder"] = folder,
                ["Beacon__Database__Provider"] = pg is null ? "Sqlite" : "Postgres",
                ["Beacon__Database__ConnectionString"] = pg is null ? "" : connection,
            };
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "migrate");
            // Demo accounts (only the accounts, no demo records), so the browser can sign in as the region's duty officer.
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "seed", "--demo");
            var secret = ReportsBench.Secrets(await ReportsBench.CliAsync(dotnet, beaconDll, env, "create-token", "--name", "bench-map", "--jurisdiction", "150000",
                "--roles", "DutyOfficer", "--days", "1")).Single();
            var now = TimeProvider.System.GetUtcNow();
            var seeding = Stopwatch.StartNew();
            await using (var db = Open(pg is null, connection))
            {
                await SeedAsync(db, count, now);
            }

            Console.WriteLine($"    {count:N0} incidents written into Beacon's database in {seeding.Elapsed.TotalSeconds:0.0} s");

            var random = new Random(15);
            var boxes = Enumerable.Range(0, queries).Select(_ => RandomBox(random)).ToList();
            var from = now - Period - TimeSpan.FromHours(1);
            var to = now + TimeSpan.FromHours(1);
            var beaconMs = new double[boxes.Count];
            var featuresMs = new double[boxes.Count];
            var found = new int[boxes.Count];
            var truncated = 0;
            var cut = new bool[boxes.Count];
            var clustered = new bool[boxes.Count];
            var clusters = 0;
            BrowserFigures? page = null;
            await using (var beacon = await AppProcess.StartAsync(dotnet, beaconDll, env))
            {
                using var http = new HttpClient { BaseAddress = beacon.Url, Timeout = TimeSpan.FromSeconds(60) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                foreach (var b in boxes.Take(30))
                {
                    (await http.GetAsync(Url(b, from, to))).EnsureSuccessStatusCode();
                }

                for (var i = 0; i < boxes.Count; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(Url(boxes[i], from, to));
                    response.EnsureSuccessStatusCode();
                    var view = await response.Content.ReadFromJsonAsync<JsonElement>();
                    beaconMs[i] = clock.Elapsed.TotalMilliseconds;
                    var layer = view.GetProperty("layers")[0];
                    // A box holding more than 2,000 answers clusters (decision 0019): every incident counted, none listed.
                    clustered[i] = layer.GetProperty("shape").GetString() == "clusters";
                    found[i] = clustered[i]
                        ? layer.GetProperty("clusters").EnumerateArray().Where(c => c.GetProperty("placed").GetString() == "point").Sum(c => c.GetProperty("count").GetInt32())
                        : layer.GetProperty("items").EnumerateArray().Count(f => f.GetProperty("placed").GetString() == "point");
                    cut[i] = layer.GetProperty("truncated").GetBoolean();
                    truncated += cut[i] ? 1 : 0;
                    clusters += clustered[i] ? 1 : 0;
                }

                // The same boxes asked not to cluster (clusters=false): every large box answers its newest 2,000 features, as
                // before the clusters (decision 0019, "Clusters for large boxes"), on the same server and data.
                for (var i = 0; i < boxes.Count; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(Url(boxes[i], from, to) + "&clusters=false");
                    response.EnsureSuccessStatusCode();
                    _ = await response.Content.ReadFromJsonAsync<JsonElement>();
                    featuresMs[i] = clock.Elapsed.TotalMilliseconds;
                }

                if (browser is not null)
                {
                    page = await MapPageProbe.RunAsync(browser, beacon.Url);
                }
            }

            double[] scanMs;
            var (mismatches, compared) = (0, 0);
            await using (var db = Open(pg is null, connection))
            {
                (scanMs, var scanFound) = await FullScanAsync(db, pg is null, boxes.Take(Math.Min(100, boxes.Count)).ToList(), from, to);
                // Compared where Beacon's answer lists every incident of the box (not truncated, not clusters): then it shows every
                // one with coordinates in the box, which is what the scan counts (at most 2,000 of them).
                for (var i = 0; i < scanFound.Length; i++)
                {
                    if (!cut[i] && !clustered[i])
                    {
                        compared++;
                        mismatches += scanFound[i] == found[i] ? 0 : 1;
                    }
                }
            }

            var scanned = scanMs.Length;
            // The two kinds of answer apart (decision 0019): which of them sets the p95.
            var clusterMs = beaconMs.Where((_, i) => clustered[i]).Order().ToArray();
            var listMs = beaconMs.Where((_, i) => !clustered[i]).Order().ToArray();
            Array.Sort(beaconMs);
            Array.Sort(featuresMs);
            Array.Sort(scanMs);
            var rows = new List<string>
            {
                Row(name, "incident layer p50 (ms)", ReportsBench.P(beaconMs, 50), ReportsBench.P(scanMs, 50)),
                Row(name, "incident layer p95 (ms)", ReportsBench.P(beaconMs, 95), ReportsBench.P(scanMs, 95)),
                Row(name, "incident layer p99 (ms)", ReportsBench.P(beaconMs, 99), ReportsBench.P(scanMs, 99)),
                Row(name, "incident layer max (ms)", beaconMs[^1], scanMs[^1]),
                Kind(name, "answered as clusters", clusterMs),
                Kind(name, "answered as features", listMs),
                FormattableString.Invariant($"| {name} | incident layer p50 / p95 / p99 (ms) with clusters=false (every box as features, truncated at 2,000, as before the clusters) | {ReportsBench.P(featuresMs, 50):0.0} / {ReportsBench.P(featuresMs, 95):0.0} / {ReportsBench.P(featuresMs, 99):0.0} | | |"),
                FormattableString.Invariant($"| {name} | incidents with coordinates per answer (median, max; {clusters} of {boxes.Count} answered as clusters, {truncated} truncated at 2,000) | {Median(found):0}, {found.Max()} | same rows: {compared - mismatches} of {compared} boxes answered in full agree | |"),
            };
            if (page is not null)
            {
                rows.AddRange(page.Rows(name));
            }

            var p95 = ReportsBench.P(beaconMs, 95);
            var verdict = $"goal ({name}) incident layer p95 < {QueryP95GoalMs} ms over {count:N0} incidents: {(p95 < QueryP95GoalMs ? "PASS" : "FAIL")} ({p95.ToString("0.0", CultureInfo.InvariantCulture)} ms)"
                + (page is null ? "" : $"; page with {page.Points:N0} points: {page.Verdict()}");
            Console.WriteLine($"    {verdict}");
            return (rows, verdict);
        }
        finally
        {
            if (pg is not null)
            {
                await pg.DisposeAsync();
            }

            ReportsBench.TryDelete(folder);
        }
    }

    private static string Row(string lane, string measure, double beacon, double baseline) =>
        FormattableString.Invariant($"| {lane} | {measure} | {beacon:0.0} | {baseline:0.0} | {baseline / beacon:0.0}× |");

    private static string Kind(string lane, string kind, double[] sorted) =>
        FormattableString.Invariant($"| {lane} | incident layer p50 / p95 / p99 / max (ms), the {sorted.Length} boxes {kind} | {ReportsBench.P(sorted, 50):0.0} / {ReportsBench.P(sorted, 95):0.0} / {ReportsBench.P(sorted, 99):0.0} / {(sorted.Length == 0 ? double.NaN : sorted[^1]):0.0} | | |");

    private static double Median(int[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static DbConnection Open(bool sqlite, string connection)
    {
        DbConnection db = sqlite ? new SqliteConnection(connection) : new NpgsqlConnection(connection);
        db.Open();
        return db;
    }

    private static string Url(Box b, DateTimeOffset from, DateTimeOffset to) =>
        FormattableString.Invariant($"api/v1/map/features?layer=incidents&bbox={b.West:0.0000},{b.South:0.0000},{b.East:0.0000},{b.North:0.0000}&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}");

    internal readonly record struct Box(double West, double South, double East, double North);

    /// <summary>What a person looks at: a county to a prefecture (0.25° to 8° wide, log-uniform), one in twenty the whole region.</summary>
    private static Box RandomBox(Random random)
    {
        if (random.Next(20) == 0)
        {
            return new Box(96, 36, 127, 54);
        }

        var width = 0.25 * Math.Pow(32, random.NextDouble());
        var height = width * 0.6;
        var (lat, lon) = Point(random);
        return new Box(lon - width / 2, lat - height / 2, lon + width / 2, lat + height / 2);
    }

    /// <summary>Three in four around the region's cities (where people and incidents are), one anywhere in the region.</summary>
    private static (double Lat, double Lon) Point(Random random)
    {
        (double Lat, double Lon)[] cities = [(40.84, 111.75), (40.65, 109.84), (42.26, 118.89), (43.65, 122.24), (49.21, 119.77), (39.61, 109.78), (40.75, 107.39), (41.03, 113.13), (43.93, 116.07)];
        if (random.Next(4) == 0)
        {
            return (37.5 + random.NextDouble() * 15, 97.5 + random.NextDouble() * 28);
        }

        var c = cities[random.Next(cities.Length)];
        return (c.Lat + (random.NextDouble() - 0.5) * 3, c.Lon + (random.NextDouble() - 0.5) * 4);
    }

    private static async Task SeedAsync(DbConnection db, int count, DateTimeOffset now)
    {
        var counties = new List<Guid>();
        await using (var find = db.CreateCommand())
        {
            find.CommandText = "SELECT \"Id\" FROM jurisdictions WHERE \"Code\" NOT LIKE '%00' ORDER BY \"Code\"";
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                counties.Add(reader.GetFieldValue<Guid>(0));
            }
        }

        var random = new Random(2026);
        var incidents = Enumerable.Range(0, count).Select(i =>
        {
            var (lat, lon) = Point(random);
            var county = counties[random.Next(counties.Count)];
            var at = now - TimeSpan.FromSeconds(random.NextDouble() * Period.TotalSeconds);
            // One in ten known only by its county (no coordinates), as phone reports often are; one in five closed.
            var located = random.Next(10) != 0;
            return new Seeded(Guid.CreateVersion7(), "BENCH-" + i.ToString("D7", CultureInfo.InvariantCulture), county, "基准测试事件" + i.ToString(CultureInfo.InvariantCulture),
                1 + random.Next(4), at, located ? lat : null, located ? lon : null, random.Next(5) == 0 ? 2 : 1);
        }).ToList();
        if (db is NpgsqlConnection pg)
        {
            await using (var copy = await pg.BeginBinaryImportAsync("""
                COPY incidents.incidents ("Id", "Number", "OriginUnitId", "OriginJurisdictionId", "Title", "EventTypeCode", "Severity", "IsSensitive", "OccurredAt", "LearnedAt",
                    "LocationJurisdictionId", "Latitude", "Longitude", "Source", "Narrative", "Status", "ReportCount", "CreatedAt", "Version",
                    "Casualties_Affected", "Casualties_Deaths", "Casualties_DirectLossTenThousandYuan", "Casualties_Evacuated", "Casualties_Injured", "Casualties_Missing", "Casualties_Trapped", "IsDrill", "MapCell")
                FROM STDIN (FORMAT BINARY)
                """))
            {
                foreach (var s in incidents)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(s.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(s.Number, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(s.County, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(s.County, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(s.Title, NpgsqlDbType.Varchar);
                    await copy.WriteAsync("01001", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(s.Severity, NpgsqlDbType.Integer);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(s.At, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(s.At, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(s.County, NpgsqlDbType.Uuid);
                    await WriteNullable(copy, s.Lat);
                    await WriteNullable(copy, s.Lon);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync("基准测试", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(s.Status, NpgsqlDbType.Integer);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(s.At, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    for (var c = 0; c < 7; c++)
                    {
                        if (c == 2)
                        {
                            await copy.WriteAsync(0m, NpgsqlDbType.Numeric);
                        }
                        else
                        {
                            await copy.WriteAsync(0, NpgsqlDbType.Integer);
                        }
                    }

                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    if (Cell(s) is { } cell)
                    {
                        await copy.WriteAsync(cell, NpgsqlDbType.Integer);
                    }
                    else
                    {
                        await copy.WriteNullAsync();
                    }
                }

                await copy.CompleteAsync();
            }

            await using var analyze = pg.CreateCommand();
            // As after any bulk load (and as autovacuum would soon): statistics, and the visibility map index-only scans need.
            analyze.CommandText = "VACUUM ANALYZE incidents.incidents";
            await analyze.ExecuteNonQueryAsync();
            return;
        }

        var sqlite = (SqliteConnection)db;
        await using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var tx = await sqlite.BeginTransactionAsync();
        await using var insert = sqlite.CreateCommand();
        insert.CommandText = """
            INSERT INTO incidents_incidents ("Id", "Number", "OriginUnitId", "OriginJurisdictionId", "Title", "EventTypeCode", "Severity", "IsSensitive", "OccurredAt", "LearnedAt",
                "LocationJurisdictionId", "Latitude", "Longitude", "Source", "Narrative", "Status", "ReportCount", "CreatedAt", "Version",
                "Casualties_Affected", "Casualties_Deaths", "Casualties_DirectLossTenThousandYuan", "Casualties_Evacuated", "Casualties_Injured", "Casualties_Missing", "Casualties_Trapped", "IsDrill", "MapCell")
            VALUES ($id, $number, $county, $county, $title, '01001', $severity, 0, $at, $at, $county, $lat, $lon, 1, '基准测试', $status, 1, $at, 1, 0, 0, '0.0', 0, 0, 0, 0, 0, $cell)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var number = insert.Parameters.Add("$number", SqliteType.Text);
        var countyParameter = insert.Parameters.Add("$county", SqliteType.Text);
        var title = insert.Parameters.Add("$title", SqliteType.Text);
        var severity = insert.Parameters.Add("$severity", SqliteType.Integer);
        var atParameter = insert.Parameters.Add("$at", SqliteType.Integer);
        var latParameter = insert.Parameters.Add("$lat", SqliteType.Real);
        var lonParameter = insert.Parameters.Add("$lon", SqliteType.Real);
        var status = insert.Parameters.Add("$status", SqliteType.Integer);
        var cellParameter = insert.Parameters.Add("$cell", SqliteType.Integer);
        foreach (var s in incidents)
        {
            id.Value = s.Id.ToString().ToUpperInvariant();
            number.Value = s.Number;
            countyParameter.Value = s.County.ToString().ToUpperInvariant();
            title.Value = s.Title;
            severity.Value = s.Severity;
            atParameter.Value = s.At.UtcTicks;
            latParameter.Value = (object?)s.Lat ?? DBNull.Value;
            lonParameter.Value = (object?)s.Lon ?? DBNull.Value;
            status.Value = s.Status;
            cellParameter.Value = (object?)Cell(s) ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        await using var analyzeSqlite = sqlite.CreateCommand();
        analyzeSqlite.CommandText = "ANALYZE";
        await analyzeSqlite.ExecuteNonQueryAsync();
    }

    /// <summary>The map's grid cell as Beacon stores it with an incident (<c>MapCells.Of</c>, decision 0019).</summary>
    private static int? Cell(Seeded s) =>
        s.Lat is { } lat && s.Lon is { } lon ? (int)((lat + 90) * 2) * 1000 + (int)((lon + 180) * 2) : null;

    private static async Task WriteNullable(NpgsqlBinaryImporter copy, double? value)
    {
        if (value is { } v)
        {
            await copy.WriteAsync(v, NpgsqlDbType.Double);
        }
        else
        {
            await copy.WriteNullAsync();
        }
    }

    private sealed record Seeded(Guid Id, string Number, Guid County, string Title, int Severity, DateTimeOffset At, double? Lat, double? Lon, int Status);

    /// <summary>
    /// The baseline: the layer's read of the incidents with coordinates in the box (period, box, newest first, 2,001 rows)
    /// answered by reading every row (SQLite <c>NOT INDEXED</c>; PostgreSQL with index and bitmap scans off), in process.
    /// Its count is compared with Beacon's points where Beacon's answer was not truncated.
    /// </summary>
    private static async Task<(double[] Ms, int[] Found)> FullScanAsync(DbConnection db, bool sqlite, List<Box> boxes, DateTimeOffset from, DateTimeOffset to)
    {
        if (!sqlite)
        {
            await using var off = db.CreateCommand();
            off.CommandText = "SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off;";
            await off.ExecuteNonQueryAsync();
        }

        var table = sqlite ? "incidents_incidents NOT INDEXED" : "incidents.incidents";
        var times = new double[boxes.Count];
        var found = new int[boxes.Count];
        for (var i = 0; i < boxes.Count; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var scan = db.CreateCommand();
            scan.CommandText = $"""
                SELECT "Id", "Number", "Title", "Latitude", "Longitude", "LocationJurisdictionId", "Severity", "Status", "OccurredAt" FROM {table}
                WHERE "OccurredAt" >= @from AND "OccurredAt" < @to AND NOT "IsDrill"
                  AND "Longitude" >= @west AND "Longitude" <= @east AND "Latitude" >= @south AND "Latitude" <= @north
                ORDER BY "OccurredAt" DESC, "Id" LIMIT 2001
                """;
            Add(scan, "@from", sqlite ? from.UtcTicks : from);
            Add(scan, "@to", sqlite ? to.UtcTicks : to);
            Add(scan, "@west", boxes[i].West);
            Add(scan, "@east", boxes[i].East);
            Add(scan, "@south", boxes[i].South);
            Add(scan, "@north", boxes[i].North);
            var located = 0;
            var rows = 0;
            await using (var reader = await scan.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows++;
                    located += rows <= 2000 && !reader.IsDBNull(3) && !reader.IsDBNull(4) ? 1 : 0;
                }
            }

            times[i] = clock.Elapsed.TotalMilliseconds;
            found[i] = located;
        }

        return (times, found);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
