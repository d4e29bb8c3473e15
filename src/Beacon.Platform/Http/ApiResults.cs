using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Beacon.Platform.Http;

/// <summary>ProblemDetails answers that name the field and the reason, and ETag helpers.</summary>
public static class ApiResults
{
    public static IResult Invalid(string field, string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] });

    public static IResult Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    public static IResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} was not found.");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static IResult PreconditionFailed() =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
            detail: "The resource has changed since you read it (If-Match does not match its ETag). Read it again and retry.");

    public static IResult PreconditionRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Precondition required",
            detail: "Updates need an If-Match header with the ETag you read.");

    public static IResult TooLarge(long limit, string field = "body") =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
            detail: $"The {field} is larger than the {limit} bytes this server accepts.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [$"must be at most {limit} bytes"] } });

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
