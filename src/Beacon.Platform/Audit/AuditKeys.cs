using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Beacon.Platform.Audit;

/// <summary>One key of the audit chain: its id (stored on every row it sealed), its MAC algorithm and its secret.</summary>
public sealed record AuditKey(string Id, string Algorithm, byte[] Secret)
{
    /// <summary>The MAC of <paramref name="text"/> under this key, as 64 lower-case hex digits.</summary>
    public string Mac(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (Algorithm == AuditKeyRing.HmacSm3)
        {
            var hmac = new HMac(new SM3Digest());
            hmac.Init(new KeyParameter(Secret));
            hmac.BlockUpdate(bytes, 0, bytes.Length);
            var result = new byte[hmac.GetMacSize()];
            hmac.DoFinal(result, 0);
            return Convert.ToHexStringLower(result);
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(Secret, bytes));
    }
}

/// <summary>
/// The keys of the audit chain, kept outside the database (decision 0014): a key file (<c>Beacon:Audit:KeyFile</c>,
/// default <c>audit-keys</c> in the data folder, created readable by its owner only when missing) or keys given in
/// configuration (<c>Beacon:Audit:Keys</c>). Every row is marked by the writer with the current key and sealed with
/// the key named on it, so rotating the key (a new line in the file) keeps older rows verifiable. Someone who can
/// write the database but has no key can neither mark a row (the sealer leaves it out and verification names it)
/// nor recompute a sealed row's MAC.
/// </summary>
public sealed class AuditKeyRing
{
    public const string HmacSha256 = "HMAC-SHA256";
    public const string HmacSm3 = "HMAC-SM3";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, AuditKey> _keys = new(StringComparer.Ordinal);

    private AuditKeyRing(string? file)
    {
        File = file;
    }

    /// <summary>The key file, or null when the keys come from configuration.</summary>
    public string? File { get; }

    /// <summary>The key new rows are marked and sealed with.</summary>
    public AuditKey Current { get; private set; } = null!;

    public IReadOnlyCollection<AuditKey> Keys
    {
        get
        {
            lock (_gate)
            {
                return [.. _keys.Values];
            }
        }
    }

    /// <summary>Used only where no ring was configured (design-time tools, schema tests): a random key of this process.</summary>
    internal static AuditKeyRing Ephemeral { get; } = FromKeys([new AuditKey("ephemeral", HmacSha256, RandomNumberGenerator.GetBytes(32))], null);

    public AuditKey? Find(string? id)
    {
        if (id is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _keys.GetValueOrDefault(id);
        }
    }

    public static bool IsKnownAlgorithm(string algorithm) => algorithm is HmacSha256 or HmacSm3;

    /// <summary>The ring the options describe: configured keys, or the key file (created with one new key when missing).</summary>
    public static AuditKeyRing Load(AuditOptions options, string dataFolder)
    {
        if (options.Keys.Count > 0)
        {
            var keys = options.Keys.Select(k => new AuditKey(k.Id, k.Algorithm, Convert.FromBase64String(k.Secret))).ToList();
            return FromKeys(keys, options.CurrentKeyId);
        }

        var file = Path.IsPathRooted(options.KeyFile) ? options.KeyFile : Path.Combine(dataFolder, options.KeyFile);
        var ring = new AuditKeyRing(file);
        if (!System.IO.File.Exists(file))
        {
            ring.Rotate(options.Algorithm);
            return ring;
        }

        foreach (var line in System.IO.File.ReadAllLines(file))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || line.StartsWith('#'))
            {
                continue;
            }

            ring.Add(new AuditKey(parts[0], parts[1], Convert.FromBase64String(parts[2])));
        }

        return ring.Current is null ? throw new InvalidOperationException($"The audit key file {file} holds no key.") : ring;
    }

    /// <summary>
    /// Adds a new key and makes it current; with a key file, appends it there (the file is created readable and
    /// writable by its owner only). Rows sealed with earlier keys stay verifiable since their keys stay in the ring.
    /// </summary>
    public AuditKey Rotate(string algorithm = HmacSha256)
    {
        if (!IsKnownAlgorithm(algorithm))
        {
            throw new ArgumentException($"Unknown audit MAC algorithm '{algorithm}' (use {HmacSha256} or {HmacSm3}).", nameof(algorithm));
        }

        lock (_gate)
        {
            var id = "k" + (_keys.Count + 1).ToString(CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            var key = new AuditKey(id, algorithm, RandomNumberGenerator.GetBytes(32));
            if (File is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(File)!);
                var line = $"{key.Id} {key.Algorithm} {Convert.ToBase64String(key.Secret)}\n";
                if (!System.IO.File.Exists(File))
                {
                    var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                    if (!OperatingSystem.IsWindows())
                    {
                        create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    }

                    using var stream = new FileStream(File, create);
                    stream.Write(Encoding.UTF8.GetBytes("# Beacon audit chain keys: id algorithm secret; the last line is current. Keep every line.\n" + line));
                }
                else
                {
                    System.IO.File.AppendAllText(File, line);
                }
            }

            Add(key);
            return key;
        }
    }

    private void Add(AuditKey key)
    {
        if (!IsKnownAlgorithm(key.Algorithm))
        {
            throw new InvalidOperationException($"Audit key {key.Id}: unknown algorithm '{key.Algorithm}'.");
        }

        lock (_gate)
        {
            _keys[key.Id] = key;
            Current = key;
        }
    }

    private static AuditKeyRing FromKeys(IEnumerable<AuditKey> keys, string? current)
    {
        var ring = new AuditKeyRing(null);
        foreach (var key in keys)
        {
            ring.Add(key);
        }

        if (current is not null)
        {
            ring.Current = ring.Find(current) ?? throw new InvalidOperationException($"Beacon:Audit:CurrentKeyId '{current}' is not among the configured keys.");
        }

        return ring;
    }
}

/// <summary>An audit key given in configuration (<c>Beacon:Audit:Keys:0:Id</c> …); the secret in base64, 32 bytes.</summary>
public sealed class AuditKeyOptions
{
    public string Id { get; set; } = "";

    public string Algorithm { get; set; } = AuditKeyRing.HmacSha256;

    public string Secret { get; set; } = "";
}
