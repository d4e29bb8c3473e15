using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Beacon.Platform.Http;

/// <summary>
/// The edge's input hygiene for every request (ADR 0004): a Content-Type declaring a charset other than UTF-8 is
/// refused with 415 (<see cref="TextHygiene.CharsetCode"/>); a control character in a query-string name or value,
/// a route value, or a form's field name, value or file name is refused with 400 naming the field
/// (<see cref="TextHygiene.Code"/>). JSON bodies are checked while they are read
/// (<see cref="ControlCharacterJsonConverter"/>). Nothing reaches a handler, so nothing is stored.
/// </summary>
public sealed class InputHygieneMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentType is { Length: > 0 } contentType && MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue)
        {
            var charset = HeaderUtilities.RemoveQuotes(media.Charset).ToString().Trim();
            if (!IsUtf8(charset))
            {
                await TextHygiene.UnsupportedCharset(charset).ExecuteAsync(http);
                return;
            }

            if (media.Charset.Value != "utf-8")
            {
                // charset="UTF-8" or utf8: the same thing, written the one way the framework's readers know.
                media.Charset = "utf-8";
                request.ContentType = media.ToString();
            }
        }

        if (Find(request) is { } field)
        {
            await TextHygiene.Refused(field).ExecuteAsync(http);
            return;
        }

        if (request.HasFormContentType && await FindInFormAsync(request, http.RequestAborted) is { } formField)
        {
            await TextHygiene.Refused(formField).ExecuteAsync(http);
            return;
        }

        await next(http);
    }

    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static string? Find(HttpRequest request)
    {
        if (request.QueryString.HasValue && FirstRefused(request.Query) is { } field)
        {
            return field;
        }

        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && TextHygiene.HasRefused(text))
            {
                return name;
            }
        }

        return null;
    }

    private static async Task<string?> FindInFormAsync(HttpRequest request, CancellationToken ct)
    {
        // The framework's own reader refuses a NUL in a url-encoded form without naming the field: such a
        // (small) body is kept so that it can be read again to name it.
        var urlEncoded = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (urlEncoded)
        {
            request.EnableBuffering();
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException) when (urlEncoded)
        {
            request.Body.Position = 0;
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            var text = await reader.ReadToEndAsync(ct);
            request.Body.Position = 0;
            return FirstRefused(QueryHelpers.ParseQuery(text));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or DecoderFallbackException)
        {
            // An unreadable form is its endpoint's to answer (the failed read is kept and seen again there).
            return null;
        }

        if (FirstRefused(form) is { } field)
        {
            return field;
        }

        foreach (var file in form.Files)
        {
            if (TextHygiene.HasRefused(file.Name) || TextHygiene.HasRefused(file.FileName))
            {
                return file.Name;
            }
        }

        return null;
    }

    private static string? FirstRefused(IEnumerable<KeyValuePair<string, StringValues>> pairs)
    {
        foreach (var (name, values) in pairs)
        {
            if (TextHygiene.HasRefused(name))
            {
                return name;
            }

            foreach (var value in values)
            {
                if (TextHygiene.HasRefused(value))
                {
                    return name;
                }
            }
        }

        return null;
    }
}
