using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Beacon.Platform.Http;

namespace Beacon.Warnings.Cap;

/// <summary>Writes a <see cref="CapAlert"/> as a CAP 1.2 XML document.</summary>
public static class CapWriter
{
    private static readonly XNamespace Cap = CapSchema.Namespace12;

    /// <summary>
    /// Writes <paramref name="alert"/> as CAP 1.2 XML: UTF-8 declaration, the CAP 1.2 namespace, elements in the
    /// schema's order, optional elements left out when null or empty, times in <see cref="CapTime"/> form in
    /// their own offset, <c>references</c> as space-separated <c>sender,identifier,sent</c> triples and one
    /// <c>info</c> per entry of <see cref="CapAlert.Infos"/>, in the order given. Strings are written as given
    /// (escaped, not trimmed); the writer does not check CAP's content rules, so check the output with
    /// <see cref="CapSchema.Validate(string)"/> when the input is not trusted.
    /// </summary>
    public static string Write(CapAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var root = new XElement(Cap + "alert",
            Element("identifier", alert.Identifier),
            Element("sender", alert.Sender),
            Element("sent", CapTime.Format(alert.Sent)),
            Element("status", alert.Status.ToString()),
            Element("msgType", alert.MsgType.ToString()),
            Optional("source", alert.Source),
            Element("scope", alert.Scope.ToString()),
            Optional("restriction", alert.Restriction),
            Optional("addresses", alert.Addresses),
            alert.Codes.Where(c => !string.IsNullOrEmpty(c)).Select(c => Element("code", c)),
            Optional("note", alert.Note),
            Optional("references", string.Join(' ', alert.References.Select(Reference))),
            Optional("incidents", alert.Incidents),
            alert.Infos.Select(Info));

        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            // Keeps carriage returns in text: a reader would otherwise normalise them away.
            NewLineHandling = NewLineHandling.Entitize,
        };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Reference(CapReference r) => $"{r.Sender},{r.Identifier},{CapTime.Format(r.Sent)}";

    private static XElement Info(CapInfo info) => new(Cap + "info",
        Element("language", info.Language),
        info.Categories.Select(c => Element("category", c.ToString())),
        Element("event", info.Event),
        info.ResponseTypes.Select(r => Element("responseType", r.ToString())),
        Element("urgency", info.Urgency.ToString()),
        Element("severity", info.Severity.ToString()),
        Element("certainty", info.Certainty.ToString()),
        Optional("audience", info.Audience),
        info.EventCodes.Select(c => Pair("eventCode", c)),
        Optional("effective", Time(info.Effective)),
        Optional("onset", Time(info.Onset)),
        Optional("expires", Time(info.Expires)),
        Optional("senderName", info.SenderName),
        Optional("headline", info.Headline),
        Optional("description", info.Description),
        Optional("instruction", info.Instruction),
        Optional("web", info.Web),
        Optional("contact", info.Contact),
        info.Parameters.Select(p => Pair("parameter", p)),
        info.Resources.Select(Resource),
        info.Areas.Select(Area));

    private static XElement Resource(CapResource r) => new(Cap + "resource",
        Element("resourceDesc", r.ResourceDesc),
        Element("mimeType", r.MimeType),
        Optional("size", r.Size?.ToString(CultureInfo.InvariantCulture)),
        Optional("uri", r.Uri),
        Optional("derefUri", r.DerefUri),
        Optional("digest", r.Digest));

    private static XElement Area(CapArea a) => new(Cap + "area",
        Element("areaDesc", a.AreaDesc),
        a.Polygons.Where(p => !string.IsNullOrEmpty(p)).Select(p => Element("polygon", p)),
        a.Circles.Where(c => !string.IsNullOrEmpty(c)).Select(c => Element("circle", c)),
        a.Geocodes.Select(g => Pair("geocode", g)),
        Optional("altitude", a.Altitude?.ToString(CultureInfo.InvariantCulture)),
        Optional("ceiling", a.Ceiling?.ToString(CultureInfo.InvariantCulture)));

    private static XElement Pair(string name, CapKeyValue pair) => new(Cap + name,
        Element("valueName", pair.ValueName),
        Element("value", pair.Value));

    private static string? Time(DateTimeOffset? t) => t is { } value ? CapTime.Format(value) : null;

    // Text already stored may hold a character XML cannot carry: it is left out rather than breaking the document.
    private static XElement Element(string name, string value) => new(Cap + name, TextHygiene.ForXml(value));

    private static XElement? Optional(string name, string? value) =>
        string.IsNullOrEmpty(value) ? null : new XElement(Cap + name, TextHygiene.ForXml(value));
}
