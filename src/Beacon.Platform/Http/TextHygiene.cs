using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Platform.Http;

/// <summary>
/// Input hygiene (ADR 0004): text that comes in may hold no control character other than tab, line feed and
/// carriage return — no C0 character (U+0000 NUL first of all), no DEL, no C1 character (U+007F–U+009F) — and
/// no unpaired surrogate (it has no UTF-8 form and no XML form). The edge refuses such text for every endpoint
/// (<see cref="InputHygieneMiddleware"/> for query strings, route values and forms,
/// <see cref="ControlCharacterJsonConverter"/> for every string of a JSON body); pages, which call handlers
/// directly, use <see cref="FindControlCharacter(object?)"/>. Text that must go out as XML (feeds, CAP, DOCX,
/// XLSX) passes through <see cref="ForXml(string?)"/>, so what is already stored never breaks a writer.
/// </summary>
public static class TextHygiene
{
    /// <summary>The stable code of a refused control character (ProblemDetails <c>code</c> and <c>codes</c>).</summary>
    public const string Code = PlatformErrors.ControlCharacter;

    /// <summary>The stable code of a request whose Content-Type declares a charset other than UTF-8 (415).</summary>
    public const string CharsetCode = PlatformErrors.Charset;

    /// <summary>The reason written under <c>errors</c> for the field.</summary>
    public const string Reason = "must not contain control characters (only tab, line feed and carriage return are allowed)";

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>True when <paramref name="c"/> may not appear in text: C0 but tab, LF, CR; DEL; C1.</summary>
    public static bool IsRefused(char c) =>
        c < '\u0020' ? c is not ('\t' or '\n' or '\r') : c is >= '\u007F' and <= '\u009F';

    /// <summary>The index of the first refused character (control character or unpaired surrogate), or -1.</summary>
    public static int IndexOfRefused(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0020' || c is >= '\u007F' and <= '\u009F')
            {
                if (IsRefused(c))
                {
                    return i;
                }
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return i;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when <paramref name="text"/> holds a refused character.</summary>
    public static bool HasRefused(string? text) => text is not null && IndexOfRefused(text) >= 0;

    /// <summary>
    /// The JSON path of the first text field of <paramref name="request"/> holding a refused character
    /// (<c>content.headline</c>, <c>areas[1].name</c>, <c>labels.key</c>), <c>""</c> when the request itself is such a
    /// string, or null when all its text is clean. Walks public properties of Beacon's own types, arrays, lists and
    /// dictionaries (keys and values); names are camel-case as the JSON API spells them.
    /// </summary>
    public static string? FindControlCharacter(object? request) => Find(request, "", 0);

    /// <summary>
    /// For a page's form errors, keyed by property name: the name of <paramref name="request"/>'s top-level property
    /// whose text (at any depth) holds a refused character, or null when all its text is clean.
    /// </summary>
    public static string? FindControlCharacterMember(object request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FindControlCharacter(request) is not { } path)
        {
            return null;
        }

        var end = path.IndexOfAny(['.', '[']);
        var top = end < 0 ? path : path[..end];
        return Properties.GetOrAdd(request.GetType(), PropertiesOf).FirstOrDefault(p => string.Equals(p.Name, top, StringComparison.OrdinalIgnoreCase))?.Name ?? top;
    }

    private static string? Find(object? value, string path, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return HasRefused(s) ? path : null;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                    var at = Join(path, key);
                    if (HasRefused(key))
                    {
                        return at;
                    }

                    if (depth < 32 && Find(entry.Value, at, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    if (depth < 32 && Find(item, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]", depth + 1) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
        }

        var type = value.GetType();
        if (depth >= 32 || type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("Beacon.", StringComparison.Ordinal) != true)
        {
            return null;
        }

        foreach (var property in Properties.GetOrAdd(type, PropertiesOf))
        {
            if (Find(property.GetValue(value), Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name)), depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static PropertyInfo[] PropertiesOf(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && !p.PropertyType.IsPrimitive && !p.PropertyType.IsEnum)];

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>
    /// The 400 answer naming <paramref name="field"/>: <c>errors</c> field → [reason], <c>code</c>
    /// <see cref="Code"/> and <c>codes</c> field → [<see cref="Code"/>].
    /// </summary>
    public static ValidationProblemDetails Problem(string field)
    {
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Reason] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = $"The field '{field}' contains a control character.",
        };
        problem.Extensions["code"] = Code;
        problem.Extensions["codes"] = new Dictionary<string, string[]> { [field] = [Code] };
        return problem;
    }

    /// <summary>The same answer as an <see cref="IResult"/>, for a handler or middleware.</summary>
    public static IResult Refused(string field) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [Reason] },
            detail: $"The field '{field}' contains a control character.",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = Code,
                ["codes"] = new Dictionary<string, string[]> { [field] = [Code] },
            });

    /// <summary>The 415 answer to a request whose Content-Type declares a charset other than UTF-8.</summary>
    public static IResult UnsupportedCharset(string charset) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Title = "Unsupported media type",
            Detail = $"The charset '{charset}' is not accepted: send UTF-8 (or no charset).",
            Extensions =
            {
                ["code"] = CharsetCode,
                ["errors"] = new Dictionary<string, string[]> { ["Content-Type"] = ["must be UTF-8 (charset=utf-8 or no charset)"] },
                ["codes"] = new Dictionary<string, string[]> { ["Content-Type"] = [CharsetCode] },
            },
        });

    /// <summary>
    /// <paramref name="text"/> with every character XML 1.0 cannot carry removed (C0 controls but tab, LF and CR,
    /// U+FFFE, U+FFFF and unpaired surrogates), so an XML, DOCX or XLSX writer never throws on stored text. Returns
    /// the same instance when there is nothing to remove.
    /// </summary>
    public static string ForXml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstInvalidXml(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (IsXmlChar(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary><see cref="ForXml(string)"/> for optional text: null stays null.</summary>
    public static string? ForXmlOrNull(string? text) => text is null ? null : ForXml(text);

    private static int FirstInvalidXml(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsXmlChar(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsXmlChar(char c) =>
        c >= '\u0020' ? c is < '\uD800' or (> '\uDFFF' and < '\uFFFE') : c is '\t' or '\n' or '\r';
}
