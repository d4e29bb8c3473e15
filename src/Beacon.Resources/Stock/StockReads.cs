using Beacon.Platform.Data;
using Beacon.Resources.Registry;

namespace Beacon.Resources.Stock;

/// <summary>What the usual movement reads before it is saved: its batch with the item and the warehouse.</summary>
internal sealed record BatchRead(Guid Id, Guid ItemId, string BatchNo, bool HasProducedOn, bool HasExpiresOn, string Item, string Unit,
    Guid JurisdictionId, ResourceKind WarehouseKind);

/// <summary>
/// The one read of the movements' hot path (decision 0018, amended 2026-12-03), as plain SQL on a connection of its own: a
/// context and a LINQ query cost several times the query itself (the context's services, the query's parameters
/// extracted from its expression tree, and on SQLite the provider's functions registered on every connection a context
/// opens), and a movement pays it on every request. The caller checks the warehouse's jurisdiction against its scope.
/// </summary>
internal static class StockReads
{
    private static string? _sqliteSql;
    private static string? _postgresSql;

    /// <summary>
    /// The batch of <paramref name="warehouseId"/> named by <paramref name="batchId"/>, or (without one) by item and batch
    /// number; null when there is none.
    /// </summary>
    public static async Task<BatchRead?> BatchAsync(BeaconDbFactory dbs, Guid warehouseId, Guid? batchId, Guid? itemId, string batchNo, CancellationToken ct)
    {
        await using var connection = dbs.CreateReadConnection();
        var sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection;
        var sql = (sqlite ? _sqliteSql : _postgresSql) ?? Sql(dbs, sqlite);
        await connection.OpenAsync(ct);
        await using var read = connection.CreateCommand();
        read.CommandText = batchId is not null
            ? sql + " AND b.\"Id\" = @batch"
            : sql + " AND b.\"ItemId\" = @item AND b.\"BatchNo\" = @batchNo";
        read.WithParameter("@warehouse", Key(warehouseId, sqlite));
        if (batchId is { } id)
        {
            read.WithParameter("@batch", Key(id, sqlite));
        }
        else
        {
            read.WithParameter("@item", Key(itemId ?? Guid.Empty, sqlite)).WithParameter("@batchNo", batchNo);
        }

        await using var row = await read.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
        {
            return null;
        }

        return new BatchRead(row.GetGuid(0), row.GetGuid(1), row.GetString(2), !row.GetBoolean(3), !row.GetBoolean(4), row.GetString(5), row.GetString(6),
            row.GetGuid(7), (ResourceKind)row.GetInt32(8));
    }

    /// <summary>A key as the provider stores it: EF keeps a Guid as upper-case text on SQLite, as uuid on PostgreSQL.</summary>
    private static object Key(Guid id, bool sqlite) => sqlite ? id.ToString().ToUpperInvariant() : id;

    /// <summary>The read up to its last condition, with the tables' names from the model (once per provider).</summary>
    private static string Sql(BeaconDbFactory dbs, bool sqlite)
    {
        using var db = dbs.CreateForSystem();
        var sql = $"""
            SELECT b."Id", b."ItemId", b."BatchNo", b."ProducedOn" IS NULL, b."ExpiresOn" IS NULL, i."Name", i."Unit", w."JurisdictionId", w."Kind"
            FROM {db.TableOf<StockBatch>()} b
            JOIN {db.TableOf<SupplyItem>()} i ON i."Id" = b."ItemId"
            JOIN {db.TableOf<Resource>()} w ON w."Id" = b."WarehouseId"
            WHERE b."WarehouseId" = @warehouse
            """;
        return sqlite ? _sqliteSql = sql : _postgresSql = sql;
    }
}
