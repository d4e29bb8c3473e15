using System.Globalization;
using Beacon.Plans.Drills;
using Beacon.Platform.Http;
using Beacon.Platform.Time;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Beacon.Plans.Evaluation;

/// <summary>
/// The drill report (演练评估报告) as DOCX, in the layout of the other official documents of Beacon (the risks module's
/// bulletin): title in 方正小标宋简体, headings in 黑体, text in 仿宋_GB2312, times in Beijing time; then the timing sheet
/// and the scores as tables. Every text passes through <see cref="TextHygiene.ForXml"/>.
/// </summary>
public static class DrillReport
{
    private static readonly Dictionary<DrillType, string> Types = new()
    {
        [DrillType.Tabletop] = "桌面推演",
        [DrillType.Field] = "实战演练",
        [DrillType.RemoteDispatch] = "远程指挥调度演练",
        [DrillType.DoubleBlind] = "无脚本双盲演练",
    };

    public static byte[] Docx(DrillView drill, TimingSheet timing, EvaluationView evaluation, BeijingTime beijing)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            body.Append(Para(drill.Title + "评估报告", "方正小标宋简体", 40, true, JustificationValues.Center));
            body.Append(Heading("一、演练概况"));
            body.Append(Text($"演练类型：{Types.GetValueOrDefault(drill.Type, "")}"));
            body.Append(Text($"组织单位：{drill.OrganiserUnit}"));
            body.Append(Text($"演练时间：{beijing.Format(drill.StartsAt)}至{beijing.Format(drill.EndsAt)}"));
            body.Append(Text($"演练预案：{(drill.Plans.Count == 0 ? "无" : string.Join("、", drill.Plans))}"));
            body.Append(Text($"参演单位：{string.Join("、", drill.Participants)}"));
            body.Append(Text($"情景设定：{drill.Scenario}"));

            body.Append(Heading("二、响应计时"));
            body.Append(Text($"签收时限{timing.SignWithinMinutes}分钟，书面报告时限{timing.ReportWithinMinutes}分钟。"));
            body.Append(Table(
                ["情景注入", "参演单位", "注入时间", "签收", "首次报告"],
                timing.Rows.Select(r => new[]
                {
                    r.Inject, r.Unit, beijing.Format(r.DeliveredAt),
                    r.SignedAt is { } s ? $"{beijing.Format(s)}（{Minutes(r.SignMinutes)}{(r.SignedInTime == false ? "，超时" : "")}）" : r.SignedInTime == false ? "超时未签收" : "—",
                    r.FirstReportAt is { } f ? $"{beijing.Format(f)}（{Minutes(r.ReportMinutes)}{(r.ReportedInTime == false ? "，超时" : "")}）" : r.ReportedInTime == false ? "超时未报告" : "—",
                })));

            body.Append(Heading("三、评估结果"));
            if (evaluation.Version == 0)
            {
                body.Append(Text("尚未评估。"));
            }
            else
            {
                body.Append(Text($"评估模板：{evaluation.TemplateTitle}；评估人：{evaluation.EvaluatedByName ?? evaluation.EvaluatedBy}；评估时间：{beijing.Format(evaluation.EvaluatedAt)}。"));
                body.Append(Table(
                    ["对象", .. evaluation.Items.Select(i => $"{i.Name}（满分{i.MaxScore}，权重{i.Weight}）"), "总分"],
                    evaluation.Sheets.Select(s => new[] { s.UnitId is null ? "总体" : s.Unit }
                        .Concat(s.Scores.Select(Number)).Append(Number(s.Total)).ToArray())));
                foreach (var s in evaluation.Sheets.Where(s => !string.IsNullOrEmpty(s.Comment)))
                {
                    body.Append(Text($"{(s.UnitId is null ? "总体" : s.Unit)}：{s.Comment}"));
                }

                if (!string.IsNullOrEmpty(evaluation.Summary))
                {
                    body.Append(Text($"总体评价：{evaluation.Summary}"));
                }
            }

            body.Append(Heading("四、发现问题及整改"));
            if (evaluation.Findings.Count == 0)
            {
                body.Append(Text("无。"));
            }

            var n = 0;
            foreach (var f in evaluation.Findings)
            {
                var task = f.Task is not { } t ? "" : t.Kind == RevisionKind.Revision
                    ? $"转为预案修订任务：{t.Plan}，责任单位{t.OwnerUnit}，{Date(t.DueOn)}前完成。"
                    : $"转为整改任务：责任单位{t.OwnerUnit}，{Date(t.DueOn)}前完成。";
                body.Append(Text($"{++n}. {(f.UnitId is null ? "" : f.Unit + "：")}{f.Text}{(task.Length > 0 ? "　" + task : "")}"));
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992 }));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    public static string Date(DateTimeOffset local) => local.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Date(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    private static string Minutes(double? minutes) => $"{Number((decimal)(minutes ?? 0))}分钟";

    private static string Number(decimal d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    private static Paragraph Heading(string text) => Para(text, "黑体", 32, false, JustificationValues.Left);

    private static Paragraph Text(string text) => Para(text, "仿宋_GB2312", 32, false, JustificationValues.Both, indent: true);

    private static Table Table(IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(border, new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }));
        table.Append(Row(headers, true));
        foreach (var row in rows)
        {
            table.Append(Row(row, false));
        }

        return table;
    }

    private static TableRow Row(IEnumerable<string> cells, bool header) =>
        new(cells.Select(c => new TableCell(Para(c, header ? "黑体" : "仿宋_GB2312", 24, false, JustificationValues.Center))));

    private static Paragraph Para(string text, string font, int halfPoints, bool bold, JustificationValues justify, bool indent = false)
    {
        // Schema order matters to Word: rFonts, b, sz; ind, jc.
        var runProps = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font });
        if (bold)
        {
            runProps.Append(new Bold());
        }

        runProps.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        var paraProps = new ParagraphProperties();
        if (indent)
        {
            paraProps.Append(new Indentation { FirstLineChars = 200 });
        }

        paraProps.Append(new Justification { Val = justify });
        return new Paragraph(paraProps, new Run(runProps, new Text(TextHygiene.ForXml(text)) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
