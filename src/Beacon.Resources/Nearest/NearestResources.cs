using System.Data.Common;
using System.Globalization;
using System.Text;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Resources.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources.Nearest;

/// <summary>A resource found near a point: its distance in km and its jurisdiction chain (in the view).</summary>
public sealed record NearResource(ResourceView Resource, double DistanceKm);

/// <summary>What to look for near a point.</summary>
public sealed record NearestQuery(double Latitude, double Longitude, int Take = 10, ResourceKind? Kind = null, string? Speciality = null, Readiness? Readiness = null);

/// <summary>
/// The nearest resources to a point (就近调度). Reads the grid-cell index ring by ring (<see cref="GeoGrid"/>): the
/// square of cells around the point grows until the k-th nearest found is nearer than anything outside the square can
/// be, so only a few hundred rows are read out of millions; then checks scope (own jurisdiction and below, or offered
/// for sharing) and returns the views. Distances are great-circle (haversine); ties go by id.
/// </summary>
public sealed class NearestResourcesHandler(BeaconDbFactory dbs, ScopeService scopes, ResourcesHandler resources)
{
    private static readonly int[] Rings = [0, 1, 2, 4, 8, 16, 32, 64];

    public async Task<IResult> HandleAsync(double? latitude, double? longitude, int? take, ResourceKind? kind, string? speciality, Readiness? readiness, CancellationToken ct)
    {
        if (latitude is not { } lat || longitude is not { } lon || !ResourcesHandler.Region.Contains(lon, lat))
        {
            return ApiResults.Invalid("latitude", ResourceErrors.Point, "latitude and longitude must be a point within the region");
        }

        if (take is < 1 or > 50)
        {
            return ApiResults.Invalid("take", ResourceErrors.Take, "must be between 1 and 50");
        }

        if (speciality is { Length: > 0 } s && !Specialities.IsKnown(s))
        {
            return ApiResults.Invalid("speciality", ResourceErrors.Speciality, "is not a known speciality");
        }

        return TypedResults.Ok(await FindAsync(new NearestQuery(lat, lon, take ?? 10, kind, speciality, readiness), ct));
    }

    public async Task<IReadOnlyList<NearResource>> FindAsync(NearestQuery q, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var hits = await SearchAsync(db, scope, q, ct);
        var ids = hits.Select(h => h.Id).ToList();
        var rows = await db.Set<Resource>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var views = (await resources.ViewsAsync(rows, ct)).ToDictionary(v => v.Id);
        return [.. hits.Select(h => new NearResource(views[h.Id], Math.Round(h.DistanceKm, 3)))];
    }

    /// <summary>A candidate read from the index.</summary>
    internal readonly record struct Hit(Guid Id, double DistanceKm);

    /// <summary>The ring-by-ring search itself: ids and distances of the <c>Take</c> nearest visible matches.</summary>
    internal static async Task<List<Hit>> SearchAsync(BeaconDb db, DataScope scope, NearestQuery q, CancellationToken ct)
    {
        var row = GeoGrid.RowOf(q.Latitude);
        var col = GeoGrid.ColumnOf(q.Longitude);
        var found = new List<Hit>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var inner = -1;
            foreach (var outer in Rings)
            {
                if (found.Count >= q.Take)
                {
                    // Enough found: only the cells that may hold something nearer than the k-th are left to read, all of
                    // them inside the smallest square beyond which everything is farther. One query, then the answer.
                    var kth = found[q.Take - 1].DistanceKm;
                    var half = inner;
                    while (half < Rings[^1] && GeoGrid.DistanceOutsideKm(q.Latitude, q.Longitude, row - half, row + half, col - half, col + half) < kth)
                    {
                        half++;
                    }

                    if (GeoGrid.DistanceOutsideKm(q.Latitude, q.Longitude, row - half, row + half, col - half, col + half) >= kth)
                    {
                        var cells = GeoGrid.CellsWithin(q.Latitude, q.Longitude, row, col, inner, half, kth);
                        if (cells.Count > 0)
                        {
                            await ReadAsync(connection, Sql(db, q, cells), scope, q, found, ct);
                            found.Sort(Compare);
                        }

                        return found[..q.Take];
                    }
                }

                var ranges = GeoGrid.Ring(row, col, inner, outer);
                await ReadAsync(connection, Sql(db, q, ranges), scope, q, found, ct);
                inner = outer;
                found.Sort(Compare);
                var bound = GeoGrid.DistanceOutsideKm(q.Latitude, q.Longitude, row - outer, row + outer, col - outer, col + outer);
                if (found.Count >= q.Take && found[q.Take - 1].DistanceKm <= bound)
                {
                    return found[..q.Take];
                }
            }

            // Few matches near the point (a rare kind or speciality): read the rest of the matches outside the square.
            var last = Rings[^1];
            var outside = $"NOT (\"Cell\" / {GeoGrid.Columns} BETWEEN {row - last} AND {row + last} AND \"Cell\" % {GeoGrid.Columns} BETWEEN {col - last} AND {col + last})";
            await ReadAsync(connection, Sql(db, q, null, outside), scope, q, found, ct);
            found.Sort(Compare);
            return found.Count > q.Take ? found[..q.Take] : found;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The brute-force answer (every matching row's distance), for tests and the benchmark's baseline.</summary>
    internal static async Task<List<Hit>> BruteForceAsync(BeaconDb db, DataScope scope, NearestQuery q, CancellationToken ct)
    {
        var found = new List<Hit>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await ReadAsync(db.Database.GetDbConnection(), Sql(db, q, null), scope, q, found, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        found.Sort(Compare);
        return found.Count > q.Take ? found[..q.Take] : found;
    }

    private static int Compare(Hit a, Hit b)
    {
        var c = a.DistanceKm.CompareTo(b.DistanceKm);
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    }

    /// <summary>
    /// The candidates' query. Every value in it is a number made here or a validated speciality code, so it is written
    /// inline: the ranges change with every point, and inline numbers let each database use its index on the cell.
    /// </summary>
    private static string Sql(BeaconDb db, NearestQuery q, List<(long From, long To)>? ranges, string? extra = null)
    {
        var sql = new StringBuilder("SELECT \"Id\", \"Latitude\", \"Longitude\", \"JurisdictionId\", \"IsShared\" FROM ");
        sql.Append(db.TableOf<Resource>()).Append(" WHERE 1 = 1");
        if (ranges is not null)
        {
            sql.Append(" AND (");
            for (var i = 0; i < ranges.Count; i++)
            {
                sql.Append(i == 0 ? "" : " OR ").Append(CultureInfo.InvariantCulture, $"\"Cell\" BETWEEN {ranges[i].From} AND {ranges[i].To}");
            }

            sql.Append(ranges.Count == 0 ? "1 = 0)" : ")");
        }

        if (extra is not null)
        {
            sql.Append(" AND ").Append(extra);
        }

        if (q.Kind is { } kind)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND \"Kind\" = {(int)kind}");
        }

        if (q.Readiness is { } readiness)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND \"Readiness\" = {(int)readiness}");
        }

        if (q.Speciality is { Length: > 0 } s && Specialities.IsKnown(s))
        {
            sql.Append(" AND \"Specialities\" LIKE '%,").Append(s).Append(",%'");
        }

        return sql.ToString();
    }

    private static async Task ReadAsync(DbConnection connection, string sql, DataScope scope, NearestQuery q, List<Hit> found, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var jurisdiction = reader.GetGuid(3);
            if (!scope.Contains(jurisdiction) && !reader.GetBoolean(4))
            {
                continue;
            }

            found.Add(new Hit(reader.GetGuid(0), GeoGrid.DistanceKm(q.Latitude, q.Longitude, reader.GetDouble(1), reader.GetDouble(2))));
        }
    }
}

internal static class NearestEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/resources/nearest", (NearestResourcesHandler h, double? latitude, double? longitude, int? take, ResourceKind? kind, string? speciality,
                Readiness? readiness, CancellationToken ct) => h.HandleAsync(latitude, longitude, take, kind, speciality, readiness, ct))
            .WithName("NearestResources").WithTags("Resources")
            .Produces<IReadOnlyList<NearResource>>()
            .WithSummary("The nearest resources the caller may read to a point (distance in km, jurisdiction chain), nearest first; take 1–50 (default 10), complete and unpaged; filters kind, speciality, readiness");
}
