using System.Security.Cryptography;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Attachments;

/// <summary>A file as it arrived: the client's name and declared type, and its bytes.</summary>
public sealed record UploadedFile(string? FileName, string? DeclaredContentType, byte[] Bytes, Guid? ReportId = null);

public sealed record AttachmentView(
    Guid Id, Guid IncidentId, Guid? ReportId, string FileName, string ContentType, long Size, string Sha256,
    string UploadedBy, string Unit, DateTimeOffset UploadedAt);

/// <summary>
/// Incident attachments (附件): uploaded by a reporting unit that can see the incident, listed with the incident,
/// downloaded only as a file (never rendered by the browser). Every upload is audited.
/// </summary>
public sealed class AttachmentsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<IncidentsOptions> options)
{
    public const string Field = "file";

    private AttachmentOptions Limits => options.Value.Attachments;

    /// <summary>Reads <c>multipart/form-data</c> (field <c>file</c>, optional <c>reportId</c>) once the incident is known to be in scope.</summary>
    public async Task<IResult> UploadAsync(Guid incidentId, HttpRequest request, CancellationToken ct)
    {
        if (await CheckIncidentAsync(incidentId, ct) is { } refused)
        {
            return refused;
        }

        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the file as multipart/form-data in the field 'file'.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["Content-Type"] = ["must be multipart/form-data"] } });
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return ApiResults.Invalid(Field, "is not a readable multipart/form-data body");
        }

        var part = form.Files.GetFile(Field);
        if (part is null)
        {
            return ApiResults.Invalid(Field, "is required (multipart/form-data field 'file')");
        }

        Guid? reportId = null;
        if (form["reportId"].ToString() is { Length: > 0 } text)
        {
            if (!Guid.TryParse(text, out var parsed))
            {
                return ApiResults.Invalid("reportId", "is not a valid id");
            }

            reportId = parsed;
        }

        if (part.Length > Limits.MaxBytes)
        {
            return ApiResults.TooLarge(Limits.MaxBytes, Field);
        }

        var bytes = new byte[part.Length];
        await using (var stream = part.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        return await UploadAsync(incidentId, new UploadedFile(part.FileName, part.ContentType, bytes, reportId), ct);
    }

    /// <summary>
    /// Checks and stores a file: 201 with the new attachment, or 200 with the existing one when the same content is
    /// already attached to this incident (nothing new is stored).
    /// </summary>
    public async Task<IResult> UploadAsync(Guid incidentId, UploadedFile file, CancellationToken ct)
    {
        if (await CheckIncidentAsync(incidentId, ct) is { } refused)
        {
            return refused;
        }

        if (file.Bytes.Length == 0)
        {
            return ApiResults.Invalid(Field, "is empty");
        }

        if (file.Bytes.Length > Limits.MaxBytes)
        {
            return ApiResults.TooLarge(Limits.MaxBytes, Field);
        }

        var name = FileTypes.SanitiseName(file.FileName);
        if (name is null)
        {
            return ApiResults.Invalid(Field, "needs a file name");
        }

        if (FileTypes.IsActive(file.DeclaredContentType))
        {
            return ApiResults.Invalid(Field, "HTML, SVG, XML and scripts are not accepted");
        }

        var extension = FileTypes.ExtensionOf(name);
        if (!Limits.Allowed.Contains(extension))
        {
            return ApiResults.Invalid(Field, "is not an accepted file type");
        }

        if (FileTypes.Detect(extension, file.Bytes) is not { } detected)
        {
            return ApiResults.Invalid(Field, "content does not match its file type");
        }

        var scope = await scopes.GetAsync(ct);
        var actor = scopes.Actor;
        await using var db = dbs.CreateDbContext();
        var incident = await db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId).SingleAsync(i => i.Id == incidentId, ct);
        if (file.ReportId is { } reportId && !await db.Set<IncidentReport>().AnyAsync(r => r.Id == reportId && r.IncidentId == incidentId, ct))
        {
            return ApiResults.Invalid("reportId", "is not a report of this incident");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Bytes));
        if (await ExistingAsync(db, incidentId, sha256, name, ct) is { } existing)
        {
            return existing;
        }

        var attachment = new Attachment
        {
            IncidentId = incident.Id,
            ReportId = file.ReportId,
            JurisdictionId = incident.OriginJurisdictionId,
            UnitId = actor.UnitId!.Value,
            FileName = name,
            DeclaredContentType = file.DeclaredContentType is { Length: > 0 } d ? d[..Math.Min(d.Length, 100)] : null,
            ContentType = detected,
            Size = file.Bytes.Length,
            Sha256 = sha256,
            UploadedById = actor.UserId,
            UploadedBy = actor.UserName,
            UploadedAt = clock.GetUtcNow(),
        };
        db.Add(attachment);
        db.Add(new AttachmentContent { AttachmentId = attachment.Id, Bytes = file.Bytes });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same content arrived twice at once: the other upload won.
            db.ChangeTracker.Clear();
            if (await ExistingAsync(db, incidentId, sha256, name, ct) is { } raced)
            {
                return raced;
            }

            throw;
        }

        return TypedResults.Created($"/api/v1/attachments/{attachment.Id}/content", (await ViewsAsync(db, q => q.Where(a => a.Id == attachment.Id), ct)).Single());
    }

    /// <summary>The incident's attachments, oldest first; null when the incident is not in the caller's scope.</summary>
    public async Task<List<AttachmentView>?> ListAsync(Guid incidentId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        if (!await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).AnyAsync(i => i.Id == incidentId, ct))
        {
            return null;
        }

        return await ViewsAsync(db, q => q.Where(a => a.IncidentId == incidentId), ct);
    }

    /// <summary>
    /// The file, always as a download: <c>Content-Disposition: attachment</c> with the UTF-8 name (RFC 6266 / 5987),
    /// <c>nosniff</c>, a sandboxing CSP, and application/octet-stream unless the content was verified as PDF or an image.
    /// </summary>
    public async Task<IResult> DownloadAsync(Guid id, HttpResponse response, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var attachment = await db.Set<Attachment>().AsNoTracking().InScope(scope, a => a.JurisdictionId)
            .Where(a => a.Id == id).Select(a => new { a.FileName, a.ContentType }).SingleOrDefaultAsync(ct);
        if (attachment is null)
        {
            return ApiResults.NotFound("Attachment");
        }

        var bytes = await db.Set<AttachmentContent>().AsNoTracking().Where(c => c.AttachmentId == id).Select(c => c.Bytes).SingleAsync(ct);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox";
        response.Headers.CacheControl = "private, no-store";
        var type = FileTypes.Displayable.Contains(attachment.ContentType) ? attachment.ContentType : "application/octet-stream";
        return TypedResults.File(bytes, type, attachment.FileName);
    }

    /// <summary>Null when the caller may attach files to the incident; otherwise the answer (404 out of scope, 403 without a unit).</summary>
    private async Task<IResult?> CheckIncidentAsync(Guid incidentId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        if (!await db.Set<Incident>().InScope(scope, i => i.OriginJurisdictionId).AnyAsync(i => i.Id == incidentId, ct))
        {
            return ApiResults.NotFound("Incident");
        }

        return scopes.Actor.UnitId is null ? ApiResults.Forbidden("Only an account or token of a unit can add attachments.") : null;
    }

    private static async Task<IResult?> ExistingAsync(BeaconDb db, Guid incidentId, string sha256, string name, CancellationToken ct)
    {
        var existing = (await ViewsAsync(db, q => q.Where(a => a.IncidentId == incidentId && a.Sha256 == sha256), ct)).SingleOrDefault();
        if (existing is null)
        {
            return null;
        }

        db.Audit("attachment.uploaded-again", nameof(Attachment), existing.Id.ToString(), new { fileName = name, sha256 });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(existing);
    }

    private static Task<List<AttachmentView>> ViewsAsync(BeaconDb db, Func<IQueryable<Attachment>, IQueryable<Attachment>> filter, CancellationToken ct) =>
        filter(db.Set<Attachment>().AsNoTracking()).OrderBy(a => a.UploadedAt).ThenBy(a => a.Id).Take(1000)
            .Select(a => new AttachmentView(a.Id, a.IncidentId, a.ReportId, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedBy,
                db.Units.Where(u => u.Id == a.UnitId).Select(u => u.Name).First(), a.UploadedAt))
            .ToListAsync(ct);
}

internal static class AttachmentsEndpoints
{
    /// <summary>Room for the multipart framing around a file of the largest accepted size.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static void Map(RouteGroupBuilder api, RouteGroupBuilder reporters)
    {
        var limits = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<IncidentsOptions>>().Value.Attachments;
        reporters.MapPost("/incidents/{id:guid}/attachments", (AttachmentsHandler h, Guid id, HttpRequest request, CancellationToken ct) => h.UploadAsync(id, request, ct))
            .WithMetadata(new RequestBodyLimit(limits.MaxBytes + MultipartOverhead, AttachmentsHandler.Field))
            .WithName("UploadAttachment").WithTags("Attachments").TakesBody(RawBody.Multipart(AttachmentsHandler.Field, "reportId"))
            .Produces<AttachmentView>(StatusCodes.Status201Created).Produces<AttachmentView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Attaches a file (附件) to an incident: multipart/form-data field 'file', optional 'reportId'; the same content again returns the existing attachment (200)");
        api.MapGet("/incidents/{id:guid}/attachments", async Task<IResult> (AttachmentsHandler h, Guid id, CancellationToken ct) =>
                await h.ListAsync(id, ct) is { } list ? TypedResults.Ok(list) : ApiResults.NotFound("Incident"))
            .WithName("ListAttachments").WithTags("Attachments").Produces<List<AttachmentView>>().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("An incident's attachments (附件), oldest first");
        api.MapGet("/attachments/{id:guid}/content", (AttachmentsHandler h, Guid id, HttpResponse response, CancellationToken ct) => h.DownloadAsync(id, response, ct))
            .WithName("DownloadAttachment").WithTags("Attachments").ProducesFile("application/octet-stream").ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Downloads an attachment, always as a file (Content-Disposition: attachment, nosniff, sandboxed)");
    }
}
