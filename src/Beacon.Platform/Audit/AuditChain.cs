using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
    public static async Task<int> SealAsync(BeaconDb db, int max = 2000, CancellationToken ct = default) =>
        (await SealBatchAsync(db, max, 0, ct)).Sealed;

    /// <summary>
    /// One batch of <see cref="SealAsync"/>, skipping the first <paramref name="skip"/> unsealed rows in sealing order (rows
    /// an earlier batch refused). Only rows marked by
    /// Beacon's writer with a key of the ring are sealed (decision 0014); a row without a valid mark — put into the
    /// table by someone else — is left unsealed for verification to name. Returns how many rows were sealed, how many
    /// were read.
    /// </summary>
    private static async Task<(int Sealed, int Read)> SealBatchAsync(BeaconDb db, int max, int skip, CancellationToken ct)
    {
        // Idle: a read, no write transaction and no lock.
        if (!await Unsealed(db).Skip(skip).AnyAsync(ct))
        {
            return (0, 0);
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
            var read = await Unsealed(db).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Skip(skip).Take(max).ToListAsync(ct);
            if (read.Count == 0)
            {
                return (0, 0);
            }

            var keys = db.AuditKeys;
            var rows = read.Where(r => r.IsMarkedBy(keys)).ToList();
            if (rows.Count == 0)
            {
                // Only rows Beacon did not write: nothing to seal, and the head stays as it was (the transaction rolls back).
                return (0, read.Count);
            }

            await head.ChainAsync(keys, rows, ct);
            await PlainRows.UpdateAsync(db, rows, SealColumns, ct);

            await tx.CommitAsync(ct);
            return (rows.Count, read.Count);
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
        await head.ChainAsync(db.AuditKeys, entries, ct);
    }

    /// <summary>
    /// PostgreSQL, a group commit's batch of new rows: inserts <paramref name="rows"/> and seals and inserts
    /// <paramref name="entries"/> (what <see cref="PlainRows.InsertAsync(BeaconDb, IReadOnlyList{ValueTuple{Type, IReadOnlyList{object}}}, CancellationToken)"/>
    /// and <see cref="SealNewAsync"/> do) in two round trips instead of four: the rows with the head taken, then the head
    /// moved with the audit rows. The head is locked from the first to the commit, as before. False (nothing done) when the
    /// rows are too many for statements (COPY is used for them): the caller takes the usual way. Decision 0042.
    /// </summary>
    internal static async Task<bool> InsertAndSealAsync(BeaconDb db, IReadOnlyList<(Type Type, IReadOnlyList<object> Rows)> rows,
        IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        if (db.IsSqlite || entries.Count == 0 || !PlainRows.FitInBatch(rows.Sum(g => g.Rows.Count) + entries.Count))
        {
            return false;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var factory = connection.CreateCommand();
        long sequence;
        string previous;
        await using (var first = connection.CreateBatch())
        {
            first.Transaction = transaction;
            PlainRows.AddInserts(db, first, factory, rows);
            var take = first.CreateBatchCommand();
            take.CommandText = TakeHeadSql;
            first.BatchCommands.Add(take);
            await using var head = await first.ExecuteReaderAsync(ct);
            if (!await head.ReadAsync(ct))
            {
                throw new InvalidOperationException("The audit chain has no head row; run the migrations.");
            }

            (sequence, previous) = (head.GetInt64(0), head.GetString(1));
        }

        (sequence, previous) = Chain(db.AuditKeys, entries, sequence, previous);
        await using var second = connection.CreateBatch();
        second.Transaction = transaction;
        var move = second.CreateBatchCommand();
        move.CommandText = MoveHeadSql;
        var s = factory.CreateParameter();
        s.ParameterName = "@sequence";
        s.Value = sequence;
        var h = factory.CreateParameter();
        h.ParameterName = "@hash";
        h.Value = previous;
        move.Parameters.Add(s);
        move.Parameters.Add(h);
        second.BatchCommands.Add(move);
        PlainRows.AddInserts(db, second, factory, [(typeof(AuditEntry), entries)]);
        await second.ExecuteNonQueryAsync(ct);
        return true;
    }

    private const string TakeHeadSql = """UPDATE audit_chain_head SET "LastSequence" = "LastSequence" WHERE "Id" = 1 RETURNING "LastSequence", "LastHash" """;

    private const string MoveHeadSql = """UPDATE audit_chain_head SET "LastSequence" = @sequence, "LastHash" = @hash WHERE "Id" = 1""";

    /// <summary>Gives <paramref name="rows"/> their sequence numbers and chained hashes after the head's; returns the new head.</summary>
    private static (long Sequence, string Hash) Chain(AuditKeyRing keys, IEnumerable<AuditEntry> rows, long sequence, string previous)
    {
        foreach (var row in rows)
        {
            var key = keys.Find(row.KeyId) ?? keys.Current;
            row.KeyId = key.Id;
            row.Sequence = ++sequence;
            row.PreviousHash = previous;
            row.Hash = row.ComputeHash(key);
            previous = row.Hash;
        }

        return (sequence, previous);
    }

    private static IQueryable<AuditEntry> Unsealed(BeaconDb db) => db.AuditEntries.AsNoTracking().Where(e => e.Sequence == null);

    /// <summary>
    /// Locks the chain head in the current transaction (updating it first: sealers on every node take turns) and reads
    /// where the chain ends. Plain commands: this runs in every saving transaction on SQLite.
    /// </summary>
    private static async Task<Head> TakeHeadAsync(BeaconDb db, CancellationToken ct)
    {
        var command = db.NewCommand();
        command.CommandText = TakeHeadSql;
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
        public async Task ChainAsync(AuditKeyRing keys, IEnumerable<AuditEntry> rows, CancellationToken ct)
        {
            (sequence, previous) = Chain(keys, rows, sequence, previous);
            command.CommandText = MoveHeadSql;
            await command.WithParameter("@sequence", sequence).WithParameter("@hash", previous).ExecuteNonQueryAsync(ct);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>Seals until nothing written before this call is left unsealed.</summary>
    public static async Task SealAllAsync(BeaconDb db, CancellationToken ct = default)
    {
        const int Batch = 2000;
        var refused = 0;
        while (true)
        {
            var (done, read) = await SealBatchAsync(db, Batch, refused, ct);
            if (read < Batch)
            {
                return;
            }

            refused += read - done;
        }
    }

    private static readonly string[] SealColumns = [nameof(AuditEntry.Sequence), nameof(AuditEntry.PreviousHash), nameof(AuditEntry.Hash), nameof(AuditEntry.KeyId)];

    /// <summary>
    /// Seals what is pending, then walks the whole chain in order and reports every row whose content no longer
    /// matches its MAC, whose link to the previous row is broken, or that is missing or inserted out of sequence; then
    /// every row left unsealed that Beacon's writer did not mark, or that is older than the grace period (the
    /// sealer would have sealed it): rows put into the table directly (decision 0014).
    /// </summary>
    public static Task<AuditVerification> VerifyAsync(BeaconDb db, CancellationToken ct = default) => VerifyAsync(db, TimeSpan.FromMinutes(5), ct);

    /// <inheritdoc cref="VerifyAsync(BeaconDb, CancellationToken)"/>
    public static async Task<AuditVerification> VerifyAsync(BeaconDb db, TimeSpan grace, CancellationToken ct = default)
    {
        await SealAllAsync(db, ct);
        var keys = db.AuditKeys;
        var keyed = false;
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

                if (row.KeyId is null)
                {
                    // Rows sealed before the chain had keys: their unkeyed hash holds only before the first keyed row,
                    // whose MAC covers the link to them.
                    if (keyed)
                    {
                        problems.Add(new AuditProblem(rowSequence, row.Id, "row without a key after keyed rows (inserted with a recomputed hash)"));
                    }
                    else if (row.ComputeUnkeyedHash() != row.Hash)
                    {
                        problems.Add(new AuditProblem(rowSequence, row.Id, "content does not match its hash (altered)"));
                    }
                }
                else if (keys.Find(row.KeyId) is not { } key)
                {
                    keyed = true;
                    problems.Add(new AuditProblem(rowSequence, row.Id, $"sealed with key '{row.KeyId}', which is not in the key ring"));
                }
                else
                {
                    keyed = true;
                    if (!FixedEquals(row.ComputeHash(key), row.Hash))
                    {
                        problems.Add(new AuditProblem(rowSequence, row.Id, "content does not match its hash (altered)"));
                    }
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

        // What the sealer left: rows without a valid mark were not written by Beacon; a marked row still unsealed after
        // the grace period means the sealing stopped (or the row was put back unsealed).
        var cutoff = db.Clock.GetUtcNow() - grace;
        var offset = 0;
        while (true)
        {
            var unsealed = await Unsealed(db).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Skip(offset).Take(Batch).ToListAsync(ct);
            foreach (var row in unsealed)
            {
                if (!row.IsMarkedBy(keys))
                {
                    problems.Add(new AuditProblem(0, row.Id, "unsealed row not written by Beacon (no valid mark: inserted)"));
                }
                else if (row.OccurredAt < cutoff)
                {
                    problems.Add(new AuditProblem(0, row.Id, "unsealed row older than the sealer's period"));
                }
            }

            if (unsealed.Count < Batch)
            {
                break;
            }

            offset += unsealed.Count;
        }

        return new AuditVerification(checkedRows, problems);
    }

    private static bool FixedEquals(string expected, string? actual) =>
        actual is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(actual));
}

public sealed record AuditProblem(long Sequence, Guid? Id, string Reason);

public sealed record AuditVerification(long RowsChecked, IReadOnlyList<AuditProblem> Problems)
{
    public bool IsIntact => Problems.Count == 0;
}
