using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Beacon.Warnings.Cap;

/// <summary>
/// Reads CAP messages into <see cref="CapAlert"/>: CAP 1.2 as is, CAP 1.1 converted to 1.2, CAP 1.0 refused. The
/// document must pass the CAP 1.2 schema; semantic problems (an Update with no references, an open polygon, a
/// reference that does not parse) are reported as warnings and the message is still imported.
/// </summary>
public static class CapReader
{
    private const string Namespace11 = "urn:oasis:names:tc:emergency:cap:1.1";
    private const string Namespace10 = "http://www.incident.com/cap/1.0";

    private static readonly XNamespace Cap = CapSchema.Namespace12;
    private static readonly char[] XmlWhitespace = [' ', '\t', '\r', '\n'];
    private static readonly string[] TimeElements = ["sent", "effective", "onset", "expires"];

    /// <summary>
    /// Reads <paramref name="xml"/>. Never throws for bad input: a document that is not XML, not a CAP alert, CAP
    /// 1.0 or not valid against the CAP 1.2 schema gives a result with <see cref="CapReadResult.Errors"/> and no
    /// alert. Text is trimmed of surrounding XML whitespace (line breaks and indentation), inner text is kept
    /// as written (Chinese included); empty optional elements read as null. A document nested too deep, too long or
    /// too slow to read is refused with <see cref="CapReadResult.TooComplex"/> (see <see cref="CapXml"/>).
    /// </summary>
    public static CapReadResult Read(string xml) => ReadCancellable(xml, CancellationToken.None);

    /// <summary>As <see cref="Read(string)"/>, stopping with <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled (the client left).</summary>
    public static CapReadResult ReadCancellable(string xml, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            return Refuse("", "The document is empty, not a CAP alert.");
        }

        XDocument document;
        try
        {
            document = CapXml.Parse(xml, ct);
        }
        catch (CapXmlLimitException e)
        {
            return new CapReadResult(null, "", null, [$"The document was not read: {e.Message}."], [], TooComplex: true);
        }
        catch (XmlException e)
        {
            return Refuse("", $"The document is not well-formed XML ({e.LineNumber}:{e.LinePosition}): {e.Message}");
        }

        var root = document.Root!;
        if (root.Name.LocalName != "alert")
        {
            return Refuse("", $"The document is not a CAP alert: its root element is {root.Name}, not alert.");
        }

        var warnings = new List<string>();
        string? convertedFrom = null;
        switch (root.Name.NamespaceName)
        {
            case CapSchema.Namespace12:
                break;
            case Namespace11:
                convertedFrom = "1.1";
                warnings.Add("The message is CAP 1.1; it was converted to CAP 1.2 before validation.");
                ConvertFrom11(document, warnings);
                break;
            case Namespace10:
                return Refuse("1.0", "CAP 1.0 is unsupported: only CAP 1.2 and CAP 1.1 (converted to 1.2) are read.");
            default:
                return Refuse("", $"The document is not a CAP alert: the alert element is in namespace '{root.Name.NamespaceName}', not {CapSchema.Namespace12}.");
        }

        var errors = CapSchema.Validate(document);
        if (errors.Count > 0)
        {
            return new CapReadResult(null, "1.2", convertedFrom, errors, warnings);
        }

        var alert = ReadAlert(root, warnings);
        return new CapReadResult(alert, "1.2", convertedFrom, [], warnings);
    }

    private static CapReadResult Refuse(string version, string error) => new(null, version, null, [error], []);

    /// <summary>
    /// CAP 1.1 to 1.2: the namespace; certainty "Very Likely" (dropped in 1.2) becomes Likely; times that 1.1's plain
    /// xs:dateTime allowed but 1.2 does not (Z, fractions) are rewritten with an offset; a resource without the
    /// mimeType that 1.2 requires gets application/octet-stream.
    /// </summary>
    private static void ConvertFrom11(XDocument document, List<string> warnings)
    {
        foreach (var element in document.Root!.DescendantsAndSelf())
        {
            if (element.Name.NamespaceName == Namespace11)
            {
                element.Name = Cap + element.Name.LocalName;
            }

            foreach (var attribute in element.Attributes().Where(a => a.IsNamespaceDeclaration && a.Value == Namespace11))
            {
                attribute.Value = CapSchema.Namespace12;
            }
        }

        var root = document.Root!;
        foreach (var certainty in root.Elements(Cap + "info").Elements(Cap + "certainty"))
        {
            if (Trim(certainty.Value) == "Very Likely")
            {
                certainty.Value = nameof(CapCertainty.Likely);
                warnings.Add("CAP 1.1 certainty \"Very Likely\" was read as Likely (CAP 1.2 has no Very Likely).");
            }
        }

        var times = root.Elements(Cap + "sent")
            .Concat(root.Elements(Cap + "info").Elements().Where(e => TimeElements.Contains(e.Name.LocalName)));
        foreach (var time in times)
        {
            var text = Trim(time.Value);
            if (!CapTime.TryParse(text, out _) && TryParseXsdDateTime(text, out var value))
            {
                time.Value = CapTime.Format(value);
                warnings.Add($"CAP 1.1 time {time.Name.LocalName} \"{text}\" was rewritten as {time.Value} (CAP 1.2 needs an offset and whole seconds).");
            }
        }

        foreach (var resource in root.Elements(Cap + "info").Elements(Cap + "resource"))
        {
            if (resource.Element(Cap + "mimeType") is null && resource.Element(Cap + "resourceDesc") is { } description)
            {
                description.AddAfterSelf(new XElement(Cap + "mimeType", "application/octet-stream"));
                warnings.Add($"CAP 1.1 resource \"{Trim(description.Value)}\" had no mimeType; application/octet-stream was assumed.");
            }
        }
    }

    private static bool TryParseXsdDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        // Only values that carry their own offset (or Z) can be rewritten without guessing the time zone.
        if (!text.EndsWith('Z') && (text.Length < 6 || (text[^6] != '+' && text[^6] != '-')))
        {
            return false;
        }

        try
        {
            var parsed = XmlConvert.ToDateTimeOffset(text);
            value = parsed.AddTicks(-(parsed.Ticks % TimeSpan.TicksPerSecond));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static CapAlert ReadAlert(XElement root, List<string> warnings)
    {
        var msgType = Enum<CapMsgType>(Required(root, "msgType"));
        var references = ReadReferences(Optional(root, "references"), warnings);
        if (msgType is CapMsgType.Update or CapMsgType.Cancel && references.Count == 0)
        {
            warnings.Add($"{msgType} with no references: an {msgType} must name the message(s) it replaces in <references> (sender,identifier,sent).");
        }

        return new CapAlert(
            Identifier: Required(root, "identifier"),
            Sender: Required(root, "sender"),
            Sent: Time(Required(root, "sent")),
            Status: Enum<CapStatus>(Required(root, "status")),
            MsgType: msgType,
            Source: Optional(root, "source"),
            Scope: Enum<CapScope>(Required(root, "scope")),
            Restriction: Optional(root, "restriction"),
            Addresses: Optional(root, "addresses"),
            Codes: Texts(root, "code"),
            Note: Optional(root, "note"),
            References: references,
            Incidents: Optional(root, "incidents"),
            Infos: [.. root.Elements(Cap + "info").Select(info => ReadInfo(info, warnings))]);
    }

    private static List<CapReference> ReadReferences(string? text, List<string> warnings)
    {
        var references = new List<CapReference>();
        if (text is null)
        {
            return references;
        }

        foreach (var token in text.Split(XmlWhitespace, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = token.Split(',');
            if (parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0 && CapTime.TryParse(parts[2], out var sent))
            {
                references.Add(new CapReference(parts[0], parts[1], sent));
            }
            else
            {
                warnings.Add($"Reference \"{token}\" is not a sender,identifier,sent triple; it was left out.");
            }
        }

        return references;
    }

    private static CapInfo ReadInfo(XElement info, List<string> warnings) => new(
        Language: Optional(info, "language") ?? "en-US",
        Categories: [.. Texts(info, "category").Select(Enum<CapCategory>)],
        Event: Required(info, "event"),
        ResponseTypes: [.. Texts(info, "responseType").Select(Enum<CapResponseType>)],
        Urgency: Enum<CapUrgency>(Required(info, "urgency")),
        Severity: Enum<CapSeverity>(Required(info, "severity")),
        Certainty: Enum<CapCertainty>(Required(info, "certainty")),
        Audience: Optional(info, "audience"),
        EventCodes: Pairs(info, "eventCode"),
        Effective: OptionalTime(info, "effective"),
        Onset: OptionalTime(info, "onset"),
        Expires: OptionalTime(info, "expires"),
        SenderName: Optional(info, "senderName"),
        Headline: Optional(info, "headline"),
        Description: Optional(info, "description"),
        Instruction: Optional(info, "instruction"),
        Web: Optional(info, "web"),
        Contact: Optional(info, "contact"),
        Parameters: Pairs(info, "parameter"),
        Resources: [.. info.Elements(Cap + "resource").Select(r => ReadResource(r, warnings))],
        Areas: [.. info.Elements(Cap + "area").Select(a => ReadArea(a, warnings))]);

    private static CapResource ReadResource(XElement resource, List<string> warnings)
    {
        var description = Required(resource, "resourceDesc");
        long? size = null;
        if (Optional(resource, "size") is { } sizeText)
        {
            if (long.TryParse(sizeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
            {
                size = bytes;
            }
            else
            {
                warnings.Add($"Resource \"{description}\": size \"{sizeText}\" is out of range; it was left out.");
            }
        }

        return new CapResource(description, Required(resource, "mimeType"), size,
            Optional(resource, "uri"), Optional(resource, "derefUri"), Optional(resource, "digest"));
    }

    private static CapArea ReadArea(XElement area, List<string> warnings)
    {
        var description = Required(area, "areaDesc");
        var polygons = new List<string>();
        foreach (var polygon in Collapsed(area, "polygon"))
        {
            if (polygon.Length == 0)
            {
                warnings.Add($"Area \"{description}\": an empty polygon was left out.");
                continue;
            }

            CheckPolygon(description, polygon, warnings);
            polygons.Add(polygon);
        }

        var circles = new List<string>();
        foreach (var circle in Collapsed(area, "circle"))
        {
            if (circle.Length == 0)
            {
                warnings.Add($"Area \"{description}\": an empty circle was left out.");
                continue;
            }

            CheckCircle(description, circle, warnings);
            circles.Add(circle);
        }

        return new CapArea(description, polygons, circles, Pairs(area, "geocode"),
            Decimal(area, "altitude", description, warnings), Decimal(area, "ceiling", description, warnings));
    }

    private static void CheckPolygon(string area, string polygon, List<string> warnings)
    {
        var points = polygon.Split(' ');
        var parsed = new List<(decimal Lat, decimal Lon)>();
        foreach (var point in points)
        {
            if (TryPoint(point, out var p))
            {
                parsed.Add(p);
            }
            else
            {
                warnings.Add($"Area \"{area}\": polygon point \"{point}\" is not a lat,lon pair within -90..90, -180..180.");
            }
        }

        if (points.Length < 4)
        {
            warnings.Add($"Area \"{area}\": a polygon has {points.Length} point(s); a closed polygon needs at least 4.");
        }

        if (parsed.Count == points.Length && parsed.Count > 0 && parsed[0] != parsed[^1])
        {
            warnings.Add($"Area \"{area}\": a polygon's first and last points differ (the ring is not closed).");
        }
    }

    private static void CheckCircle(string area, string circle, List<string> warnings)
    {
        var parts = circle.Split(' ');
        if (parts.Length != 2 || !TryPoint(parts[0], out _) || !TryDecimal(parts[1], out var radius) || radius < 0)
        {
            warnings.Add($"Area \"{area}\": circle \"{circle}\" is not \"lat,lon radius\".");
        }
    }

    private static bool TryPoint(string text, out (decimal Lat, decimal Lon) point)
    {
        point = default;
        var parts = text.Split(',');
        if (parts.Length != 2 || !TryDecimal(parts[0], out var lat) || !TryDecimal(parts[1], out var lon)
            || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            return false;
        }

        point = (lat, lon);
        return true;
    }

    private static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static decimal? Decimal(XElement parent, string name, string area, List<string> warnings)
    {
        if (Optional(parent, name) is not { } text)
        {
            return null;
        }

        if (TryDecimal(text, out var value))
        {
            return value;
        }

        warnings.Add($"Area \"{area}\": {name} \"{text}\" is out of range; it was left out.");
        return null;
    }

    private static List<CapKeyValue> Pairs(XElement parent, string name) =>
        [.. parent.Elements(Cap + name).Select(e => new CapKeyValue(Required(e, "valueName"), Trim(e.Element(Cap + "value")?.Value ?? "")))];

    private static List<string> Texts(XElement parent, string name) =>
        [.. parent.Elements(Cap + name).Select(e => Trim(e.Value)).Where(v => v.Length > 0)];

    private static IEnumerable<string> Collapsed(XElement parent, string name) =>
        parent.Elements(Cap + name).Select(e => string.Join(' ', e.Value.Split(XmlWhitespace, StringSplitOptions.RemoveEmptyEntries)));

    private static string Required(XElement parent, string name) => Trim(parent.Element(Cap + name)?.Value ?? "");

    private static string? Optional(XElement parent, string name) =>
        parent.Element(Cap + name) is { } element && Trim(element.Value) is { Length: > 0 } text ? text : null;

    private static DateTimeOffset? OptionalTime(XElement parent, string name) =>
        Optional(parent, name) is { } text ? Time(text) : null;

    // The schema has already checked the form; a failure here is a bug, not bad input.
    private static DateTimeOffset Time(string text) =>
        CapTime.TryParse(text, out var t) ? t : throw new InvalidOperationException($"Schema-valid time \"{text}\" did not parse.");

    private static T Enum<T>(string text)
        where T : struct, Enum => System.Enum.Parse<T>(text, ignoreCase: false);

    /// <summary>Trims XML whitespace only, so a leading ideographic space (全角空格) in Chinese text stays.</summary>
    private static string Trim(string text) => text.Trim(XmlWhitespace);
}
