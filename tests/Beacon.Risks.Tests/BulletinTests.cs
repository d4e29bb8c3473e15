using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Risks.Bulletins;
using Beacon.Risks.Rounds;
using Beacon.Testing;
using DocumentFormat.OpenXml.Packaging;
using Xunit;

namespace Beacon.Risks.Tests;

/// <summary>
/// Issue 18, items 5 and acceptance 4 (API side): an issue compiled from a round's returns, edited and reordered,
/// exported as DOCX that reads back with its number and sections, and as PDF whose first page renders Chinese text.
/// </summary>
public abstract class BulletinTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task An_issue_compiled_from_a_round_reads_back_from_docx_and_its_pdf_renders_chinese()
    {
        var city = await Beacon.SignInAsync("duty.150200");
        var round = await (await city.PostJsonAsync("/api/v1/risks/rounds", new
        {
            title = "第四季度城市燃气专项排查",
            kind = "Special",
            jurisdictionCodes = new[] { "150203", "150204" },
            dueAt = Beacon.Clock.GetUtcNow().AddDays(2),
        })).ReadAsync<RoundView>();
        var county = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(HttpStatusCode.OK, (await county.PostJsonAsync($"/api/v1/risks/rounds/{round.Id}/returns", new
        {
            isNil = false,
            summary = "排查燃气管道15公里。",
            findings = new[] { new { kind = "NewHazard", description = "友谊大街燃气管道被占压" } },
        })).StatusCode);

        var today = DateOnly.FromDateTime(Beacon.Clock.GetUtcNow().AddHours(8).DateTime);
        var compiled = await city.PostJsonAsync("/api/v1/risks/bulletins", new { periodFrom = today.AddDays(-7), periodTo = today.AddDays(3), editor = "王编辑", signer = "李主任" });
        Assert.Equal(HttpStatusCode.Created, compiled.StatusCode);
        var issue = await compiled.ReadAsync<BulletinView>();
        Assert.Equal("包头市应急管理动态信息", issue.Title);
        var first = issue.Sections[0];
        Assert.Equal("一、风险隐患排查情况", first.Heading);
        Assert.Contains("第四季度城市燃气专项排查", first.Body, StringComparison.Ordinal);
        Assert.Contains("应报送2个单位，按时报送1个", first.Body, StringComparison.Ordinal);
        Assert.Contains("友谊大街燃气管道被占压", first.Body, StringComparison.Ordinal);

        // The same number twice this year is refused.
        var again = await city.PostJsonAsync("/api/v1/risks/bulletins", new { periodFrom = today, periodTo = today, editor = "王编辑", number = issue.Number });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(RisksErrors.BulletinNumberTaken, await again.CodeAsync());

        // Edit: a lead section first, the compiled ones after it in reverse order.
        var sections = new List<object> { new { heading = "领导批示", body = "请各地区认真抓好整改落实。" } };
        sections.AddRange(issue.Sections.Reverse().Select(s => (object)new { heading = s.Heading, body = s.Body }));
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/risks/bulletins/{issue.Id}")
        {
            Content = JsonContent.Create(new { title = issue.Title, issueDate = issue.IssueDate, editor = "王编辑", signer = "李主任", distribution = issue.Distribution, sections }, options: BeaconFactory.Json),
        };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{issue.Version}\""));
        var updated = await (await city.SendAsync(put, Ct)).ReadAsync<BulletinView>();
        Assert.Equal(new[] { "领导批示" }.Concat(issue.Sections.Reverse().Select(s => s.Heading)), updated.Sections.Select(s => s.Heading));

        // Search finds it by its text.
        Assert.Contains(await city.GetAllPagesAsync<BulletinListItem>("/api/v1/risks/bulletins?q=" + Uri.EscapeDataString("友谊大街"), Ct), b => b.Id == issue.Id);

        // DOCX: the masthead, the issue number and the sections in order.
        var docx = await city.GetAsync($"/api/v1/risks/bulletins/{issue.Id}/document.docx", Ct);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct)), false))
        {
            var paragraphs = doc.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
            Assert.Equal("包头市应急管理动态信息", paragraphs[0]);
            Assert.Equal($"第{issue.Number}期", paragraphs[1]);
            var headings = updated.Sections.Select(s => paragraphs.IndexOf(s.Heading)).ToList();
            Assert.DoesNotContain(-1, headings);
            Assert.Equal(headings.Order(), headings);
            Assert.Contains(paragraphs, p => p.Contains("友谊大街燃气管道被占压", StringComparison.Ordinal));
            Assert.Contains("编辑：王编辑　　签发：李主任", paragraphs);
        }

        // PDF: page 1 as an image is not blank, and the text is Chinese in a CJK font.
        var pdf = await city.GetAsync($"/api/v1/risks/bulletins/{issue.Id}/document.pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        await PdfChecks.AssertRendersChineseAsync(await pdf.Content.ReadAsByteArrayAsync(Ct), "包头市应急管理动态信息");

        // A neighbouring county cannot read the prefecture's issue.
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/risks/bulletins/{issue.Id}/document.docx", Ct)).StatusCode);
    }
}

/// <summary>Turns a PDF's first page into an image with pdftoppm (poppler-utils) and checks it shows text.</summary>
public static class PdfChecks
{
    public static async Task AssertRendersChineseAsync(byte[] pdf, string expectedText)
    {
        var folder = Directory.CreateTempSubdirectory("risks-pdf-");
        try
        {
            var file = Path.Combine(folder.FullName, "issue.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);

            await RunAsync("pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", "-singlefile", file, Path.Combine(folder.FullName, "page"));
            var pgm = await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "page.pgm"));
            var (width, height, offset) = ParsePgm(pgm);
            var dark = 0;
            for (var i = offset; i < pgm.Length; i++)
            {
                dark += pgm[i] < 128 ? 1 : 0;
            }

            Assert.True(width * height > 0 && dark > width * height / 400, $"page 1 looks blank: {dark} dark pixels of {width}×{height}");

            // The glyphs drawn are the Chinese text (Chromium embeds the CJK font as Type 3 glyphs with a Unicode map).
            var text = await RunAsync("pdftotext", "-f", "1", "-l", "1", file, "-");
            Assert.Contains(expectedText, text, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (int Width, int Height, int Offset) ParsePgm(byte[] data)
    {
        // P5\n<width> <height>\n<max>\n<bytes>
        var fields = new List<string>();
        var i = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)data[i]))
            {
                i++;
            }

            var start = i;
            while (!char.IsWhiteSpace((char)data[i]))
            {
                i++;
            }

            fields.Add(System.Text.Encoding.ASCII.GetString(data, start, i - start));
        }

        Assert.Equal("P5", fields[0]);
        return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), i + 1);
    }

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
        return await output;
    }
}

public sealed class BulletinTestsOnSqlite(RisksSqliteBeacon beacon) : BulletinTests(beacon), IClassFixture<RisksSqliteBeacon>;

public sealed class BulletinTestsOnPostgres(RisksPostgresBeacon beacon) : BulletinTests(beacon), IClassFixture<RisksPostgresBeacon>;
