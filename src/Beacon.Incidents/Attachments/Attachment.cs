namespace Beacon.Incidents.Attachments;

/// <summary>
/// A file attached to an incident (附件): a photo from the scene, a scanned written report, an office document.
/// Its bytes live in <see cref="AttachmentContent"/>, so listing attachments never loads them. The same content
/// (by SHA-256) is stored once per incident.
/// </summary>
public sealed class Attachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    /// <summary>The report (首报 / 续报 / 终报) the file belongs to, when the uploader said so.</summary>
    public Guid? ReportId { get; set; }

    /// <summary>The incident's origin jurisdiction: whoever sees the incident sees its attachments.</summary>
    public Guid JurisdictionId { get; set; }

    /// <summary>The unit that uploaded it.</summary>
    public Guid UnitId { get; set; }

    /// <summary>The uploader's file name, sanitised (no path, control or reserved characters; Chinese kept).</summary>
    public string FileName { get; set; } = "";

    /// <summary>What the uploader's client said the type was; kept for the record, never trusted.</summary>
    public string? DeclaredContentType { get; set; }

    /// <summary>The type found in the content itself (magic bytes), e.g. <c>image/jpeg</c>.</summary>
    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";

    public Guid? UploadedById { get; set; }

    public string UploadedBy { get; set; } = "";

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>The bytes of one <see cref="Attachment"/>, in their own table.</summary>
public sealed class AttachmentContent
{
    public Guid AttachmentId { get; set; }

    public byte[] Bytes { get; set; } = [];
}

/// <summary>Configuration section <c>Beacon:Incidents:Attachments</c>.</summary>
public sealed class AttachmentOptions
{
    /// <summary>Largest file accepted, in bytes (default 20 MiB); a larger one gets 413 naming <c>file</c>.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// Accepted file name extensions, lower case without the dot. Configured entries replace the default; only types
    /// whose content Beacon can recognise (<see cref="FileTypes.Known"/>) are ever accepted.
    /// </summary>
    public List<string>? AllowedExtensions { get; set; }

    public IReadOnlyCollection<string> Allowed =>
        (AllowedExtensions ?? FileTypes.Defaults).Select(e => e.Trim().TrimStart('.').ToLowerInvariant())
            .Where(FileTypes.Known.Contains).Distinct(StringComparer.Ordinal).ToList();
}
