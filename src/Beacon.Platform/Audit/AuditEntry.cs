using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Beacon.Platform.Audit;

/// <summary>
/// One row of the append-only audit trail (审计日志). A row is written in the transaction of the change it
/// records; moments later the sealer (<see cref="AuditSealer"/>) gives it its place in the chain: a sequence number
/// and the hash of its content with the previous row's hash, so a changed, inserted or missing sealed row breaks
/// the chain. There is no delete path.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, 1-based, without gaps; null until the row is sealed.</summary>
    public long? Sequence { get; set; }

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>UTC, truncated to microseconds so every provider stores it exactly.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    public Guid? UserId { get; set; }

    public string UserName { get; set; } = "";

    public Guid? UnitId { get; set; }

    /// <summary>The actor's jurisdiction, for scoping who may read this row.</summary>
    public Guid? JurisdictionId { get; set; }

    public Guid? TokenId { get; set; }

    /// <summary>What happened, e.g. <c>unit.updated</c>, <c>signin.failed</c>.</summary>
    public string Action { get; set; } = "";

    public string? EntityType { get; set; }

    public string? EntityId { get; set; }

    /// <summary>A JSON summary of the change (changed properties with old and new values).</summary>
    public string Summary { get; set; } = "";

    public string? ClientAddress { get; set; }

    /// <summary><c>success</c>, <c>failure</c> or <c>denied</c>.</summary>
    public string Outcome { get; set; } = AuditOutcome.Success;

    /// <summary>The previous sealed row's hash; null until sealed.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>The MAC of this row's content and <see cref="PreviousHash"/> under the key <see cref="KeyId"/>; null until sealed.</summary>
    public string? Hash { get; set; }

    /// <summary>The audit key that marked and sealed this row (decision 0014); null on rows sealed before keys existed.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// The writer's mark: the MAC of the row's content (without its place in the chain) under <see cref="KeyId"/>,
    /// set when Beacon writes the row. The sealer seals only marked rows, so a row put into the table by anyone
    /// without the key stays unsealed and is named by verification.
    /// </summary>
    public string? Mark { get; set; }

    /// <summary>Sets <see cref="KeyId"/> and <see cref="Mark"/> with <paramref name="key"/>.</summary>
    public void MarkWith(AuditKey key)
    {
        KeyId = key.Id;
        Mark = key.Mac("mark\u001f" + Content(chained: false));
    }

    /// <summary>Whether <see cref="Mark"/> is the MAC of this row's content under its own key.</summary>
    public bool IsMarkedBy(AuditKeyRing keys) =>
        keys.Find(KeyId) is { } key && Mark is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mark), Encoding.ASCII.GetBytes(key.Mac("mark\u001f" + Content(chained: false))));

    /// <summary>The chained MAC of this row under <paramref name="key"/> (its sequence and previous hash included).</summary>
    public string ComputeHash(AuditKey key) => key.Mac(Content(chained: true));

    /// <summary>The unkeyed SHA-256 of rows sealed before decision 0014 (no <see cref="KeyId"/>).</summary>
    public string ComputeUnkeyedHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content(chained: true))));

    private string Content(bool chained) =>
        string.Join(
            '\u001f',
            chained ? Sequence?.ToString(CultureInfo.InvariantCulture) ?? "" : "",
            Id.ToString("N"),
            OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            UserId?.ToString("N") ?? "",
            UserName,
            UnitId?.ToString("N") ?? "",
            JurisdictionId?.ToString("N") ?? "",
            TokenId?.ToString("N") ?? "",
            Action,
            EntityType ?? "",
            EntityId ?? "",
            Summary,
            ClientAddress ?? "",
            Outcome,
            chained ? PreviousHash ?? "" : "");
}

public static class AuditOutcome
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}

/// <summary>The single row that holds the end of the chain; updating it first serialises sealers.</summary>
public sealed class AuditChainHead
{
    public int Id { get; set; } = 1;

    public long LastSequence { get; set; }

    public string LastHash { get; set; } = AuditChain.GenesisHash;
}
