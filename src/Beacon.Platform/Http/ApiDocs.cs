using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Beacon.Platform.Http;

/// <summary>
/// What an endpoint states about itself for the OpenAPI document, next to its mapping: the bodies of its answers
/// (<c>.Produces&lt;T&gt;(201)</c>, <see cref="ProducesFile"/>), its refusals (<see cref="ProducesProblems"/>), and the
/// kernel's headers it honours (<see cref="NeedsIfMatch"/>, <see cref="AnswersETag"/>). <see cref="OpenApiConventions"/>
/// turns this metadata into the document and adds what holds for every endpoint (401/403, 400, Idempotency-Key).
/// </summary>
public static class ApiDocs
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string CapXml = "application/cap+xml";
    public const string Atom = "application/atom+xml";

    /// <summary>The update needs <c>If-Match</c> with the ETag read: 428 without it, 412 when it no longer matches.</summary>
    public static RouteHandlerBuilder NeedsIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(IfMatchHeader.Required)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>The command checks <c>If-Match</c> when it is sent (412 when it no longer matches) and runs without it.</summary>
    public static RouteHandlerBuilder HonoursIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(IfMatchHeader.Optional).ProducesProblem(StatusCodes.Status412PreconditionFailed);

    /// <summary>The endpoint sets <c>ETag: "&lt;version&gt;"</c> on the answers with these statuses.</summary>
    public static RouteHandlerBuilder AnswersETag(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.WithMetadata(new ETagAnswers(statuses));

    /// <summary>A file download (DOCX, XLSX, an attachment) with this content type.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType) =>
        builder.Produces<Stream>(StatusCodes.Status200OK, contentType);

    /// <summary>
    /// The endpoint reads its body itself (not a bound JSON record): a multipart form with a file field and text fields,
    /// or a text document (CAP XML). Only documents the body; routing is not restricted to these content types.
    /// </summary>
    public static RouteHandlerBuilder TakesBody(this RouteHandlerBuilder builder, RawBody body) => builder.WithMetadata(body);

    /// <summary>ProblemDetails answers with these statuses (404, 409 …).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}

/// <summary>Endpoint metadata: the endpoint checks <c>If-Match</c>; when <see cref="IsRequired"/>, it answers 428 without it.</summary>
public sealed class IfMatchHeader
{
    public static readonly IfMatchHeader Required = new(true);
    public static readonly IfMatchHeader Optional = new(false);

    private IfMatchHeader(bool required) => IsRequired = required;

    public bool IsRequired { get; }
}

/// <summary>Endpoint metadata: a body the handler reads itself. <paramref name="FileField"/> (multipart only) is the file part.</summary>
public sealed record RawBody(IReadOnlyList<string> ContentTypes, string? FileField = null, IReadOnlyList<string>? TextFields = null)
{
    public static RawBody Multipart(string fileField, params string[] textFields) => new(["multipart/form-data"], fileField, textFields);

    public static RawBody Text(params string[] contentTypes) => new(contentTypes);
}

/// <summary>Endpoint metadata: the answers with these statuses carry an <c>ETag</c> header.</summary>
public sealed record ETagAnswers(IReadOnlyList<int> Statuses);
