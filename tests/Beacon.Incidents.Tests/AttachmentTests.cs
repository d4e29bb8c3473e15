using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Beacon.Incidents.Attachments;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>Incident attachments (附件): recognised by content, stored once per incident, only ever downloaded, kept in scope.</summary>
public abstract class AttachmentTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const long MaxBytes = 20 * 1024 * 1024;

    [Fact]
    public async Task A_photo_is_uploaded_listed_and_downloaded_as_a_file_with_its_hash()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);
        var photo = Jpeg(5000);

        var uploaded = await UploadAsync(duty, incident.Id, "现场照片 1.jpg", photo, "image/jpeg");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var view = await uploaded.ReadAsync<AttachmentView>();
        Assert.Equal("现场照片 1.jpg", view.FileName);
        Assert.Equal("image/jpeg", view.ContentType);
        Assert.Equal(photo.Length, view.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), view.Sha256);
        Assert.Equal("duty.150203", view.UploadedBy);
        Assert.Equal($"/api/v1/attachments/{view.Id}/content", uploaded.Headers.Location?.OriginalString);

        var list = await (await duty.GetAsync($"/api/v1/incidents/{incident.Id}/attachments", Ct)).ReadAsync<List<AttachmentView>>();
        Assert.Equal(view.Id, Assert.Single(list).Id);

        // The prefecture above sees and downloads it too.
        var prefecture = await Beacon.SignInAsync("duty.150200");
        using var download = await prefecture.GetAsync($"/api/v1/attachments/{view.Id}/content", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(view.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("现场照片 1.jpg", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_incident_page_lists_attachments_with_a_download_link_and_offers_an_upload()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);
        var view = await (await UploadAsync(duty, incident.Id, "现场照片.jpg", Jpeg(1500, seed: 5), "image/jpeg")).ReadAsync<AttachmentView>();

        var html = await duty.GetStringAsync($"/incidents/{incident.Id}", Ct);

        Assert.Contains("现场照片.jpg", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"api/v1/attachments/{view.Id}/content\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"attachment-input\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_office_document_is_recognised_and_downloaded_as_octet_stream()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);

        var uploaded = await UploadAsync(duty, incident.Id, "续报材料.docx", Docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var view = await uploaded.ReadAsync<AttachmentView>();
        using var download = await duty.GetAsync($"/api/v1/attachments/{view.Id}/content", Ct);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
    }

    public static TheoryData<string, string, byte[], string> Refused => new()
    {
        { "HTML named .jpg", "照片.jpg", Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>"), "image/jpeg" },
        { "HTML declared as HTML", "说明.txt", Encoding.UTF8.GetBytes("情况说明"), "text/html" },
        { "markup in a text file", "说明.txt", Encoding.UTF8.GetBytes("<!DOCTYPE html><body onload=alert(1)>"), "text/plain" },
        { "an HTML page", "page.html", Encoding.UTF8.GetBytes("<html></html>"), "text/html" },
        { "an SVG image", "map.svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "image/svg+xml" },
        { "a program", "tool.exe", [0x4D, 0x5A, 0x90, 0x00], "application/octet-stream" },
        { "a zip named .docx", "报告.docx", Zip("readme.txt"), "application/octet-stream" },
        { "no extension", "照片", Jpeg(100), "image/jpeg" },
        { "an empty file", "空.pdf", [], "application/pdf" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_file_that_is_not_what_it_claims_or_not_accepted_gets_400_naming_file_and_stores_nothing(string why, string name, byte[] content, string type)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);

        var response = await UploadAsync(duty, incident.Id, name, content, type);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("file", out _), why);
        Assert.Equal(0, await CountAsync(incident.Id));
    }

    [Fact]
    public async Task A_file_over_the_limit_gets_413_naming_file()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);

        var justOver = await UploadAsync(duty, incident.Id, "大图.jpg", Jpeg((int)MaxBytes + 1), "image/jpeg");
        var farOver = await UploadAsync(duty, incident.Id, "更大.jpg", Jpeg((int)MaxBytes + 200_000), "image/jpeg");

        foreach (var response in new[] { justOver, farOver })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("file", out _));
        }

        Assert.Equal(0, await CountAsync(incident.Id));
    }

    [Fact]
    public async Task The_same_content_uploaded_twice_is_one_attachment()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);
        var scan = Pdf();

        var first = await UploadAsync(duty, incident.Id, "书面报告.pdf", scan, "application/pdf");
        var again = await UploadAsync(duty, incident.Id, "书面报告(1).pdf", scan, "application/pdf");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.ReadAsync<AttachmentView>()).Id, (await again.ReadAsync<AttachmentView>()).Id);
        Assert.Equal(1, await CountAsync(incident.Id));
        await using var db = Beacon.Db();
        Assert.Equal(1, await db.Set<AttachmentContent>().CountAsync(c => db.Set<Attachment>().Any(a => a.Id == c.AttachmentId && a.IncidentId == incident.Id), Ct));
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_is_replayed()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);
        var key = "upload-" + Guid.NewGuid();

        // A retry resends the same bytes: the same multipart boundary.
        var first = await SendAsync();
        var retry = await SendAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotency-Replayed").Single());
        Assert.Equal(1, await CountAsync(incident.Id));

        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{incident.Id}/attachments")
            {
                Content = Form("值班记录.txt", Encoding.UTF8.GetBytes("二〇二六年值班记录：一切正常。"), "text/plain", boundary: "beacon-retry"),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await duty.SendAsync(request, Ct);
        }
    }

    [Fact]
    public async Task A_neighbouring_county_can_neither_list_download_nor_upload()
    {
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(kundulun);
        var view = await (await UploadAsync(kundulun, incident.Id, "现场.png", Png(), "image/png")).ReadAsync<AttachmentView>();
        var qingshan = await Beacon.SignInAsync("duty.150204");

        var list = await qingshan.GetAsync($"/api/v1/incidents/{incident.Id}/attachments", Ct);
        var download = await qingshan.GetAsync($"/api/v1/attachments/{view.Id}/content", Ct);
        var upload = await UploadAsync(qingshan, incident.Id, "越界.png", Png(7), "image/png");

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        Assert.DoesNotContain("现场", await download.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(incident.Id));
    }

    [Fact]
    public async Task Viewers_read_attachments_but_do_not_upload()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);
        await UploadAsync(duty, incident.Id, "现场.png", Png(3), "image/png");
        var viewer = await Beacon.SignInAsync("viewer.150203");

        var upload = await UploadAsync(viewer, incident.Id, "查看.png", Png(4), "image/png");

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Single(await (await viewer.GetAsync($"/api/v1/incidents/{incident.Id}/attachments", Ct)).ReadAsync<List<AttachmentView>>());
    }

    [Fact]
    public async Task Every_upload_is_audited_without_its_bytes()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await NewIncidentAsync(duty);
        var photo = Jpeg(3000, seed: 11);

        var view = await (await UploadAsync(duty, incident.Id, "审计.jpg", photo, "image/jpeg")).ReadAsync<AttachmentView>();
        await UploadAsync(duty, incident.Id, "审计-副本.jpg", photo, "image/jpeg");

        await using var db = Beacon.Db();
        var entries = await db.AuditEntries.Where(e => e.EntityId == view.Id.ToString()).ToListAsync(Ct);
        var created = Assert.Single(entries, e => e.Action == "attachment.created");
        Assert.Equal("duty.150203", created.UserName);
        Assert.Contains(view.Sha256, created.Summary, StringComparison.Ordinal);
        Assert.Single(entries, e => e.Action == "attachment.uploaded-again");
        var content = Assert.Single(entries, e => e.Action == "attachment-content.created");
        Assert.Contains($"({photo.Length} bytes)", content.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(photo)[..40], content.Summary, StringComparison.Ordinal);
    }

    private async Task<ReportedIncident> NewIncidentAsync(HttpClient duty) =>
        await (await duty.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid incidentId, string name, byte[] content, string type)
    {
        using var form = Form(name, content, type);
        return await client.PostAsync($"/api/v1/incidents/{incidentId}/attachments", form, Ct);
    }

    internal static MultipartFormDataContent Form(string name, byte[] content, string type, string? boundary = null)
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        var form = boundary is null ? new MultipartFormDataContent() : new MultipartFormDataContent(boundary);
        form.Add(part, "file", name);
        return form;
    }

    private async Task<int> CountAsync(Guid incidentId)
    {
        await using var db = Beacon.Db();
        return await db.Set<Attachment>().CountAsync(a => a.IncidentId == incidentId, Ct);
    }

    internal static byte[] Jpeg(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }

    internal static byte[] Png(int seed = 1)
    {
        var bytes = new byte[2048];
        new Random(seed).NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    private static byte[] Docx() => Zip("[Content_Types].xml", "word/document.xml");

    private static byte[] Zip(params string[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        }

        return stream.ToArray();
    }
}

public sealed class AttachmentTestsOnSqlite(SqliteBeacon beacon) : AttachmentTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class AttachmentTestsOnPostgres(PostgresBeacon beacon) : AttachmentTests(beacon), IClassFixture<PostgresBeacon>;
