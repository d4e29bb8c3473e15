using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Beacon.Warnings.Cap;

/// <summary>
/// Validation against the official OASIS CAP 1.2 schema, embedded in this assembly. The compiled schema is loaded
/// once and shared; validation is safe to call from many threads at once.
/// </summary>
public static class CapSchema
{
    /// <summary>The CAP 1.2 namespace.</summary>
    public const string Namespace12 = "urn:oasis:names:tc:emergency:cap:1.2";

    private const string ResourceName = "Beacon.Warnings.Cap.cap12.xsd";

    private static readonly Lazy<XmlSchemaSet> Schemas = new(LoadSchemas, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Validates <paramref name="xml"/> against the CAP 1.2 schema only (no semantic checks). Returns one message
    /// per problem as <c>line:position: message</c>; empty when the document is a schema-valid CAP 1.2 alert.
    /// A document that is not well-formed, or whose root is not a CAP 1.2 <c>alert</c>, gives one error saying so.
    /// </summary>
    public static IReadOnlyList<string> Validate(string xml)
    {
        XDocument document;
        try
        {
            document = CapXml.Parse(xml);
        }
        catch (CapXmlLimitException e)
        {
            return [$"not read: {e.Message}"];
        }
        catch (XmlException e)
        {
            return [$"{e.LineNumber}:{e.LinePosition}: not well-formed XML: {e.Message}"];
        }

        return Validate(document);
    }

    /// <summary>Validates a document loaded with line information (see <see cref="CapXml.Parse"/>).</summary>
    internal static IReadOnlyList<string> Validate(XDocument document)
    {
        var root = document.Root;
        if (root is null || root.Name != XName.Get("alert", Namespace12))
        {
            return [$"{Position(root)}: the root element is {root?.Name.ToString() ?? "missing"}, not a CAP 1.2 alert ({{{Namespace12}}}alert)"];
        }

        var errors = new List<string>();
        document.Validate(Schemas.Value, (sender, e) =>
        {
            // Warnings are the validator saying it skipped lax content (XML signatures); only errors count.
            if (e.Severity == XmlSeverityType.Error)
            {
                errors.Add($"{Position(sender as XObject)}: {e.Message}");
            }
        });
        return errors;
    }

    private static string Position(XObject? node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? $"{info.LineNumber}:{info.LinePosition}" : "0:0";

    private static XmlSchemaSet LoadSchemas()
    {
        using var stream = typeof(CapSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the assembly.");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(XmlSchema.Read(reader, null)!);
        set.Compile();
        return set;
    }
}
