using System.Diagnostics;
using System.Xml;
using System.Xml.Linq;

namespace Beacon.Warnings.Cap;

/// <summary>
/// Safe XML loading shared by the schema check and the reader: no DTDs, no external resources, and limits that keep
/// one hostile document from holding a core: nesting no deeper than <see cref="MaxDepth"/>, at most
/// <see cref="MaxCharacters"/> characters, at most <see cref="TimeLimit"/> of parsing, and the work stops as soon as
/// the caller's token is cancelled (the client left).
/// </summary>
internal static class CapXml
{
    /// <summary>The deepest nesting read: a CAP alert needs 5 (alert, info, area, geocode, value); signatures a few more.</summary>
    public const int MaxDepth = 32;

    /// <summary>The largest document read (characters), a little over the import's body limit.</summary>
    public const long MaxCharacters = 2 * 1024 * 1024;

    /// <summary>The longest a document may take to parse.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(1);

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
    };

    /// <summary>
    /// Parses <paramref name="xml"/> keeping line information; throws <see cref="XmlException"/> when not well-formed,
    /// <see cref="CapXmlLimitException"/> when it is nested too deep, too long or too slow to read, and
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public static XDocument Parse(string xml, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var text = xml.TrimStart('\uFEFF');
        if (text.Length > MaxCharacters)
        {
            throw new CapXmlLimitException($"the document has {text.Length} characters, more than {MaxCharacters}");
        }

        // A streaming pass first: depth, time and cancellation are checked at every node before any tree is built, so
        // a document of nothing but nesting is refused after reading MaxDepth elements.
        var started = Stopwatch.GetTimestamp();
        using (var scan = XmlReader.Create(new StringReader(text), Settings))
        {
            var nodes = 0;
            while (scan.Read())
            {
                if (scan.Depth > MaxDepth)
                {
                    var info = (IXmlLineInfo)scan;
                    throw new CapXmlLimitException($"{info.LineNumber}:{info.LinePosition}: elements are nested deeper than {MaxDepth} levels");
                }

                if ((++nodes & 0xFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    if (Stopwatch.GetElapsedTime(started) > TimeLimit)
                    {
                        throw new CapXmlLimitException($"reading the document took longer than {TimeLimit.TotalSeconds:0} s");
                    }
                }
            }
        }

        ct.ThrowIfCancellationRequested();
        using var reader = XmlReader.Create(new StringReader(text), Settings);
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }
}

/// <summary>A document refused for its shape rather than its content: too deep, too long or too slow to read.</summary>
public sealed class CapXmlLimitException(string message) : XmlException(message);
