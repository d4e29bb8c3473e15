using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Beacon.Platform.Http;

/// <summary>One field's refusal: the field's JSON name, the stable code and the English reason for integrations.</summary>
public readonly record struct FieldError(string Field, string Code, string Reason);

/// <summary>
/// ProblemDetails answers that name the field, the stable code and the reason, and ETag helpers. Every refusal carries a
/// code (<see cref="PlatformErrors"/> and each module's error class): <c>code</c> is the refusal's code (for several field
/// errors the first), <c>codes</c> maps each field to its codes as <c>errors</c> maps it to its English reasons.
/// </summary>
public static class ApiResults
{
    /// <summary>The ProblemDetails extension holding the refusal's stable code.</summary>
    public const string CodeKey = "code";

    /// <summary>The ProblemDetails extension holding each field's stable codes.</summary>
    public const string CodesKey = "codes";

    public static IResult Invalid(string field, string code, string reason) => Invalid([new FieldError(field, code, reason)]);

    /// <summary>A 400 naming every field; each field keeps its reasons and codes in the order given.</summary>
    public static IResult Invalid(IEnumerable<FieldError> errors)
    {
        var (messages, codes, first) = Collect(errors);
        return TypedResults.ValidationProblem(messages, extensions: new Dictionary<string, object?> { [CodeKey] = first, [CodesKey] = codes });
    }

    public static IResult NotFound(string code, string what) =>
        Problem(StatusCodes.Status404NotFound, "Not found", code, $"{what} was not found.");

    public static IResult Conflict(string code, string detail) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", code, detail);

    public static IResult Forbidden(string code, string detail) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", code, detail);

    /// <summary>Any other refusal; <paramref name="errors"/>, when given, name the fields as a 400 does.</summary>
    public static IResult Problem(int status, string title, string code, string detail, IEnumerable<FieldError>? errors = null)
    {
        var extensions = new Dictionary<string, object?> { [CodeKey] = code };
        if (errors is not null)
        {
            var (messages, codes, _) = Collect(errors);
            extensions["errors"] = messages;
            extensions[CodesKey] = codes;
        }

        return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
    }

    public static IResult PreconditionFailed() =>
        Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", PlatformErrors.IfMatchStale,
            "The resource has changed since you read it (If-Match does not match its ETag). Read it again and retry.");

    public static IResult PreconditionRequired() =>
        Problem(StatusCodes.Status428PreconditionRequired, "Precondition required", PlatformErrors.IfMatchMissing,
            "Updates need an If-Match header with the ETag you read.");

    public static IResult TooLarge(long limit, string field = "body") =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", PlatformErrors.BodyTooLarge,
            $"The {field} is larger than the {limit} bytes this server accepts.",
            [new FieldError(field, PlatformErrors.BodyTooLarge, $"must be at most {limit} bytes")]);

    private static (Dictionary<string, string[]> Messages, Dictionary<string, string[]> Codes, string First) Collect(IEnumerable<FieldError> errors)
    {
        var messages = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var codes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? first = null;
        foreach (var e in errors)
        {
            first ??= e.Code;
            messages[e.Field] = [.. messages.GetValueOrDefault(e.Field, []), e.Reason];
            codes[e.Field] = [.. codes.GetValueOrDefault(e.Field, []), e.Code];
        }

        return (messages, codes, first ?? PlatformErrors.ValidationInvalid);
    }

    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// Checks If-Match against the current version. Null means go ahead; otherwise the answer to return.
    /// </summary>
    public static IResult? CheckIfMatch(HttpContext http, int currentVersion) => CheckIfMatch(http.Request.Headers.IfMatch.ToString(), currentVersion);

    /// <summary>The same for an If-Match value that did not come with an HTTP request (a page sends the version it showed).</summary>
    public static IResult? CheckIfMatch(string? ifMatch, int currentVersion)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return PreconditionRequired();
        }

        if (ifMatch.Trim() == "*")
        {
            return null;
        }

        var wanted = ETag(currentVersion);
        var matches = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(t => t == wanted || t == "W/" + wanted);
        return matches ? null : PreconditionFailed();
    }

    public static void SetETag(HttpContext http, int version) => http.Response.Headers.ETag = ETag(version);
}
