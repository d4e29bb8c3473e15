using System.Text;
using Microsoft.AspNetCore.Http;
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
        if (request.ContentType is { Length: > 0 } contentType && Charset(contentType) is { } charset && !IsUtf8(charset))
        {
            await TextHygiene.UnsupportedCharset(charset).ExecuteAsync(http);
            return;
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

    private static string? Charset(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue
            ? HeaderUtilities.RemoveQuotes(media.Charset).ToString().Trim()
            : null;

    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static string? Find(HttpRequest request)
    {
        if (request.QueryString.HasValue)
        {
            foreach (var (name, values) in request.Query)
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
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or DecoderFallbackException)
        {
            // An unreadable form is its endpoint's to answer (the failed read is kept and seen again there).
            return null;
        }

        foreach (var (name, values) in form)
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

        foreach (var file in form.Files)
        {
            if (TextHygiene.HasRefused(file.Name))
            {
                return file.Name;
            }

            if (TextHygiene.HasRefused(file.FileName))
            {
                return file.Name;
            }
        }

        return null;
    }
}
