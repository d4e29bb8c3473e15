using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Audit;

/// <summary>Appends to and verifies the hash chain of the audit trail.</summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Seals the rows written since the last seal, oldest first, up to <paramref name="max"/> of them: each gets the
    /// next sequence number and the hash of its content chained to the previous row's, and the head moves on, in one
    /// transaction. Updating the head row first takes its lock, so sealers on every node take turns and the chain has
    /// no forks or gaps; the writes being sealed never wait for this lock. Returns how many rows were sealed.
    /// </summary>
    public static async Task<int> SealAsync(BeaconDb db, int max = 2000, CancellationToken ct = default)
    {
        // Idle: a read, no write transaction and no lock.
        if (!await db.AuditEntries.AnyAsync(e => e.Sequence == null, ct))
        {
            return 0;
        }

        var gate = db.IsSqlite ? SqliteWriteGate.For(db.Database.GetConnectionString()) : null;
        if (gate is not null)
        {
            await gate.WaitAsync(ct);
        }

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await using var head = await TakeHeadAsync(db, ct);
            var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == null)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Take(max).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return 0;
            }

            await head.ChainAsync(rows, ct);
            await PlainRows.UpdateAsync(db, rows, SealColumns, ct);
            await tx.CommitAsync(ct);
            return rows.Count;
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>
    /// Seals <paramref name="entries"/>, not yet written, in the saving transaction of <paramref name="db"/>: each gets the
    /// next sequence number and its chained hash, and the head moves on, so the rows are inserted already sealed and
    /// no sealer has to read and update them again. Taking the head's lock inside a writer's transaction costs nothing
    /// where writers take turns anyway (SQLite's one writer, a group commit's lane); elsewhere the sealer does it after
    /// the commit (decision 0007). Decision 0010.
    /// </summary>
    public static async Task SealNewAsync(BeaconDb db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var head = await TakeHeadAsync(db, ct);
        await head.ChainAsync(entries, ct);
    }

    /// <summary>
    /// Locks the chain head in the current transaction (updating it first: sealers on every node take turns) and reads
    /// where the chain ends. Plain commands: this runs in every saving transaction on SQLite.
    /// </summary>
    private static async Task<Head> TakeHeadAsync(BeaconDb db, CancellationToken ct)
    {
        var command = db.NewCommand();
        command.CommandText = """UPDATE audit_chain_head SET "LastSequence" = "LastSequence" WHERE "Id" = 1 RETURNING "LastSequence", "LastHash" """;
        await using var row = await command.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
        {
            await command.DisposeAsync();
            throw new InvalidOperationException("The audit chain has no head row; run the migrations.");
        }

        return new Head(command, row.GetInt64(0), row.GetString(1));
    }

    /// <summary>The locked end of the chain: gives rows their sequence and chained hash, then moves the head past them.</summary>
    private sealed class Head(System.Data.Common.DbCommand command, long sequence, string previous) : IAsyncDisposable
    {
        public async Task ChainAsync(IEnumerable<AuditEntry> rows, CancellationToken ct)
        {
            foreach (var row in rows)
            {
                row.Sequence = ++sequence;
                row.PreviousHash = previous;
                row.Hash = row.ComputeHash();
                previous = row.Hash;
            }

            command.CommandText = """UPDATE audit_chain_head SET "LastSequence" = @sequence, "LastHash" = @hash WHERE "Id" = 1""";
            await command.WithParameter("@sequence", sequence).WithParameter("@hash", previous).ExecuteNonQueryAsync(ct);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>Seals until nothing written before this call is left unsealed.</summary>
    public static async Task SealAllAsync(BeaconDb db, CancellationToken ct = default)
    {
        const int Batch = 2000;
        while (await SealAsync(db, Batch, ct) == Batch)
        {
        }
    }

    private static readonly string[] SealColumns = [nameof(AuditEntry.Sequence), nameof(AuditEntry.PreviousHash), nameof(AuditEntry.Hash)];

    /// <summary>
    /// Seals what is pending, then walks the whole chain in order and reports every row whose content no longer
    /// matches its hash, whose link to the previous row is broken, or that is missing or inserted out of sequence.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(BeaconDb db, CancellationToken ct = default)
    {
        await SealAllAsync(db, ct);
        var problems = new List<AuditProblem>();
        var expectedSequence = 1L;
        var previous = GenesisHash;
        long checkedRows = 0;
        const int Batch = 5000;
        long after = 0;
        while (true)
        {
            var rows = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence != null && e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(Batch)
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                break;
            }

            foreach (var row in rows)
            {
                checkedRows++;
                var rowSequence = row.Sequence!.Value;
                if (rowSequence != expectedSequence)
                {
                    problems.Add(new AuditProblem(rowSequence, row.Id, rowSequence > expectedSequence
                        ? $"missing rows {expectedSequence}..{rowSequence - 1}"
                        : "sequence out of order"));
                }

                if (row.PreviousHash != previous)
                {
                    problems.Add(new AuditProblem(rowSequence, row.Id, "link to the previous row is broken"));
                }

                if (row.ComputeHash() != row.Hash)
                {
                    problems.Add(new AuditProblem(rowSequence, row.Id, "content does not match its hash (altered)"));
                }

                previous = row.Hash ?? "";
                expectedSequence = rowSequence + 1;
            }

            after = rows[^1].Sequence!.Value;
        }

        var head = await db.AuditHead.AsNoTracking().SingleOrDefaultAsync(ct);
        if (head is not null)
        {
            if (head.LastSequence != expectedSequence - 1)
            {
                problems.Add(new AuditProblem(head.LastSequence, null,
                    $"chain head says {head.LastSequence} rows, found {expectedSequence - 1} (rows missing at the end)"));
            }
            else if (head.LastHash != previous)
            {
                problems.Add(new AuditProblem(head.LastSequence, null, "last row does not match the chain head"));
            }
        }

        return new AuditVerification(checkedRows, problems);
    }
}

public sealed record AuditProblem(long Sequence, Guid? Id, string Reason);

public sealed record AuditVerification(long RowsChecked, IReadOnlyList<AuditProblem> Problems)
{
    public bool IsIntact => Problems.Count == 0;
}
