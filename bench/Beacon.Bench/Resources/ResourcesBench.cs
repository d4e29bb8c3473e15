using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Bench.Reports;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Beacon.Bench.Resources;

/// <summary>
/// Issue 17, acceptance 6, on SQLite and PostgreSQL (a throwaway cluster, as the reports benchmark). (1) Nearest-10 queries through the API over N resources (default 1,000,000, written
/// straight into Beacon's database, spread over the region like real ones: dense around cities, sparse elsewhere), next to
/// a brute-force scan of the same rows in the same run (every row's distance computed, the ten smallest kept: the
/// baseline is in-process, so it pays no HTTP at all). Goals: p95 under 10 ms and at least 20 times faster than the scan.
/// (2) Stock movements through the API by 16 concurrent writers on four batches of one warehouse (outs and receipts);
/// goal ≥ 2,000 per second, and afterwards every batch's balance is non-negative and equal to the sum of its ledger.
/// </summary>
internal static class ResourcesBench
{
    private const double NearestP95GoalMs = 10;
    private const double SpeedupGoal = 20;
    private const double MovementsGoal = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            o[args[i].TrimStart('-')] = args[i + 1];
        }

        if (!o.TryGetValue("beacon", out var beaconDll))
        {
            await Console.Error.WriteLineAsync("usage: … resources --beacon PATH [--resources N] [--queries N] [--seconds N] [--warmup N] [--providers sqlite,postgres] [--dotnet PATH]");
            return 2;
        }

        var count = int.Parse(o.GetValueOrDefault("resources", "1000000"), CultureInfo.InvariantCulture);
        var queries = int.Parse(o.GetValueOrDefault("queries", "1000"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(o.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
        // The same movements first, unmeasured, so the measured phase is the server's steady state and not the JIT's tier-up
        // of its first half-minute (decision 0037); the reports benchmark's --warmup does the same.
        var warmup = int.Parse(o.GetValueOrDefault("warmup", "30"), CultureInfo.InvariantCulture);
        var dotnet = o.GetValueOrDefault("dotnet", "dotnet");
        var providers = o.GetValueOrDefault("providers", "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Console.WriteLine($"Resources: nearest-10 over {count:N0} resources, {queries:N0} queries; stock movements by 16 writers for {seconds} s after {warmup} s of warm-up; {string.Join(", ", providers)}");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} processors, .NET {Environment.Version}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {ReportsBench.LoadAverages()}");
        foreach (var provider in providers)
        {
            ThrowawayPostgres? pg = null;
            try
            {
                if (provider == "postgres")
                {
                    var bin = ThrowawayPostgres.FindBin();
                    if (bin is null)
                    {
                        Console.WriteLine("  postgres: no binaries under /usr/lib/postgresql; lane skipped (FAIL)");
                        continue;
                    }

                    pg = await ThrowawayPostgres.StartAsync(bin);
                    Console.WriteLine($"  postgres: throwaway cluster on port {pg.Port} (fsync on, synchronous_commit on)");
                }

                await RunLaneAsync(dotnet, beaconDll, pg, count, queries, seconds, warmup);
            }
            finally
            {
                if (pg is not null)
                {
                    await pg.DisposeAsync();
                }
            }
        }

        return 0;
    }

    /// <summary>Table names of one lane: SQLite prefixes the module's schema, PostgreSQL has schemas.</summary>
    private sealed record Lane(string Name, string Resources, string Batches, string Movements, Func<DbConnection> Connect)
    {
        public bool IsSqlite => Name == "SQLite";
    }

    private static async Task RunLaneAsync(string dotnet, string beaconDll, ThrowawayPostgres? pg, int count, int queries, int seconds, int warmup)
    {
        var folder = Directory.CreateTempSubdirectory("beacon-bench-resources-").FullName;
        try
        {
            var connectionString = pg is null ? "" : await pg.CreateDatabaseAsync("beacon");
            var env = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Beacon__Demo"] = "false",
                ["Beacon__DataFolder"] = folder,
                ["Beacon__Database__Provider"] = pg is null ? "Sqlite" : "Postgres",
                ["Beacon__Database__ConnectionString"] = connectionString,
            };
            var file = Path.Combine(folder, "beacon.db");
            var lane = pg is null
                ? new Lane("SQLite", "resources_resources", "resources_stock_batches", "resources_stock_movements", () => new SqliteConnection($"Data Source={file}"))
                : new Lane("PostgreSQL", "resources.resources", "resources.stock_batches", "resources.stock_movements", () => new NpgsqlConnection(connectionString));
            Console.WriteLine();
            Console.WriteLine($"### {lane.Name}");
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "migrate");
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "seed");
            var secret = ReportsBench.Secrets(await ReportsBench.CliAsync(dotnet, beaconDll, env, "create-token", "--name", "bench-resources", "--jurisdiction", "150000",
                "--roles", "DutyOfficer", "--days", "1")).Single();
            var seeding = Stopwatch.StartNew();
            await SeedAsync(lane, count);
            Console.WriteLine($"  {count:N0} resources written into Beacon's database in {seeding.Elapsed.TotalSeconds:0.0} s; load average {ReportsBench.LoadAverages()}");

            var random = new Random(17);
            var points = Enumerable.Range(0, queries).Select(_ => Point(random)).ToList();
            double[] nearestMs;
            double movementsPerSecond;
            int refused;
            (bool Ok, string Detail) invariant;
            await using (var beacon = await AppProcess.StartAsync(dotnet, beaconDll, env))
            {
                using var http = new HttpClient { BaseAddress = beacon.Url, Timeout = TimeSpan.FromSeconds(60) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                foreach (var p in points.Take(50))
                {
                    (await http.GetAsync(NearestUrl(p))).EnsureSuccessStatusCode();
                }

                nearestMs = new double[points.Count];
                for (var i = 0; i < points.Count; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(NearestUrl(points[i]));
                    response.EnsureSuccessStatusCode();
                    var found = await response.Content.ReadFromJsonAsync<JsonElement>();
                    nearestMs[i] = clock.Elapsed.TotalMilliseconds;
                    if (found.GetArrayLength() != 10)
                    {
                        throw new InvalidOperationException($"nearest answered {found.GetArrayLength()} resources");
                    }
                }

                Console.WriteLine($"  nearest done; load average {ReportsBench.LoadAverages()}");
                var stock = await StockAsync(http);
                if (warmup > 0)
                {
                    var cold = beacon.CpuTime();
                    var (warmRate, _) = await MovementsAsync(http, stock, warmup);
                    Console.WriteLine(FormattableString.Invariant(
                        $"  warm-up: {warmup} s of the same movements, {warmRate:N0}/s, server CPU {(beacon.CpuTime() - cold).TotalMilliseconds / (warmRate * warmup):0.000} ms each (not measured); load average {ReportsBench.LoadAverages()}"));
                }

                var serverCpu = beacon.CpuTime();
                var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var movementsClock = Stopwatch.StartNew();
                (movementsPerSecond, refused) = await MovementsAsync(http, stock, seconds);
                var moved = movementsPerSecond * movementsClock.Elapsed.TotalSeconds;
                Console.WriteLine(FormattableString.Invariant(
                    $"  movements: server CPU {(beacon.CpuTime() - serverCpu).TotalMilliseconds / moved:0.000} ms each, this process (16 writers) {(Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMilliseconds / moved:0.000} ms each; load average {ReportsBench.LoadAverages()}"));
                await PrintGroupCommitAsync(http);
            }

            invariant = await InvariantAsync(lane);
            var bruteMs = await BruteForceAsync(lane, points.Take(Math.Min(30, points.Count)).ToList());
            Array.Sort(nearestMs);
            Array.Sort(bruteMs);
            var p50 = ReportsBench.P(nearestMs, 50);
            var p95 = ReportsBench.P(nearestMs, 95);
            var bruteP50 = ReportsBench.P(bruteMs, 50);
            var bruteP95 = ReportsBench.P(bruteMs, 95);
            var speedup = bruteP50 / p50;
            Console.WriteLine();
            Console.WriteLine($"| measure ({lane.Name}) | Beacon (API, grid cells) | baseline (brute-force scan, in process) | ratio |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            Console.WriteLine(FormattableString.Invariant($"| nearest-10 p50 (ms) | {p50:0.00} | {bruteP50:0.0} | {speedup:0}× |"));
            Console.WriteLine(FormattableString.Invariant($"| nearest-10 p95 (ms) | {p95:0.00} | {bruteP95:0.0} | {bruteP95 / p95:0}× |"));
            Console.WriteLine(FormattableString.Invariant($"| nearest-10 max (ms) | {nearestMs[^1]:0.00} | {bruteMs[^1]:0.0} | |"));
            Console.WriteLine(FormattableString.Invariant($"| stock movements per second (16 writers) | {movementsPerSecond:N0} ({refused:N0} refused for want of stock) | | |"));
            Console.WriteLine($"| ledger = balance ≥ 0 on every batch | {invariant.Detail} | | |");
            Console.WriteLine();
            Console.WriteLine($"goal nearest p95 < {NearestP95GoalMs} ms: {(p95 < NearestP95GoalMs ? "PASS" : "FAIL")}; ≥ {SpeedupGoal}× the scan: {(speedup >= SpeedupGoal ? "PASS" : "FAIL")}");
            Console.WriteLine($"goal ≥ {MovementsGoal:N0} movements/s with the invariant intact: {(movementsPerSecond >= MovementsGoal && invariant.Ok ? "PASS" : "FAIL")}");
            Console.WriteLine($"  load average after: {ReportsBench.LoadAverages()}");
        }
        finally
        {
            ReportsBench.TryDelete(folder);
        }
    }

    private static string NearestUrl((double Lat, double Lon) p) =>
        FormattableString.Invariant($"api/v1/resources/nearest?latitude={p.Lat:0.00000}&longitude={p.Lon:0.00000}&take=10");

    /// <summary>Three in four points around the region's cities (where resources cluster), one anywhere in the region.</summary>
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

    private static long CellOf(double lat, double lon) =>
        (long)Math.Clamp((int)Math.Floor((lat + 90) / 0.1), 0, 1799) * 3600 + Math.Clamp((int)Math.Floor((lon + 180) / 0.1), 0, 3599);

    private static async Task SeedAsync(Lane lane, int count)
    {
        await using var db = lane.Connect();
        await db.OpenAsync();
        await using var find = db.CreateCommand();
        find.CommandText = "SELECT \"Id\" FROM jurisdictions WHERE \"Code\" = '150000'";
        var owner = await find.ExecuteScalarAsync();
        var random = new Random(2026);
        if (db is NpgsqlConnection npgsql)
        {
            await using (var copy = await npgsql.BeginBinaryImportAsync(
                $"COPY {lane.Resources} (\"Id\", \"Kind\", \"Name\", \"JurisdictionId\", \"OwnerUnit\", \"Category\", \"Specialities\", \"Address\", \"Latitude\", \"Longitude\", \"Cell\", " +
                "\"Readiness\", \"IsShared\", \"Contact\", \"Phone\", \"Details\", \"CreatedAt\", \"CreatedBy\", \"Version\") FROM STDIN (FORMAT BINARY)"))
            {
                var ownerId = (Guid)owner!;
                var at = DateTimeOffset.UnixEpoch;
                for (var i = 0; i < count; i++)
                {
                    var p = Point(random);
                    await copy.StartRowAsync();
                    await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlTypes.NpgsqlDbType.Uuid);
                    await copy.WriteAsync(1 + i % 5, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteAsync("资源" + i.ToString(CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(ownerId, NpgsqlTypes.NpgsqlDbType.Uuid);
                    await copy.WriteAsync("基准测试", NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync("", NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(",flood,", NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync("", NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p.Lat, NpgsqlTypes.NpgsqlDbType.Double);
                    await copy.WriteAsync(p.Lon, NpgsqlTypes.NpgsqlDbType.Double);
                    await copy.WriteAsync(CellOf(p.Lat, p.Lon), NpgsqlTypes.NpgsqlDbType.Bigint);
                    await copy.WriteAsync(1, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteAsync(false, NpgsqlTypes.NpgsqlDbType.Boolean);
                    await copy.WriteAsync("", NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync("", NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync("", NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(1, NpgsqlTypes.NpgsqlDbType.Integer);
                }

                await copy.CompleteAsync();
            }

            // As after any bulk load: statistics for the planner, and the visibility map for index-only scans.
            await using var vacuum = db.CreateCommand();
            vacuum.CommandText = $"VACUUM ANALYZE {lane.Resources}";
            vacuum.CommandTimeout = 600;
            await vacuum.ExecuteNonQueryAsync();
            return;
        }

        await using (var pragma = db.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var tx = await db.BeginTransactionAsync();
        await using var insert = (SqliteCommand)db.CreateCommand();
        insert.CommandText = """
            INSERT INTO resources_resources ("Id", "Kind", "Name", "JurisdictionId", "OwnerUnit", "Category", "Specialities", "Address", "Latitude", "Longitude", "Cell",
                "Readiness", "IsShared", "Contact", "Phone", "Details", "CreatedAt", "CreatedBy", "Version")
            VALUES ($id, $kind, $name, $owner, '基准测试', '', ',flood,', '', $lat, $lon, $cell, 1, 0, '', '', '', 0, 'bench', 1)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var kind = insert.Parameters.Add("$kind", SqliteType.Integer);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        insert.Parameters.AddWithValue("$owner", (string)owner!);
        var lat = insert.Parameters.Add("$lat", SqliteType.Real);
        var lon = insert.Parameters.Add("$lon", SqliteType.Real);
        var cell = insert.Parameters.Add("$cell", SqliteType.Integer);
        for (var i = 0; i < count; i++)
        {
            var p = Point(random);
            id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            kind.Value = 1 + i % 5;
            name.Value = "资源" + i.ToString(CultureInfo.InvariantCulture);
            lat.Value = p.Lat;
            lon.Value = p.Lon;
            cell.Value = CellOf(p.Lat, p.Lon);
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>The baseline: every row read and its distance computed, the ten nearest kept.</summary>
    private static async Task<double[]> BruteForceAsync(Lane lane, List<(double Lat, double Lon)> points)
    {
        await using var db = lane.Connect();
        await db.OpenAsync();
        var times = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var scan = db.CreateCommand();
            scan.CommandText = $"SELECT \"Id\", \"Latitude\", \"Longitude\" FROM {lane.Resources}";
            var best = new PriorityQueue<object, double>();
            await using (var reader = await scan.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var d = Haversine(points[i].Lat, points[i].Lon, reader.GetDouble(1), reader.GetDouble(2));
                    best.Enqueue(reader.GetValue(0), -d);
                    if (best.Count > 10)
                    {
                        best.Dequeue();
                    }
                }
            }

            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        return times;
    }

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * 6371.0088 * Math.Asin(Math.Sqrt(h));
    }

    /// <summary>A warehouse with four batches of one supply, 1,000 each: what the 16 writers move in and out.</summary>
    private static async Task<(Guid Warehouse, Guid Item, List<Guid> Batches)> StockAsync(HttpClient http)
    {
        var warehouse = await IdAsync(await http.PostAsJsonAsync("api/v1/resources", new
        {
            kind = "Warehouse",
            name = "基准测试储备库",
            ownerUnit = "基准测试",
            latitude = 40.65,
            longitude = 109.84,
        }));
        using var supplies = JsonDocument.Parse(await http.GetStringAsync("api/v1/supplies"));
        var item = supplies.RootElement.GetProperty("items")[0].GetProperty("id").GetGuid();
        var batches = new List<Guid>();
        for (var b = 0; b < 4; b++)
        {
            using var received = await http.PostAsJsonAsync($"api/v1/warehouses/{warehouse}/movements", new { kind = "In", itemId = item, batchNo = $"BENCH-{b}", quantity = 1000 });
            received.EnsureSuccessStatusCode();
            batches.Add((await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid());
        }

        return (warehouse, item, batches);
    }

    private static async Task<(double PerSecond, int Refused)> MovementsAsync(HttpClient http, (Guid Warehouse, Guid Item, List<Guid> Batches) stock, int seconds)
    {
        var (warehouse, item, batches) = stock;
        var done = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async w =>
        {
            var random = new Random(w);
            while (clock.Elapsed < until)
            {
                var b = random.Next(batches.Count);
                using var response = random.Next(2) == 0
                    ? await http.PostAsJsonAsync($"api/v1/warehouses/{warehouse}/movements", new { kind = "In", itemId = item, batchNo = $"BENCH-{b}", quantity = random.Next(1, 5) })
                    : await http.PostAsJsonAsync($"api/v1/warehouses/{warehouse}/movements", new { kind = "Out", batchId = batches[b], quantity = random.Next(1, 5) });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref done);
                }
                else if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref refused);
                }
                else
                {
                    throw new InvalidOperationException($"movement answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        return (done / clock.Elapsed.TotalSeconds, refused);
    }

    /// <summary>The write path's own figures (batch sizes, time per batch, queue wait) from <c>/metrics</c>: where a movement's time goes.</summary>
    private static async Task PrintGroupCommitAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("metrics");
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("beacon_group_commit_", StringComparison.Ordinal) && (l.Contains("_sum", StringComparison.Ordinal) || l.Contains("_count", StringComparison.Ordinal))))
        {
            Console.WriteLine($"  {line}");
        }
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
    }

    private static async Task<(bool Ok, string Detail)> InvariantAsync(Lane lane)
    {
        await using var db = lane.Connect();
        await db.OpenAsync();
        await using var check = db.CreateCommand();
        check.CommandText = $"""
            SELECT b."BatchNo", b."Quantity", (SELECT COALESCE(SUM(m."Delta"), 0) FROM {lane.Movements} m WHERE m."BatchId" = b."Id"),
                   (SELECT COUNT(*) FROM {lane.Movements} m WHERE m."BatchId" = b."Id")
            FROM {lane.Batches} b WHERE b."BatchNo" LIKE 'BENCH-%' ORDER BY b."BatchNo"
            """;
        var ok = true;
        var parts = new List<string>();
        await using var reader = await check.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var quantity = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            var ledger = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            ok &= quantity >= 0 && quantity == ledger;
            parts.Add(FormattableString.Invariant($"{reader.GetString(0)}: {quantity} = {ledger} over {Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture):N0} rows"));
        }

        return (ok, (ok ? "holds — " : "BROKEN — ") + string.Join("; ", parts));
    }
}
