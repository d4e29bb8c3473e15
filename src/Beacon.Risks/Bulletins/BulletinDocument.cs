using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Beacon.Platform.Http;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Beacon.Risks.Bulletins;

/// <summary>
/// An issue of 《应急管理动态信息》 in the layout of a government bulletin (简报): the masthead in red, 第N期, the
/// issuing office and date above a red rule, the sections (headings in 黑体, text in 仿宋_GB2312 with two-character
/// indent), then the distribution list (报、送、发) between rules with the editor and signer. DOCX by OpenXML; PDF by
/// printing the same layout as HTML with headless Chromium, which finds the server's CJK fonts.
/// </summary>
public static class BulletinDocument
{
    public const string DocxType = ApiDocs.Docx;
    private const string Red = "C00000";

    public static byte[] Docx(BulletinView b)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            body.Append(Para(b.Title, "方正小标宋简体", 72, true, Red, JustificationValues.Center));
            body.Append(Para($"第{b.Number}期", "仿宋_GB2312", 32, false, null, JustificationValues.Center));
            body.Append(Para($"{b.IssuingOffice}　　　　　　　　{Date(b.IssueDate)}", "仿宋_GB2312", 32, false, null, JustificationValues.Center,
                new BottomBorder { Val = BorderValues.Single, Size = 18, Color = Red, Space = 1 }));
            body.Append(Para("", "仿宋_GB2312", 32, false, null, JustificationValues.Left));
            foreach (var s in b.Sections)
            {
                body.Append(Para(s.Heading, "黑体", 32, false, null, JustificationValues.Left));
                foreach (var text in Paragraphs(s.Body))
                {
                    body.Append(Para(text, "仿宋_GB2312", 32, false, null, JustificationValues.Both, indent: true));
                }
            }

            body.Append(Para("", "仿宋_GB2312", 28, false, null, JustificationValues.Left));
            var first = true;
            foreach (var text in Paragraphs(b.Distribution ?? ""))
            {
                body.Append(Para(text, "仿宋_GB2312", 28, false, null, JustificationValues.Left,
                    first ? new TopBorder { Val = BorderValues.Single, Size = 8, Space = 1 } : null));
                first = false;
            }

            body.Append(Para($"编辑：{b.Editor}{(string.IsNullOrEmpty(b.Signer) ? "" : "　　签发：" + b.Signer)}", "仿宋_GB2312", 28, false, null, JustificationValues.Right,
                new BottomBorder { Val = BorderValues.Single, Size = 8, Space = 1 }));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992 }));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>The same layout as HTML, for printing.</summary>
    public static string Html(BulletinView b)
    {
        static string E(string s) => WebUtility.HtmlEncode(TextHygiene.ForXml(s));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E(b.Title)).Append("</title><style>")
            .Append("@page{size:A4;margin:37mm 26mm 35mm 28mm}")
            .Append("body{font-family:'FangSong','Noto Serif CJK SC','Noto Sans CJK SC','Source Han Serif SC',serif;font-size:16pt;line-height:1.6;color:#000}")
            .Append(".mast{color:#c00000;text-align:center;font-size:36pt;font-weight:bold;letter-spacing:2pt;margin:0}")
            .Append(".no{text-align:center;margin:8pt 0}.line{display:flex;justify-content:space-between;border-bottom:2.5pt solid #c00000;padding-bottom:4pt}")
            .Append("h2{font-family:'SimHei','Noto Sans CJK SC',sans-serif;font-size:16pt;font-weight:normal;margin:14pt 0 4pt}p{text-indent:2em;margin:0;text-align:justify}")
            .Append(".dist{margin-top:24pt;border-top:1pt solid #000;font-size:14pt}.dist p{text-indent:0}.sign{text-align:right;border-bottom:1pt solid #000;font-size:14pt}")
            .Append("</style></head><body>");
        html.Append("<h1 class=\"mast\">").Append(E(b.Title)).Append("</h1>");
        html.Append("<div class=\"no\">第").Append(b.Number.ToString(CultureInfo.InvariantCulture)).Append("期</div>");
        html.Append("<div class=\"line\"><span>").Append(E(b.IssuingOffice)).Append("</span><span>").Append(Date(b.IssueDate)).Append("</span></div>");
        foreach (var s in b.Sections)
        {
            html.Append("<h2>").Append(E(s.Heading)).Append("</h2>");
            foreach (var text in Paragraphs(s.Body))
            {
                html.Append("<p>").Append(E(text)).Append("</p>");
            }
        }

        html.Append("<div class=\"dist\">");
        foreach (var text in Paragraphs(b.Distribution ?? ""))
        {
            html.Append("<p>").Append(E(text)).Append("</p>");
        }

        html.Append("</div><div class=\"sign\">编辑：").Append(E(b.Editor));
        if (!string.IsNullOrEmpty(b.Signer))
        {
            html.Append("　　签发：").Append(E(b.Signer));
        }

        html.Append("</div></body></html>");
        return html.ToString();
    }

    /// <summary>Prints <see cref="Html"/> with headless Chromium; null when Chromium is not installed.</summary>
    public static async Task<byte[]?> PdfAsync(BulletinView b, string chromium, CancellationToken ct)
    {
        if (!File.Exists(chromium))
        {
            return null;
        }

        var folder = Directory.CreateTempSubdirectory("beacon-bulletin-");
        try
        {
            var html = Path.Combine(folder.FullName, "bulletin.html");
            var pdf = Path.Combine(folder.FullName, "bulletin.pdf");
            await File.WriteAllTextAsync(html, Html(b), Encoding.UTF8, ct);
            var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer", "--no-first-run",
                         $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--print-to-pdf={pdf}", new Uri(html).AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            var drainOut = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var drainErr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                await Task.WhenAll(drainOut, drainErr);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return File.Exists(pdf) ? await File.ReadAllBytesAsync(pdf, ct) : null;
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Date(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    private static string[] Paragraphs(string text) =>
        text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static Paragraph Para(string text, string font, int halfPoints, bool bold, string? colour, JustificationValues justify,
        OpenXmlElement? border = null, bool indent = false)
    {
        // Schema order matters to Word: rFonts, b, color, sz; pBdr, ind, jc.
        var runProps = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font });
        if (bold)
        {
            runProps.Append(new Bold());
        }

        if (colour is not null)
        {
            runProps.Append(new Color { Val = colour });
        }

        runProps.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        var paraProps = new ParagraphProperties();
        if (border is not null)
        {
            paraProps.Append(new ParagraphBorders(border));
        }

        if (indent)
        {
            paraProps.Append(new Indentation { FirstLineChars = 200 });
        }

        paraProps.Append(new Justification { Val = justify });
        return new Paragraph(paraProps, new Run(runProps, new Text(TextHygiene.ForXml(text)) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
