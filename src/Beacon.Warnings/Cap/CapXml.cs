using System.Xml;
using System.Xml.Linq;

namespace Beacon.Warnings.Cap;

/// <summary>Safe XML loading shared by the schema check and the reader: no DTDs, no external resources.</summary>
internal static class CapXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Parses <paramref name="xml"/> keeping line information; throws <see cref="XmlException"/> when not well-formed.</summary>
    public static XDocument Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var text = new StringReader(xml.TrimStart('\uFEFF'));
        using var reader = XmlReader.Create(text, Settings);
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }
}
