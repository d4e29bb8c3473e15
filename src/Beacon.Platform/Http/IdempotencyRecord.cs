namespace Beacon.Platform.Http;

/// <summary>
/// The remembered answer to a create sent with an <c>Idempotency-Key</c>, so a retry gets the same answer
/// instead of a second record.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Who sent it (account or token id) so keys of different callers never collide.</summary>
    public string Caller { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>SHA-256 of method, path and body; a reused key with another body is refused.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>0 while the first request is still being handled.</summary>
    public int StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public string? ETag { get; set; }

    public byte[]? Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Stores an answer; false when this record held exactly that answer already.</summary>
    internal bool TakeAnswer(int statusCode, string? contentType, string? location, string? etag, byte[] body)
    {
        if (StatusCode != 0 && StatusCode == statusCode && ContentType == contentType && Location == location && ETag == etag
            && Body is { } kept && kept.AsSpan().SequenceEqual(body))
        {
            return false;
        }

        (StatusCode, ContentType, Location, ETag, Body) = (statusCode, contentType, location, etag, body);
        return true;
    }
}
