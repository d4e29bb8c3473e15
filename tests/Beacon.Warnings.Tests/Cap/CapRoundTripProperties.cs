using System.Globalization;
using Beacon.Warnings.Cap;
using CsCheck;
using Xunit;

namespace Beacon.Warnings.Tests.Cap;

/// <summary>
/// Generated alerts (Chinese and English text with markup characters, 1–2 infos, areas with closed polygons,
/// circles and geocodes, +08:00 times, references on updates and cancels) survive writing and reading.
/// </summary>
public sealed class CapRoundTripProperties
{
    private const long Iterations = 300;

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static readonly Gen<string> Text =
        Gen.Frequency(
                (5, Gen.Char["abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 <>&\"',.;:!?-_/()[]#%+=\n\t"]),
                (4, Gen.Char['\u4e00', '\u9fa5']),
                (1, Gen.Char["，。：；！？“”‘’（）《》、　Ⅰ Ⅱ Ⅲ Ⅳ"]))
            .Array[1, 40]
            .Select(chars => new string(chars).Trim(' ', '\t', '\r', '\n'))
            .Select(s => s.Length == 0 ? "预警" : s);

    private static readonly Gen<string?> OptionalText = Text.Null(0.3);

    // CAP forbids spaces, commas and markup characters in tokens such as sender and identifier.
    private static readonly Gen<string> Token =
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._-@:"].Array[1, 20].Select(chars => new string(chars));

    private static readonly Gen<DateTimeOffset> Time =
        Gen.Long[946_684_800, 2_208_988_800].Select(seconds => DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(Beijing));

    private static readonly Gen<DateTimeOffset?> OptionalTime = Time.Nullable(0.3);

    private static readonly Gen<string> Point =
        Gen.Select(Gen.Int[-900_000, 900_000], Gen.Int[-1_800_000, 1_800_000],
            (lat, lon) => string.Create(CultureInfo.InvariantCulture, $"{lat / 10_000m},{lon / 10_000m}"));

    private static readonly Gen<string> Polygon =
        Point.Array[3, 6].Select(points => string.Join(' ', points.Append(points[0])));

    private static readonly Gen<string> Circle =
        Gen.Select(Point, Gen.Int[0, 5000], (centre, radius) => string.Create(CultureInfo.InvariantCulture, $"{centre} {radius / 10m}"));

    private static readonly Gen<CapKeyValue> Geocode = Gen.OneOf(
        Gen.Int[110_000, 659_999].Select(code => new CapKeyValue(CapIdentifier.GeocodeValueName, CapIdentifier.Geocode12(code.ToString(CultureInfo.InvariantCulture)))),
        Token.Select(code => new CapKeyValue("UGC", code)));

    private static readonly Gen<CapKeyValue> Pair = Gen.Select(Token, Text, (name, value) => new CapKeyValue(name, value));

    private static readonly Gen<CapArea> Area =
        Gen.Select(Text, Polygon.List[0, 2], Circle.List[0, 2], Geocode.List[0, 3],
            Gen.Int[-1000, 40_000].Select(v => (decimal)v).Nullable(0.7), Gen.Int[0, 60_000].Select(v => (decimal)v).Nullable(0.7),
            (description, polygons, circles, geocodes, altitude, ceiling) => new CapArea(description, polygons, circles, geocodes, altitude, ceiling));

    private static readonly Gen<CapResource> Resource =
        Gen.Select(Text, Gen.OneOf("image/png", "application/pdf"), Gen.Long[0, 10_000_000].Nullable(0.3),
            Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 12].Select(c => "https://www.12379.cn/files/" + new string(c)).Null(0.3),
            Gen.Char["0123456789abcdef"].Array[40].Select(c => new string(c)).Null(0.5),
            (description, mime, size, uri, digest) => new CapResource(description, mime, size, uri, null, digest));

    private static Gen<CapInfo> Info(string language) =>
        from categories in Gen.Enum<CapCategory>().List[1, 3]
        from eventName in Text
        from responseTypes in Gen.Enum<CapResponseType>().List[0, 2]
        from urgency in Gen.Enum<CapUrgency>()
        from severity in Gen.Enum<CapSeverity>()
        from certainty in Gen.Enum<CapCertainty>()
        from audience in OptionalText
        from eventCodes in Pair.List[0, 2]
        from effective in OptionalTime
        from onset in OptionalTime
        from expires in OptionalTime
        from senderName in OptionalText
        from headline in OptionalText
        from description in OptionalText
        from instruction in OptionalText
        from web in Gen.OneOf("https://www.12379.cn/", "http://www.nmgqxfw.com/").Null(0.5)
        from contact in OptionalText
        from parameters in Pair.List[0, 2]
        from resources in Resource.List[0, 1]
        from areas in Area.List[1, 3]
        select new CapInfo(language, categories, eventName, responseTypes, urgency, severity, certainty, audience, eventCodes,
            effective, onset, expires, senderName, headline, description, instruction, web, contact, parameters, resources, areas);

    private static readonly Gen<CapReference> Reference =
        Gen.Select(Token, Token, Time, (sender, identifier, sent) => new CapReference(sender, identifier, sent));

    private static readonly Gen<CapAlert> Alert =
        from identifier in Gen.OneOf(
            Gen.Select(Gen.Int[110_000, 659_999], Gen.Int[0, 999], Time,
                (area, agency, sent) => CapIdentifier.Create(area.ToString(CultureInfo.InvariantCulture), agency.ToString("000", CultureInfo.InvariantCulture), "000", "00", sent)),
            Token)
        from sender in Token
        from sent in Time
        from status in Gen.OneOf(CapStatus.Actual, CapStatus.Exercise, CapStatus.Test)
        from msgType in Gen.OneOf(CapMsgType.Alert, CapMsgType.Update, CapMsgType.Cancel)
        from source in OptionalText
        from scope in Gen.Enum<CapScope>()
        from restriction in OptionalText
        from addresses in OptionalText
        from codes in Token.List[0, 2]
        from note in OptionalText
        from references in msgType == CapMsgType.Alert ? Gen.Const(new List<CapReference>()) : Reference.List[1, 3]
        from incidents in Token.Null(0.7)
        from infos in Gen.OneOf(
            Info("zh-CN").Select(zh => new List<CapInfo> { zh }),
            Gen.Select(Info("zh-CN"), Info("en-US"), (zh, en) => new List<CapInfo> { zh, en }))
        select new CapAlert(identifier, sender, sent, status, msgType, source, scope, restriction, addresses, codes, note,
            references, incidents, infos);

    [Fact]
    public void Every_written_alert_is_valid_against_the_cap_1_2_schema()
    {
        Alert.Sample(alert => Assert.Empty(CapSchema.Validate(CapWriter.Write(alert))), iter: Iterations);
    }

    [Fact]
    public void Every_written_alert_reads_back_structurally_equal_without_warnings()
    {
        Alert.Sample(alert =>
        {
            var result = CapReader.Read(CapWriter.Write(alert));

            Assert.True(result.IsValid, string.Join(" | ", result.Errors));
            Assert.Empty(result.Warnings);
            CapAssert.Equivalent(alert, result.Alert);
        }, iter: Iterations);
    }
}
