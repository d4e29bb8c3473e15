using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Http;

/// <summary>
/// Honours <c>Idempotency-Key</c> on API creates (POST): the first request runs and its answer is kept;
/// a retry with the same key and body gets the same answer (with <c>Idempotency-Replayed: true</c>) and
/// creates nothing; the same key with another body is refused with 422; a retry while the first is still
/// running gets 409. Keys are per caller and kept for a day.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext http, BeaconDbFactory dbs, TimeProvider clock)
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
            await ApiResults.Invalid(Header, "must be at most 200 characters").ExecuteAsync(http);
            return;
        }

        var caller = http.User.FindFirstValue(BeaconClaims.TokenId) ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        http.Request.EnableBuffering();
        using var hashing = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hashing.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            hashing.AppendData(buffer, 0, read);
        }

        http.Request.Body.Position = 0;
        var requestHash = Convert.ToHexStringLower(hashing.GetHashAndReset());

        await using var db = dbs.CreateForSystem();
        var now = clock.GetUtcNow();
        var record = new IdempotencyRecord { Caller = caller, Key = key, RequestHash = requestHash, CreatedAt = now };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var existing = await db.IdempotencyRecords.AsNoTracking()
                .SingleAsync(r => r.Caller == caller && r.Key == key, http.RequestAborted);
            if (existing.RequestHash != requestHash)
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was already used for a different request.",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [Header] = ["was used for a different request"] } })
                    .ExecuteAsync(http);
                return;
            }

            if (existing.StatusCode == 0 && now - existing.CreatedAt < Abandoned)
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress",
                    detail: "A request with this Idempotency-Key is still being processed; retry shortly.")
                    .ExecuteAsync(http);
                return;
            }

            if (existing.StatusCode != 0)
            {
                await ReplayAsync(http, existing);
                return;
            }

            // The first attempt was abandoned (the process stopped mid-request): run it again.
            record = await db.IdempotencyRecords.SingleAsync(r => r.Id == existing.Id, http.RequestAborted);
            record.CreatedAt = now;
            await db.SaveChangesAsync(http.RequestAborted);
        }

        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        if (http.Response.StatusCode >= 500)
        {
            db.IdempotencyRecords.Remove(record);
        }
        else
        {
            record.StatusCode = http.Response.StatusCode;
            record.ContentType = http.Response.ContentType;
            record.Location = http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null;
            record.ETag = http.Response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null;
            record.Body = captured.ToArray();
        }

        await db.SaveChangesAsync(CancellationToken.None);
        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
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
