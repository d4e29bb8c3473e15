using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Beacon.Platform.Http;

/// <summary>
/// Honours <c>Idempotency-Key</c> on API creates (POST): the first request runs and its answer is kept;
/// a retry with the same key and body gets the same answer (with <c>Idempotency-Replayed: true</c>) and
/// creates nothing; the same key with another body is refused with 422; a retry while the first is still
/// running gets 409. Keys are per caller and kept for a day. A request that saved nothing (refused, 4xx) is not
/// remembered: its retry is checked again and answered the same way.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext http, BeaconDbFactory dbs, PendingIdempotency pending, GroupCommit commits, TimeProvider clock,
        ILogger<IdempotencyMiddleware> logger)
    {
        var key = http.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(http.Request.Method) || string.IsNullOrEmpty(key)
            || !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }

        if (key.Length > 200)
        {
            await ApiResults.Invalid(Header, PlatformErrors.IdempotencyKeyTooLong, "must be at most 200 characters").ExecuteAsync(http);
            return;
        }

        var caller = http.User.FindFirstValue(BeaconClaims.TokenId) ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        http.Request.EnableBuffering();
        using var hashing = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hashing.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        // A pooled buffer: every keyed write (each first report) reads its body here, and a fresh 16 KB array per request
        // was a large share of what the write path allocated.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                hashing.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        http.Request.Body.Position = 0;
        var requestHash = Convert.ToHexStringLower(hashing.GetHashAndReset());

        var existing = await FindAsync(dbs, caller, key, http.RequestAborted);
        if (existing is not null)
        {
            await AnswerRepeatAsync(http, existing, requestHash);
            return;
        }

        // The record is written by the request's first saving transaction (BeaconDb), so the change and the key are
        // committed together or not at all: no extra commit before the work, and no window in which a crash leaves
        // the change stored without its key.
        pending.Record = new IdempotencyRecord { Caller = caller, Key = key, RequestHash = requestHash, CreatedAt = clock.GetUtcNow() };
        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        catch (DbUpdateException) when (!pending.Written)
        {
            // A concurrent request with the same key committed first (the unique key refused this one's transaction).
            http.Response.Body = original;
            var winner = await FindAsync(dbs, caller, key, http.RequestAborted);
            if (winner is null)
            {
                throw;
            }

            http.Response.Clear();
            await AnswerRepeatAsync(http, winner, requestHash);
            return;
        }
        finally
        {
            http.Response.Body = original;
        }

        // Only a request that saved something is remembered; one that saved nothing (refused, a read) is simply
        // answered again on a retry. An answer prepared in the change's own transaction is kept already.
        if (pending.Written && TakeAnswer(pending.Record, http.Response, captured.ToArray()))
        {
            try
            {
                await commits.SaveAnswerAsync(pending.Record);
            }
            catch (Exception failure) when (failure is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                // The change itself is committed: the client gets its answer; only a later retry finds no stored answer (409).
                logger.LogWarning(failure, "The answer kept for Idempotency-Key {Key} could not be saved; a retry will get 409", key);
            }
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>
    /// Puts the answer <paramref name="response"/> gave into <paramref name="record"/>; false when the record held exactly
    /// that answer already (prepared and kept in the change's own transaction), so there is nothing left to store.
    /// </summary>
    internal static bool TakeAnswer(IdempotencyRecord record, HttpResponse response, byte[] body) =>
        record.TakeAnswer(response.StatusCode, response.ContentType,
            response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null, body);

    /// <summary>The record of <paramref name="caller"/>'s <paramref name="key"/>, if any: plain SQL, run on every keyed request.</summary>
    private static async Task<IdempotencyRecord?> FindAsync(BeaconDbFactory dbs, string caller, string key, CancellationToken ct)
    {
        await using var connection = dbs.CreateReadConnection();
        await connection.OpenAsync(ct);
        await using var find = connection.CreateCommand();
        find.CommandText = """
            SELECT "RequestHash", "StatusCode", "ContentType", "Location", "ETag", "Body"
            FROM idempotency_records WHERE "Caller" = @caller AND "Key" = @key
            """;
        await using var row = await find.WithParameter("@caller", caller).WithParameter("@key", key).ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
        {
            return null;
        }

        string? Text(int i) => row.IsDBNull(i) ? null : row.GetString(i);
        return new IdempotencyRecord
        {
            Caller = caller,
            Key = key,
            RequestHash = row.GetString(0),
            StatusCode = row.GetInt32(1),
            ContentType = Text(2),
            Location = Text(3),
            ETag = Text(4),
            Body = row.IsDBNull(5) ? null : (byte[])row.GetValue(5),
        };
    }

    private static async Task AnswerRepeatAsync(HttpContext http, IdempotencyRecord existing, string requestHash)
    {
        if (existing.RequestHash != requestHash)
        {
            await ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", PlatformErrors.IdempotencyKeyReused,
                "This Idempotency-Key was already used for a different request.",
                [new FieldError(Header, PlatformErrors.IdempotencyKeyReused, "was used for a different request")])
                .ExecuteAsync(http);
            return;
        }

        if (existing.StatusCode == 0)
        {
            // The first request's change is committed and its answer is being stored (or was lost when the server
            // stopped right then): never run it a second time.
            await ApiResults.Problem(StatusCodes.Status409Conflict, "Request already processed", PlatformErrors.IdempotencyKeyInProgress,
                "A request with this Idempotency-Key was processed and its answer is not available yet; retry shortly, or look the record up.",
                [new FieldError(Header, PlatformErrors.IdempotencyKeyInProgress, "was already processed")])
                .ExecuteAsync(http);
            return;
        }

        await ReplayAsync(http, existing);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord record)
    {
        http.Response.StatusCode = record.StatusCode;
        http.Response.Headers["Idempotency-Replayed"] = "true";
        if (record.ContentType is not null)
        {
            http.Response.ContentType = record.ContentType;
        }

        if (record.Location is not null)
        {
            http.Response.Headers.Location = record.Location;
        }

        if (record.ETag is not null)
        {
            http.Response.Headers.ETag = record.ETag;
        }

        if (record.Body is { Length: > 0 } body)
        {
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
        }
    }
}

/// <summary>
/// The <c>Idempotency-Key</c> of the current request. <see cref="BeaconDb"/> writes <see cref="Record"/> in the
/// request's first saving transaction, so the change and its key commit together.
/// </summary>
public sealed class PendingIdempotency
{
    public IdempotencyRecord? Record { get; set; }

    /// <summary>True once a saving transaction has committed the record.</summary>
    public bool Written { get; set; }
}
