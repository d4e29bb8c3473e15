using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Audit;

/// <summary>Appends to and verifies the hash chain of the audit trail.</summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Gives <paramref name="entries"/> their sequence numbers and hashes and adds them to the context.
    /// Must run inside the caller's transaction: updating the head row first takes the write lock, so
    /// appenders on every node are serialised and the chain has no forks or gaps.
    /// </summary>
    internal static async Task AppendAsync(BeaconDb db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        // One statement takes the head's lock and reads it; the caller saves the rows and the new head hash in one
        // batch and commits, so the lock every writer queues for is held for as few round trips as possible.
        var count = entries.Count;
        var head = (await db.Database.SqlQuery<HeadRow>($"""
            UPDATE audit_chain_head SET "LastSequence" = "LastSequence" + {count} WHERE "Id" = 1
            RETURNING "LastSequence", "LastHash"
            """).ToListAsync(ct)).Single();
        var sequence = head.LastSequence - count;
        var previous = head.LastHash;
        foreach (var entry in entries)
        {
            entry.Sequence = ++sequence;
            entry.PreviousHash = previous;
            entry.Hash = entry.ComputeHash();
            previous = entry.Hash;
            db.AuditEntries.Add(entry);
        }

        var tracked = db.AuditHead.Local.FirstOrDefault(h => h.Id == 1);
        if (tracked is not null)
        {
            db.Entry(tracked).State = EntityState.Detached;
        }

        var newHead = new AuditChainHead { Id = 1, LastSequence = head.LastSequence, LastHash = previous };
        db.AuditHead.Attach(newHead);
        db.Entry(newHead).Property(h => h.LastHash).IsModified = true;
    }

    private sealed record HeadRow(long LastSequence, string LastHash);

    /// <summary>
    /// Walks the whole chain in order and reports every row whose content no longer matches its hash,
    /// whose link to the previous row is broken, or that is missing or inserted out of sequence.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(BeaconDb db, CancellationToken ct = default)
    {
        var problems = new List<AuditProblem>();
        var expectedSequence = 1L;
        var previous = GenesisHash;
        long checkedRows = 0;
        const int Batch = 5000;
        long after = 0;
        while (true)
        {
            var rows = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence > after)
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
                if (row.Sequence != expectedSequence)
                {
                    problems.Add(new AuditProblem(row.Sequence, row.Id, row.Sequence > expectedSequence
                        ? $"missing rows {expectedSequence}..{row.Sequence - 1}"
                        : "sequence out of order"));
                }

                if (row.PreviousHash != previous)
                {
                    problems.Add(new AuditProblem(row.Sequence, row.Id, "link to the previous row is broken"));
                }

                if (row.ComputeHash() != row.Hash)
                {
                    problems.Add(new AuditProblem(row.Sequence, row.Id, "content does not match its hash (altered)"));
                }

                previous = row.Hash;
                expectedSequence = row.Sequence + 1;
            }

            after = rows[^1].Sequence;
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
