using Microsoft.AspNetCore.Http.Metadata;

namespace Beacon.Platform.Http;

/// <summary>
/// Endpoint metadata raising (or lowering) the request-size limit for one endpoint, e.g. a file upload. Routing
/// hands it to Kestrel (<see cref="IRequestSizeLimitMetadata"/>), and the platform's up-front
/// <c>Content-Length</c> check answers 413 naming <see cref="Field"/> instead of <c>body</c>.
/// </summary>
public sealed class RequestBodyLimit(long maxBytes, string field = "body") : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = maxBytes;

    /// <summary>The field a too-large request is blamed on in the 413 ProblemDetails.</summary>
    public string Field { get; } = field;
}
