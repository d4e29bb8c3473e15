using System.IO.Compression;
using System.Text;

namespace Beacon.Incidents.Attachments;

/// <summary>
/// What a file really is, from its first bytes, and a file name that is safe to store and send back. A file is only
/// accepted when its content matches its extension, so an HTML page or a script named <c>.jpg</c> is refused;
/// HTML, SVG and scripts are never among the known types.
/// </summary>
internal static class FileTypes
{
    /// <summary>What a duty room receives: scanned or written reports (PDF, Word), figures (Excel), photos, plain text.</summary>
    public static readonly IReadOnlyList<string> Defaults = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt"];

    /// <summary>Every extension whose content can be recognised; configuration may choose among these only.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "jpeg", "png", "gif", "txt", "mp4",
    };

    /// <summary>Types a browser may be told (still as a download, never inline); everything else is sent as application/octet-stream.</summary>
    public static readonly IReadOnlySet<string> Displayable = new HashSet<string>(StringComparer.Ordinal)
    {
        "application/pdf", "image/jpeg", "image/png", "image/gif",
    };

    private static readonly string[] ActiveTypeParts = ["html", "svg", "javascript", "ecmascript"];

    private static readonly string[] ActiveTypes = ["text/xml", "application/xml", "text/xsl", "application/xslt+xml", "application/x-sh", "application/x-msdownload"];

    private static readonly string[] Markup = ["<html", "<!doctype", "<script", "<svg", "<?xml", "<body", "<iframe", "<head"];

    private static readonly byte[] Ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>True when a client declares a type that a browser would run (HTML, SVG, script, plain XML/XSLT) or a program.</summary>
    public static bool IsActive(string? declaredType)
    {
        var type = (declaredType ?? "").Split(';')[0].Trim();
        return ActiveTypeParts.Any(a => type.Contains(a, StringComparison.OrdinalIgnoreCase))
            || ActiveTypes.Any(a => type.Equals(a, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The content type found in <paramref name="bytes"/> if it is what <paramref name="extension"/> says; otherwise null.</summary>
    public static string? Detect(string extension, byte[] bytes) => extension switch
    {
        "pdf" => Starts(bytes, "%PDF-"u8) ? "application/pdf" : null,
        "jpg" or "jpeg" => Starts(bytes, [0xFF, 0xD8, 0xFF]) ? "image/jpeg" : null,
        "png" => Starts(bytes, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png" : null,
        "gif" => Starts(bytes, "GIF87a"u8) || Starts(bytes, "GIF89a"u8) ? "image/gif" : null,
        "doc" => Starts(bytes, Ole2) ? "application/msword" : null,
        "xls" => Starts(bytes, Ole2) ? "application/vnd.ms-excel" : null,
        "ppt" => Starts(bytes, Ole2) ? "application/vnd.ms-powerpoint" : null,
        "docx" => OfficeOpenXml(bytes, "word/") ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document" : null,
        "xlsx" => OfficeOpenXml(bytes, "xl/") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : null,
        "pptx" => OfficeOpenXml(bytes, "ppt/") ? "application/vnd.openxmlformats-officedocument.presentationml.presentation" : null,
        "mp4" => bytes.Length > 12 && bytes.AsSpan(4, 4).SequenceEqual("ftyp"u8) ? "video/mp4" : null,
        "txt" => PlainText(bytes) ? "text/plain" : null,
        _ => null,
    };

    /// <summary>
    /// The last path segment of <paramref name="name"/>, NFC-normalised, without control, formatting (e.g. right-to-left
    /// override) or reserved characters (<c>\ / : * ? " &lt; &gt; |</c>), at most 200 characters with the extension kept.
    /// Null when nothing usable is left.
    /// </summary>
    public static string? SanitiseName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        name = name.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Normalize(NormalizationForm.FormC);
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsControl(rune) || category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.OtherNotAssigned
                || rune.Value is '<' or '>' or ':' or '"' or '|' or '?' or '*')
            {
                continue;
            }

            clean.Append(rune.ToString());
        }

        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0)
        {
            return null;
        }

        if (result.Length > 200)
        {
            var extension = Path.GetExtension(result);
            extension = extension.Length > 20 ? "" : extension;
            var stem = result[..(200 - extension.Length)];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }

            result = stem + extension;
        }

        return result;
    }

    /// <summary>The extension of a sanitised name, lower case without the dot ("" when there is none).</summary>
    public static string ExtensionOf(string fileName) => Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();

    private static bool Starts(byte[] bytes, ReadOnlySpan<byte> magic) => bytes.AsSpan().StartsWith(magic);

    private static bool OfficeOpenXml(byte[] bytes, string part)
    {
        if (!Starts(bytes, "PK\u0003\u0004"u8))
        {
            return false;
        }

        try
        {
            // Only the central directory is read; nothing is extracted.
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return zip.Entries.Any(e => e.FullName == "[Content_Types].xml")
                && zip.Entries.Any(e => e.FullName.StartsWith(part, StringComparison.Ordinal));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Text has no NUL bytes (UTF-8 and GB18030 alike) and does not start like markup a browser would render.</summary>
    private static bool PlainText(byte[] bytes)
    {
        if (bytes.AsSpan().Contains((byte)0))
        {
            return false;
        }

        var head = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 1024)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return !Markup.Any(m => head.Contains(m, StringComparison.OrdinalIgnoreCase));
    }
}
