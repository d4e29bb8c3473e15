using System.Text.Json;
using Beacon.Platform.Http;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// An answer prepared in the change's transaction is what the client gets, and the middleware stores nothing more only
/// when the response sent is exactly the kept one (decision 0011).
/// </summary>
public sealed class PreparedAnswerTests
{
    [Fact]
    public async Task A_prepared_answer_sent_as_it_was_kept_is_recognised_as_kept()
    {
        var (record, http, body) = await SentAsync(PreparedAnswer.Created("/api/v1/things/1", new { 编号 = "150203-2026-0001" }, JsonSerializerOptions.Web));

        Assert.Equal(201, http.Response.StatusCode);
        Assert.Equal("/api/v1/things/1", http.Response.Headers.Location.ToString());
        Assert.Equal("application/json; charset=utf-8", http.Response.ContentType);
        Assert.Equal("150203-2026-0001", JsonDocument.Parse(body).RootElement.GetProperty("编号").GetString());
        // Nothing left to store: the middleware sees the answer kept with the change.
        Assert.False(IdempotencyMiddleware.TakeAnswer(record, http.Response, body));
    }

    [Fact]
    public async Task A_response_other_than_the_kept_answer_is_not_taken_for_it()
    {
        var answer = PreparedAnswer.Created("/api/v1/things/1", new { n = 1 }, JsonSerializerOptions.Web);

        var (record, http, body) = await SentAsync(answer);
        Assert.True(IdempotencyMiddleware.TakeAnswer(record, http.Response, [.. body, (byte)' ']));
        Assert.Equal([.. body, (byte)' '], Assert.IsType<byte[]>(record.Body));

        (record, http, body) = await SentAsync(answer);
        http.Response.Headers.Location = "/api/v1/things/2";
        Assert.True(IdempotencyMiddleware.TakeAnswer(record, http.Response, body));
        Assert.Equal("/api/v1/things/2", record.Location);

        (record, http, body) = await SentAsync(answer);
        http.Response.StatusCode = 200;
        Assert.True(IdempotencyMiddleware.TakeAnswer(record, http.Response, body));
        Assert.Equal(200, record.StatusCode);

        // A key stored without an answer (status 0) is never taken for an answered one.
        var unanswered = new IdempotencyRecord();
        Assert.True(IdempotencyMiddleware.TakeAnswer(unanswered, http.Response, body));
        Assert.Equal(body, unanswered.Body);
    }

    private static async Task<(IdempotencyRecord Record, DefaultHttpContext Http, byte[] Body)> SentAsync(PreparedAnswer answer)
    {
        var record = new IdempotencyRecord();
        answer.KeepIn(record);
        var http = new DefaultHttpContext();
        using var sent = new MemoryStream();
        http.Response.Body = sent;
        await answer.ExecuteAsync(http);
        return (record, http, sent.ToArray());
    }
}
