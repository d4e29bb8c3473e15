using System.Security.Cryptography;
using System.Text;

namespace Beacon.Platform.ApiTokens;

/// <summary>
/// An API token for an integration. The secret is shown once at creation; only its SHA-256 hash is stored.
/// A token acts for one unit with the roles it was given, until it expires or is revoked.
/// </summary>
public sealed class ApiToken
{
    public const string SecretPrefix = "bcn_";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public Guid UnitId { get; set; }

    /// <summary>Roles, comma separated.</summary>
    public string Roles { get; set; } = "";

    /// <summary>Hex SHA-256 of the secret.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>First characters of the secret, to recognise it in lists.</summary>
    public string Hint { get; set; } = "";

    public Guid? CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public IReadOnlyList<string> RoleList =>
        Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public static string NewSecret() =>
        SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
