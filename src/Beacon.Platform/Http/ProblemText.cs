using System.Text.Json;
using Beacon.Platform.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Beacon.Platform.Http;

/// <summary>What a handler answered, read back for a page: success with its value, field errors, or a problem, in the user's language.</summary>
public sealed record PageOutcome(bool Succeeded, object? Value, Dictionary<string, string> FieldErrors, string? Problem)
{
    public T? ValueAs<T>()
        where T : class => Value as T;
}

/// <summary>
/// The one place where a page turns a handler's answer into text. Handlers refuse with stable codes
/// (<see cref="ApiResults"/>); the text of code <c>x.y.z</c> is the resource <c>Error.x.y.z</c> of the page's module, else of
/// the kernel (<see cref="SharedResource"/>), else a general "the request could not be completed (status)". Pages never
/// read the English <see cref="ProblemDetails.Detail"/> or the reasons under <c>errors</c>: those are for integrations
/// and may be reworded at any time.
/// </summary>
public sealed class ProblemText(IStringLocalizer<SharedResource> kernel)
{
    /// <summary>
    /// Reads a handler's result: 2xx with its value; a 400's fields, keyed by <paramref name="fieldName"/> of the JSON name
    /// (default: the property name, <c>learnedAt</c> → <c>LearnedAt</c>), several texts of one field joined by "；"; or the
    /// problem's text.
    /// </summary>
    public PageOutcome Read(IResult result, IStringLocalizer module, Func<string, string>? fieldName = null) => result switch
    {
        ValidationProblem v => Read(v.ProblemDetails, module, fieldName),
        ProblemHttpResult p => Read(p.ProblemDetails, module, fieldName),
        IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } => new PageOutcome(true, (result as IValueHttpResult)?.Value, [], null),
        IStatusCodeHttpResult s => new PageOutcome(false, null, [], Text(CodeOfStatus(s.StatusCode), module, s.StatusCode)),
        _ => new PageOutcome(false, null, [], Text(PlatformErrors.Failed, module, StatusCodes.Status500InternalServerError)),
    };

    /// <summary>The same for a ProblemDetails (one read back from JSON too): a 400 gives field texts, any other status the problem's text.</summary>
    public PageOutcome Read(ProblemDetails problem, IStringLocalizer module, Func<string, string>? fieldName = null)
    {
        if (problem.Status is StatusCodes.Status400BadRequest && FieldCodes(problem) is { Count: > 0 } fields)
        {
            var name = fieldName ?? PropertyName;
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (field, codes) in fields)
            {
                var key = name(field);
                var text = string.Join("；", codes.Select(c => Text(c, module, problem.Status)).Distinct());
                texts[key] = texts.TryGetValue(key, out var before) ? before + "；" + text : text;
            }

            return new PageOutcome(false, null, texts, null);
        }

        return new PageOutcome(false, null, [], Text(CodeOf(problem), module, problem.Status));
    }

    /// <summary>The text of <paramref name="code"/>: the module's, else the kernel's, else the general text with the status.</summary>
    public string Text(string code, IStringLocalizer module, int? status = null) =>
        TryText(code, module, out var text) ? text : kernel["Error.Unknown", status ?? StatusCodes.Status400BadRequest].Value;

    /// <summary>True when the module or the kernel has a text for <paramref name="code"/>.</summary>
    public bool TryText(string code, IStringLocalizer module, out string text)
    {
        var key = "Error." + code;
        foreach (var l in new IStringLocalizer[] { module, kernel })
        {
            var found = l[key];
            if (!found.ResourceNotFound && !string.IsNullOrWhiteSpace(found.Value))
            {
                text = found.Value;
                return true;
            }
        }

        text = "";
        return false;
    }

    /// <summary>The problem's stable code (<c>code</c>), or the kernel's code for its status when it has none.</summary>
    public static string CodeOf(ProblemDetails problem) =>
        problem.Extensions.TryGetValue(ApiResults.CodeKey, out var code) && AsString(code) is { Length: > 0 } c ? c : CodeOfStatus(problem.Status);

    /// <summary>Each field's codes (<c>codes</c>); a field named under <c>errors</c> without codes gets the problem's code.</summary>
    public static Dictionary<string, string[]> FieldCodes(ProblemDetails problem)
    {
        var codes = problem.Extensions.TryGetValue(ApiResults.CodesKey, out var raw) ? AsMap(raw) : [];
        var fields = problem is HttpValidationProblemDetails v ? v.Errors
            : problem.Extensions.TryGetValue("errors", out var errors) ? AsMap(errors) : new Dictionary<string, string[]>();
        foreach (var field in fields.Keys.Where(f => !codes.ContainsKey(f)))
        {
            codes[field] = [CodeOf(problem)];
        }

        return codes;
    }

    /// <summary>The code of an answer that carries none of its own (written by the framework), by its status.</summary>
    public static string CodeOfStatus(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => PlatformErrors.ParameterInvalid,
        StatusCodes.Status401Unauthorized => PlatformErrors.Unauthenticated,
        StatusCodes.Status403Forbidden => PlatformErrors.Forbidden,
        StatusCodes.Status404NotFound => PlatformErrors.NotFound,
        StatusCodes.Status405MethodNotAllowed => PlatformErrors.MethodNotAllowed,
        StatusCodes.Status412PreconditionFailed => PlatformErrors.IfMatchStale,
        StatusCodes.Status413PayloadTooLarge => PlatformErrors.BodyTooLarge,
        StatusCodes.Status415UnsupportedMediaType => PlatformErrors.ContentTypeUnsupported,
        StatusCodes.Status428PreconditionRequired => PlatformErrors.IfMatchMissing,
        _ => PlatformErrors.Failed,
    };

    private static string PropertyName(string field) =>
        field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];

    private static string? AsString(object? value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => null,
    };

    private static Dictionary<string, string[]> AsMap(object? value)
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        switch (value)
        {
            case IDictionary<string, string[]> d:
                foreach (var (k, v) in d)
                {
                    map[k] = v;
                }

                break;
            case JsonElement { ValueKind: JsonValueKind.Object } e:
                foreach (var p in e.EnumerateObject())
                {
                    map[p.Name] = p.Value.ValueKind == JsonValueKind.Array
                        ? [.. p.Value.EnumerateArray().Select(x => x.ToString())]
                        : [p.Value.ToString()];
                }

                break;
        }

        return map;
    }
}
