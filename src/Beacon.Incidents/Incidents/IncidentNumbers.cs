using System.Runtime.CompilerServices;
using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Incidents;

/// <summary>
/// The last incident number given per unit and year (事件编号计数), e.g. prefix <c>150203-2026-</c> → 42. One row
/// per prefix, incremented inside the transaction that stores the incident: concurrent first reports of one
/// unit wait for each other's row lock (PostgreSQL) or write lock (SQLite) and get distinct, consecutive numbers.
/// </summary>
internal sealed class IncidentNumberCounter
{
    public string Prefix { get; set; } = "";

    public int Last { get; set; }
}

internal static class IncidentNumbers
{
    /// <summary>Numbers asked for in one context, per prefix: a group commit takes them from the counter all at once.</summary>
    private sealed class Block
    {
        public int Wanted { get; set; }

        public int Next { get; set; }

        public int Last { get; set; }

        public object? Transaction { get; set; }

        /// <summary>Whether numbers are left of those taken in <paramref name="transaction"/> (a rollback gives them back).</summary>
        public bool HasNumbersIn(object? transaction) => Transaction == transaction && Next != 0 && Next <= Last;
    }

    private static readonly ConditionalWeakTable<BeaconDb, Dictionary<string, Block>> Blocks = [];

    /// <summary>
    /// Gives the entity staged in <paramref name="db"/> the next number of <paramref name="prefix"/> (<paramref name="assign"/>)
    /// inside the saving transaction, so a rollback gives the number back. All numbers of one prefix asked for in one
    /// context (the first reports of a group commit) are taken in one statement, in the order they were asked for.
    /// </summary>
    public static void Take(BeaconDb db, string prefix, Action<string> assign)
    {
        var blocks = Blocks.GetOrCreateValue(db);
        if (!blocks.TryGetValue(prefix, out var block))
        {
            blocks[prefix] = block = new Block();
        }

        block.Wanted++;
        db.BeforeSave(async (tx, ct) => assign(await NextAsync(tx, prefix, block, ct)));
    }

    private static async Task<string> NextAsync(BeaconDb db, string prefix, Block block, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction;
        if (!block.HasNumbersIn(transaction))
        {
            // The first number asked for in this transaction: take the numbers of every prefix wanted in this context
            // at once (numbers left over from a rolled-back transaction went back with it).
            var blocks = Blocks.GetOrCreateValue(db).Where(b => b.Value.Wanted > 0 && !b.Value.HasNumbersIn(transaction))
                .ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);
            blocks[prefix] = block;
            var lasts = await BumpAsync(db, blocks.ToDictionary(b => b.Key, b => Math.Max(1, b.Value.Wanted), StringComparer.Ordinal), ct);
            foreach (var (p, b) in blocks)
            {
                var count = Math.Max(1, b.Wanted);
                b.Last = lasts[p];
                b.Next = b.Last - count + 1;
                b.Transaction = transaction;
            }
        }

        block.Wanted--;
        return $"{prefix}{block.Next++:D4}";
    }

    /// <summary>
    /// Moves the counter of each prefix on by its count, in one statement for the prefixes already counted, and returns
    /// their new last numbers.
    /// </summary>
    private static async Task<Dictionary<string, int>> BumpAsync(BeaconDb db, Dictionary<string, int> counts, CancellationToken ct)
    {
        var lasts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var bump = db.NewCommand())
        {
            var cases = new System.Text.StringBuilder();
            var names = new List<string>();
            var i = 0;
            foreach (var (prefix, count) in counts)
            {
                cases.Append(System.Globalization.CultureInfo.InvariantCulture, $" WHEN @p{i} THEN @n{i}");
                names.Add($"@p{i}");
                bump.WithParameter($"@p{i}", prefix).WithParameter($"@n{i}", count);
                i++;
            }

            bump.CommandText = $"""UPDATE {db.TableOf<IncidentNumberCounter>()} SET "Last" = "Last" + CASE "Prefix"{cases} END WHERE "Prefix" IN ({string.Join(", ", names)}) RETURNING "Prefix", "Last" """;
            await using var rows = await bump.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct))
            {
                lasts[rows.GetString(0)] = Convert.ToInt32(rows.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        foreach (var (prefix, count) in counts.Where(c => !lasts.ContainsKey(c.Key)))
        {
            lasts[prefix] = await StartAsync(db, prefix, count, ct);
        }

        return lasts;
    }

    /// <summary>
    /// Starts the counter of a prefix seen for the first time after the highest number already stored (databases from
    /// before the counter), moved on by <paramref name="count"/>; returns its last number.
    /// </summary>
    private static async Task<int> StartAsync(BeaconDb db, string prefix, int count, CancellationToken ct)
    {
        var start = prefix.Length + 1;
        // Only numbers whose rest is a number count: a drill's "…-2026-D0001" shares the real prefix "…-2026-" (PostgreSQL
        // refuses to cast "D0001"; SQLite read it as 0), so a county's first real report of a year after a drill failed.
        // Table names come from the model (the module's schema or prefix); the values are parameters {0}…{3}.
        var next = await db.Database.SqlQuery<int>(System.Runtime.CompilerServices.FormattableStringFactory.Create($$"""
            INSERT INTO {{db.TableOf<IncidentNumberCounter>()}} AS c ("Prefix", "Last")
            VALUES ({0}, {1} + COALESCE((SELECT MAX(CAST(substr("Number", {2}) AS INTEGER)) FROM {{db.TableOf<Incident>()}} WHERE substr("Number", 1, {3}) = {0} AND substr("Number", {2}, 1) BETWEEN '0' AND '9'), 0))
            ON CONFLICT ("Prefix") DO UPDATE SET "Last" = c."Last" + {1}
            RETURNING "Last" AS "Value"
            """, prefix, count, start, prefix.Length)).ToListAsync(ct);
        return next[0];
    }
}
