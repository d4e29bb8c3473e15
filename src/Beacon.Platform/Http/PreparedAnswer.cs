using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Beacon.Platform.Http;

/// <summary>
/// An API answer rendered inside the transaction that makes the change (<see cref="Data.BeaconDbFactory.SaveInGroupAsync"/>),
/// so the answer kept for the request's <c>Idempotency-Key</c> is committed together with the change and the key: no
/// second write after it, and a retry after a crash gets the very answer the first request got. The endpoint returns it
/// as its result; <see cref="IdempotencyMiddleware"/> then sees it already kept. Decision 0011.
/// </summary>
public sealed class PreparedAnswer : IResult, IStatusCodeHttpResult, IValueHttpResult, IContentTypeHttpResult
{
    private readonly byte[] _body;

    private PreparedAnswer(int statusCode, string contentType, string? location, object? value, byte[] body)
    {
        StatusCode = statusCode;
        Value = value;
        ContentType = contentType;
        Location = location;
        _body = body;
    }

    public int StatusCode { get; }

    public string ContentType { get; }

    public string? Location { get; }

    /// <summary>The answer's value, for a page calling the handler in-process.</summary>
    public object? Value { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <summary>201 Created with <paramref name="location"/> and <paramref name="value"/> as JSON, as <c>TypedResults.Created</c> writes it.</summary>
    public static PreparedAnswer Created<T>(string location, T value, JsonSerializerOptions json) =>
        new(StatusCodes.Status201Created, "application/json; charset=utf-8", location, value, JsonSerializer.SerializeToUtf8Bytes(value, json));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = ContentType;
        if (Location is not null)
        {
            httpContext.Response.Headers.Location = Location;
        }

        await httpContext.Response.Body.WriteAsync(_body, httpContext.RequestAborted);
    }

    /// <summary>Puts this answer into <paramref name="record"/>, which is about to be inserted with the change.</summary>
    internal void KeepIn(IdempotencyRecord record) => record.TakeAnswer(StatusCode, ContentType, Location, null, _body);
}
