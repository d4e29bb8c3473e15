using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources.Stock;

#pragma warning disable EF1002, EF1003 // The only text put into the SQL is the table name from the model; every value is a parameter.

/// <summary>Thrown inside a save when a batch has too little free stock; the save's transaction rolls back.</summary>
public sealed class StockShortException(Guid batchId) : Exception($"Batch {batchId} has too little free stock.")
{
    public Guid BatchId { get; } = batchId;
}

/// <summary>
/// The only writer of stock balances. Each change is one conditional UPDATE run inside the saving transaction
/// (<see cref="BeaconDb.BeforeSave(SaveStatement)"/>) together with the ledger row it balances: the database applies it atomically
/// (PostgreSQL locks the row and re-checks the condition; SQLite has one writer), and refuses it — rolling everything
/// back — when the balance would fall below what is reserved or the reservation below zero. So concurrent writers
/// never drive stock negative nor lose a movement, and the ledger always sums to the balance.
/// </summary>
internal static class StockLedger
{
    /// <summary>Adds <paramref name="delta"/> to the balance and <paramref name="reserve"/> to the reservation of a batch.</summary>
    /// <remarks>
    /// A plain command in the saving transaction (not <c>ExecuteSqlRaw</c>): it runs once per movement inside the group
    /// commit's batch, where EF's raw-SQL pipeline cost more than the statement.
    /// </remarks>
    public static Task ApplyAsync(BeaconDb db, Guid batchId, long delta, long reserve, CancellationToken ct) =>
        db.RunAsync([Update(db, batchId, delta, reserve)], ct);

    /// <summary>
    /// <see cref="ApplyAsync"/> as a statement of the save (<see cref="BeaconDb.BeforeSave(SaveStatement)"/>): in a group
    /// commit's batch the balance updates of all its movements go to the database together, each still checked on its
    /// own row count (decision 0042).
    /// </summary>
    public static void Stage(BeaconDb db, Guid batchId, long delta) => db.BeforeSave(Update(db, batchId, delta, 0));

    private static SaveStatement Update(BeaconDb db, Guid batchId, long delta, long reserve) => new(
        $"UPDATE {db.TableOf<StockBatch>()} SET \"Quantity\" = \"Quantity\" + @delta, \"Reserved\" = \"Reserved\" + @reserve " +
        "WHERE \"Id\" = @id AND \"Quantity\" + @delta >= \"Reserved\" + @reserve AND \"Reserved\" + @reserve >= 0",
        [("@delta", delta), ("@reserve", reserve), ("@id", db.IsSqlite ? batchId.ToString().ToUpperInvariant() : batchId)],
        changed =>
        {
            if (changed != 1)
            {
                throw new StockShortException(batchId);
            }
        });

    /// <summary>
    /// The batch of a warehouse, item and batch number, created empty when it does not exist yet (concurrent receipts of
    /// the same new batch meet in the unique index: the loser finds the winner's row).
    /// </summary>
    public static async Task<Guid> EnsureBatchAsync(BeaconDb db, StockBatch template, CancellationToken ct)
    {
        var table = db.TableOf<StockBatch>();
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {table} (\"Id\", \"WarehouseId\", \"JurisdictionId\", \"ItemId\", \"BatchNo\", \"Quantity\", \"Reserved\") " +
            "VALUES ({0}, {1}, {2}, {3}, {4}, 0, 0) ON CONFLICT (\"WarehouseId\", \"ItemId\", \"BatchNo\") DO NOTHING",
            [template.Id, template.WarehouseId, template.JurisdictionId, template.ItemId, template.BatchNo], ct);
        if (template.ProducedOn is { } produced)
        {
            await db.Database.ExecuteSqlRawAsync(
                $"UPDATE {table} SET \"ProducedOn\" = {{0}} WHERE \"WarehouseId\" = {{1}} AND \"ItemId\" = {{2}} AND \"BatchNo\" = {{3}} AND \"ProducedOn\" IS NULL",
                [produced, template.WarehouseId, template.ItemId, template.BatchNo], ct);
        }

        if (template.ExpiresOn is { } expires)
        {
            await db.Database.ExecuteSqlRawAsync(
                $"UPDATE {table} SET \"ExpiresOn\" = {{0}} WHERE \"WarehouseId\" = {{1}} AND \"ItemId\" = {{2}} AND \"BatchNo\" = {{3}} AND \"ExpiresOn\" IS NULL",
                [expires, template.WarehouseId, template.ItemId, template.BatchNo], ct);
        }

        return await db.Set<StockBatch>().AsNoTracking()
            .Where(b => b.WarehouseId == template.WarehouseId && b.ItemId == template.ItemId && b.BatchNo == template.BatchNo)
            .Select(b => b.Id).SingleAsync(ct);
    }
}
