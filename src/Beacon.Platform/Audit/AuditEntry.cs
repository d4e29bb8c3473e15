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

    /// <summary>SHA-256 of this row's content and <see cref="PreviousHash"/>; null until sealed.</summary>
    public string? Hash { get; set; }

    public string ComputeHash()
    {
        var text = string.Join(
            '\u001f',
            Sequence?.ToString(CultureInfo.InvariantCulture) ?? "",
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
            PreviousHash ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
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
