using System.Globalization;
using Beacon.Warnings.Cap;
using Beacon.Warnings.Warnings;
using CsCheck;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Every warning Beacon publishes is written through <see cref="WarningCap.ToCap"/>: generated warnings (Chinese and
/// English text with markup characters, counties and townships, polygons, circles, several areas, every level,
/// status and kind of change) validate against the CAP 1.2 schema and come back from an import with nothing lost.
/// </summary>
public sealed class WarningCapProperties
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<string> Chinese =
        Gen.Frequency(
                (6, Gen.Char['\u4e00', '\u9fa5']),
                (2, Gen.Char["0123456789abcXYZ <>&\"'"]),
                (1, Gen.Char["，。：；！？“”（）《》、Ⅰ Ⅱ Ⅲ Ⅳ"]))
            .Array[2, 60]
            .Select(chars => new string(chars).Trim())
            .Select(s => s.Length < 2 ? "暴雨" : s);

    private static readonly Gen<string> English =
        Gen.Char["abcdefghijklmnopqrstuvwxyz ABC<>&\"'.,;0123456789"].Array[2, 60].Select(c => new string(c).Trim()).Select(s => s.Length < 2 ? "rain" : s);

    private static readonly Gen<string> Point =
        Gen.Select(Gen.Int[375_000, 535_000], Gen.Int[970_000, 1_265_000],
            (lat, lon) => string.Create(CultureInfo.InvariantCulture, $"{lat / 10_000m},{lon / 10_000m}"));

    private static readonly Gen<string> Polygon = Point.Array[3, 7].Select(p => string.Join(' ', p.Append(p[0])));

    private static readonly Gen<string> Circle =
        Gen.Select(Point, Gen.Int[1, 2000], (c, r) => string.Create(CultureInfo.InvariantCulture, $"{c} {r / 10m}"));

    private static readonly Gen<string> Division = Gen.OneOf(
        Gen.OneOf(Gen.Const("150203"), Gen.Const("150204"), Gen.Const("150105"), Gen.Const("152921")),
        Gen.Int[1, 999].Select(n => "150203" + n.ToString("000", CultureInfo.InvariantCulture)));

    private static readonly Gen<(string Description, string? Division, string? Polygon, string? Circle)> Area = Gen.OneOf(
        Gen.Select(Chinese, Division, (d, code) => (d, (string?)code, (string?)null, (string?)null)),
        Gen.Select(Chinese, Division, Polygon, (d, code, p) => (d, (string?)code, (string?)p, (string?)null)),
        Gen.Select(Chinese, Polygon, (d, p) => (d, (string?)null, (string?)p, (string?)null)),
        Gen.Select(Chinese, Circle, (d, c) => (d, (string?)null, (string?)null, (string?)c)));

    private static readonly Gen<WarningResource> Resource =
        Gen.Select(Chinese, Gen.Int[1, 99999], Gen.OneOf(Gen.Const("application/pdf"), Gen.Const("text/html"), Gen.Const("image/png")),
            (description, n, mime) => new WarningResource { Description = description, MimeType = mime, Uri = $"https://yj.nmg.gov.cn/docs/{n}?a=1&b=2" });

    private static readonly Gen<Warning> Warnings =
        Gen.Select(
            Gen.Select(Gen.Enum<WarningLevel>(), Gen.Enum<WarningStatus>(), Gen.Enum<WarningChange>(), Gen.Int[0, 86_400 * 300], Gen.Int[600, 86_400 * 10]),
            Gen.Select(Chinese, Chinese, Chinese, Chinese),
            Gen.Select(English.Null(0.4), English.Null(0.3), English.Null(0.3)),
            Area.List[1, 4],
            Gen.OneOf(Gen.Const("Immediate"), Gen.Const("Expected"), Gen.Const("Future")),
            Gen.Select(Gen.OneOf(Gen.Const("Observed"), Gen.Const("Likely"), Gen.Const("Possible")), Resource.List[0, 3]),
            (basics, zh, en, areas, urgency, more) =>
            {
                var (level, status, change, offset, validity) = basics;
                var sent = Epoch.AddSeconds(offset);
                var w = new Warning
                {
                    Identifier = CapIdentifier.Create("150203", "001", "000", "00", sent),
                    Sender = "150203@beacon.nmg.gov.cn",
                    SentAt = sent,
                    Status = status,
                    Change = change,
                    Stage = WarningStage.Published,
                    Level = level,
                    EventCode = "11B03",
                    EventName = "暴雨",
                    EventNameEn = en.Item1 is null ? null : "Rainstorm",
                    Category = "Met",
                    Urgency = urgency,
                    Certainty = more.Item1,
                    EffectiveAt = sent,
                    OnsetAt = sent.AddMinutes(30),
                    ExpiresAt = sent.AddSeconds(validity),
                    IssuerName = zh.Item1,
                    Headline = zh.Item2,
                    Description = zh.Item3,
                    Instruction = zh.Item4,
                    HeadlineEn = en.Item1,
                    DescriptionEn = en.Item1 is null ? null : en.Item2,
                    InstructionEn = en.Item1 is null ? null : en.Item3,
                };
                w.Resources.AddRange(more.Item2);
                w.Areas.AddRange(areas.Select((a, i) => new WarningArea { WarningId = w.Id, Position = i, Description = a.Description, DivisionCode = a.Division, Polygon = a.Polygon, Circle = a.Circle }));
                return w;
            });

    [Fact]
    public void Every_generated_warning_is_valid_cap_and_survives_export_and_import_with_nothing_lost()
    {
        Warnings.Sample(w =>
        {
            var earlier = w.Change == WarningChange.New ? [] : new[] { new Warning { Identifier = "15020300100000_20260101000000", Sender = w.Sender, SentAt = w.SentAt!.Value.AddHours(-1) } };
            var xml = CapWriter.Write(WarningCap.ToCap(w, earlier));

            var errors = CapSchema.Validate(xml);
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + xml);
            var read = CapReader.Read(xml);
            Assert.True(read.IsValid, string.Join("\n", read.Errors));
            Assert.Empty(read.Warnings);
            var back = WarningCap.FromCap(read.Alert!, []);

            Assert.Equal((w.Identifier, w.Sender, w.SentAt), (back.Identifier, back.Sender, back.SentAt));
            Assert.Equal((w.Status, w.Change, w.Level, w.EventCode, w.EventName, w.EventNameEn, w.Category), (back.Status, back.Change, back.Level, back.EventCode, back.EventName, back.EventNameEn, back.Category));
            Assert.Equal((w.Urgency, w.Certainty, w.EffectiveAt, w.OnsetAt, w.ExpiresAt), (back.Urgency, back.Certainty, back.EffectiveAt, back.OnsetAt, back.ExpiresAt));
            Assert.Equal((w.IssuerName, w.Headline, w.Description, w.Instruction), (back.IssuerName, back.Headline, back.Description, back.Instruction));
            Assert.Equal((w.HeadlineEn, w.DescriptionEn, w.InstructionEn), (back.HeadlineEn, back.DescriptionEn, back.InstructionEn));
            Assert.Equal(
                w.Areas.Select(a => (a.Description, a.DivisionCode, a.Polygon, a.Circle)),
                back.Areas.Select(a => (a.Description, a.DivisionCode, a.Polygon, a.Circle)));
            Assert.Equal(w.Resources.Select(r => (r.Description, r.MimeType, r.Uri)), back.Resources.Select(r => (r.Description, r.MimeType, r.Uri)));
            Assert.Equal(earlier.Length, read.Alert!.References.Count);
        }, iter: 400);
    }

    [Fact]
    public void A_published_warning_carries_chinas_profile_identifier_beijing_times_and_twelve_digit_geocodes()
    {
        var sent = new DateTimeOffset(2026, 7, 12, 13, 31, 38, TimeSpan.Zero);
        var w = new Warning
        {
            Identifier = CapIdentifier.Create("150203", "001", "000", "00", sent),
            Sender = "150203@beacon.nmg.gov.cn",
            SentAt = sent,
            Level = WarningLevel.Yellow,
            EventCode = "11B03",
            EventName = "暴雨",
            EffectiveAt = sent,
            ExpiresAt = sent.AddHours(12),
            IssuerName = "昆都仑区应急管理局",
            Headline = "昆都仑区发布暴雨黄色预警",
            Description = "预计未来6小时内将出现50毫米以上降雨。",
            Instruction = "做好防暴雨准备。",
        };
        w.Areas.Add(new WarningArea { Description = "昆都仑区", DivisionCode = "150203" });

        var xml = CapWriter.Write(WarningCap.ToCap(w, []));

        Assert.Contains("<identifier>15020300100000_20260712213138</identifier>", xml, StringComparison.Ordinal);
        Assert.Contains("<sent>2026-07-12T21:31:38+08:00</sent>", xml, StringComparison.Ordinal);
        Assert.Contains("<value>150203000000</value>", xml, StringComparison.Ordinal);
        Assert.Contains("<valueName>CPEAS Geographic Code</valueName>", xml, StringComparison.Ordinal);
        Assert.Contains("<severity>Moderate</severity>", xml, StringComparison.Ordinal);
        Assert.Contains("<language>zh-CN</language>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<language>en-US</language>", xml, StringComparison.Ordinal);
        Assert.Empty(CapSchema.Validate(xml));
    }
}
