using System.Globalization;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Platform.Http;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Beacon.Incidents.Documents;

/// <summary>
/// A written report (书面报告) as a DOCX in the layout duty rooms use: title, number, then a two-column table of
/// time, place, type and level, casualties and loss, course and cause, measures, next steps, reporting unit,
/// signer and phone. Chinese text in 宋体/仿宋 so it opens and prints as offices expect.
/// </summary>
public static class ReportDocument
{
    public static byte[] Render(IncidentDetail detail, ReportView report, Func<DateTimeOffset, string> beijing)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            var i = detail.Incident;

            body.Append(Paragraph($"突发事件信息{report.Title}", "宋体", 36, bold: true, JustificationValues.Center));
            body.Append(Paragraph($"编号：{i.Number}　　报送时间：{beijing(report.SubmittedAt)}（北京时间）", "仿宋", 24, bold: false, JustificationValues.Center));

            var c = report.Casualties;
            var rows = new (string Label, string Value)[]
            {
                ("事件名称", i.Title),
                ("事发时间", beijing(i.OccurredAt)),
                ("接报时间", beijing(i.LearnedAt)),
                ("事发地点", $"{i.LocationName}{(detail.Address is { Length: > 0 } a ? "　" + a : "")}"),
                ("事件类型", $"{i.EventTypeName}（{i.EventTypeCode}）"),
                ("事件级别", LevelName(report.Severity) + (report.IsSensitive ? "　敏感事件" : "")),
                ("伤亡情况", $"死亡 {c.Deaths} 人，失踪 {c.Missing} 人，受伤 {c.Injured} 人，被困 {c.Trapped} 人；转移 {c.Evacuated} 人，受影响 {c.Affected} 人"),
                ("直接经济损失", $"{c.DirectLossTenThousandYuan.ToString("0.##", CultureInfo.InvariantCulture)} 万元"),
                ("事件经过及原因", report.Narrative),
                ("已采取措施", report.Measures ?? ""),
                ("下步工作", report.NextSteps ?? ""),
                ("报送单位", report.UnitName),
                ("填报人", report.SubmittedByName ?? report.SubmittedBy),
                ("签发人", report.Signer),
                ("联系电话", report.Phone ?? ""),
            };
            body.Append(Table(rows));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1588, Right = 1474, Header = 851, Footer = 992 }));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    public static string LevelName(Severity s) => s switch
    {
        Severity.I => "Ⅰ级（特别重大）",
        Severity.II => "Ⅱ级（重大）",
        Severity.III => "Ⅲ级（较大）",
        Severity.IV => "Ⅳ级（一般）",
        _ => "未定级",
    };

    private static Paragraph Paragraph(string text, string font, int halfPoints, bool bold, JustificationValues align) =>
        new(
            new ParagraphProperties(new Justification { Val = align }, new SpacingBetweenLines { After = "120" }),
            Run(text, font, halfPoints, bold));

    private static Run Run(string text, string font, int halfPoints, bool bold)
    {
        var props = new RunProperties(
            new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, Hint = FontTypeHintValues.EastAsia },
            new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
            new Languages { EastAsia = "zh-CN" });
        if (bold)
        {
            props.Append(new Bold());
        }

        // Stored text may hold a character XML cannot carry: it is left out rather than breaking the document.
        return new Run(props, new Text(TextHygiene.ForXml(text)) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Table Table(IEnumerable<(string Label, string Value)> rows)
    {
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 6 },
            new BottomBorder { Val = BorderValues.Single, Size = 6 },
            new LeftBorder { Val = BorderValues.Single, Size = 6 },
            new RightBorder { Val = BorderValues.Single, Size = 6 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(border, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        foreach (var (label, value) in rows)
        {
            table.Append(new TableRow(
                Cell(label, 2200, bold: true),
                Cell(value, 6800, bold: false)));
        }

        return table;
    }

    private static TableCell Cell(string text, int width, bool bold)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = width.ToString(CultureInfo.InvariantCulture) }));
        foreach (var line in text.Split('\n'))
        {
            cell.Append(new Paragraph(Run(line, "仿宋", 28, bold)));
        }

        return cell;
    }
}
