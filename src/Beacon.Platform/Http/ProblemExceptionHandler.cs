using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Beacon.Platform.Http;

/// <summary>
/// Turns every exception into an RFC 9457 ProblemDetails: bad requests (malformed JSON, wrong content type,
/// body too large, unreadable parameters) keep their 4xx status and name the field; concurrency conflicts
/// become 412; anything else is a 500 without a stack trace or personal data.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        ProblemDetails problem;
        switch (exception)
        {
            case var _ when FindJson(exception) is ControlCharacterException control:
                problem = TextHygiene.Problem(JsonField(control.Path));
                break;
            case BadHttpRequestException bad:
                problem = FromBadRequest(bad);
                break;
            case DbUpdateConcurrencyException:
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status412PreconditionFailed,
                    Title = "Precondition failed",
                    Detail = "The resource was changed by someone else. Read it again and retry.",
                    Extensions = { [ApiResults.CodeKey] = PlatformErrors.IfMatchStale },
                };
                break;
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return true;
            default:
                logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Internal error",
                    Detail = "The request could not be completed. The error has been logged.",
                    Extensions = { [ApiResults.CodeKey] = PlatformErrors.Failed },
                };
                break;
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ValidationProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        var status = bad.StatusCode;
        string field;
        string reason;
        string code;
        if (FindJson(bad) is UndefinedEnumException undefined)
        {
            field = JsonField(undefined.Path);
            reason = "is not one of the allowed values";
            code = PlatformErrors.EnumUndefined;
        }
        else if (FindJson(bad) is { } json)
        {
            field = JsonField(json.Path);
            reason = "is not valid JSON for this field";
            code = PlatformErrors.Malformed;
        }
        else if (status == StatusCodes.Status415UnsupportedMediaType)
        {
            field = "Content-Type";
            reason = "must be application/json";
            code = PlatformErrors.ContentTypeUnsupported;
        }
        else if (status == StatusCodes.Status413PayloadTooLarge)
        {
            field = "body";
            reason = "is larger than the server accepts";
            code = PlatformErrors.BodyTooLarge;
        }
        else
        {
            field = ParameterName(bad.Message) ?? "body";
            reason = bad.Message;
            code = PlatformErrors.ParameterInvalid;
        }

        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Extensions =
            {
                [ApiResults.CodeKey] = code,
                [ApiResults.CodesKey] = new Dictionary<string, string[]> { [field] = [code] },
            },
            Status = status,
            Title = status switch
            {
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                StatusCodes.Status413PayloadTooLarge => "Request too large",
                _ => "One or more validation errors occurred.",
            },
        };
    }

    private static JsonException? FindJson(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is JsonException j)
            {
                return j;
            }
        }

        return null;
    }

    private static string JsonField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }

    private static string? ParameterName(string message)
    {
        // Minimal API messages quote the parameter: Required parameter "CreateUnit request" was not provided…
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start >= 0 ? message.IndexOf('"', start + 1) : -1;
        if (start < 0 || end <= start)
        {
            return null;
        }

        // A property of an [AsParameters] query (RegisterQuery.Sort) is quoted by its C# name: the client sent the
        // query parameter, named in camelCase like every field of the API (sort, overdue).
        var quoted = message[(start + 1)..end];
        var space = quoted.LastIndexOf(' ');
        return JsonNamingPolicy.CamelCase.ConvertName(space >= 0 ? quoted[(space + 1)..] : quoted);
    }
}
