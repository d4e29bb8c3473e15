using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Data;

/// <summary>Configuration section <c>Beacon:DataProtection</c>: where the key that encrypts the data-protection keys lives (decision 0023).</summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "Beacon:DataProtection";

    /// <summary>
    /// The key file, outside the database: 32 random bytes in base64, created with mode 0600 when missing. Relative paths
    /// are taken from the data folder; in production put it elsewhere (e.g. <c>/etc/beacon/dataprotection-key</c>) and back
    /// it up with the database: without it no stored key, and so no cookie or TOTP secret, can be read.
    /// </summary>
    public string KeyFile { get; set; } = "dataprotection-key";
}

/// <summary>
/// The key that encrypts ASP.NET Core's data-protection keys before they are stored in the database (decision 0023):
/// read from a file kept outside the database, created (owner-only) when missing. Loaded on first use, not at start-up.
/// </summary>
public sealed class KeyEncryptionKey
{
    private KeyEncryptionKey(string id, byte[] key, string file)
    {
        Id = id;
        Key = key;
        File = file;
    }

    /// <summary>A short fingerprint of the key (not secret), stored with every encrypted key to name the file it needs.</summary>
    public string Id { get; }

    /// <summary>Where the key was read from.</summary>
    public string File { get; }

    internal byte[] Key { get; }

    public static KeyEncryptionKey Load(KeyEncryptionOptions options, string dataFolder)
    {
        var file = Path.IsPathRooted(options.KeyFile) ? options.KeyFile : Path.Combine(dataFolder, options.KeyFile);
        if (!System.IO.File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(file, create);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n"));
            }
            catch (IOException) when (System.IO.File.Exists(file))
            {
                // Another process of this installation created it first: use theirs.
            }
        }

        var key = Convert.FromBase64String(System.IO.File.ReadAllText(file).Trim());
        if (key.Length != 32)
        {
            throw new InvalidOperationException($"The data-protection key file {file} must hold 32 bytes in base64.");
        }

        return new KeyEncryptionKey(Convert.ToHexStringLower(SHA256.HashData(key))[..16], key, file);
    }
}

/// <summary>Encrypts a data-protection key's secret with AES-256-GCM under the <see cref="KeyEncryptionKey"/>.</summary>
public sealed class KeyFileXmlEncryptor(KeyEncryptionKey key) : IXmlEncryptor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.Key, TagSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(key.Id));
        }

        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("encryptedKey",
            new XComment(" AES-256-GCM under Beacon's data-protection key file (decision 0023) "),
            new XAttribute("keyId", key.Id),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="KeyFileXmlEncryptor"/> wrote; created by Data Protection with the host's services.</summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var key = services.GetRequiredService<KeyEncryptionKey>();
        var keyId = (string?)encryptedElement.Attribute("keyId");
        if (keyId != key.Id)
        {
            throw new CryptographicException($"This data-protection key was encrypted with the key file {keyId}; {key.File} is {key.Id}.");
        }

        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The encrypted data-protection key is truncated.");
        }

        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using (var aes = new AesGcm(key.Key, TagSize))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, Encoding.ASCII.GetBytes(key.Id));
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
