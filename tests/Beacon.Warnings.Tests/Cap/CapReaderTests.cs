using Beacon.Warnings.Cap;
using Xunit;

namespace Beacon.Warnings.Tests.Cap;

/// <summary>What the reader refuses and which semantic problems it reports as warnings.</summary>
public sealed class CapReaderTests
{
    private const string Head = """
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>T-1</identifier>
          <sender>beacon</sender>
          <sent>2025-07-18T14:30:00+08:00</sent>
          <status>Test</status>
        """;

    [Theory]
    [InlineData("")]
    [InlineData("this is not XML <")]
    [InlineData("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x</alert>")]
    public void Text_that_is_not_xml_is_refused_with_a_reason(string xml)
    {
        var result = CapReader.Read(xml);

        Assert.False(result.IsValid);
        Assert.Null(result.Alert);
        var error = Assert.Single(result.Errors);
        Assert.True(error.Contains("not well-formed XML", StringComparison.Ordinal) || error.Contains("empty", StringComparison.Ordinal), error);
    }

    [Theory]
    [InlineData("<html><body>hello</body></html>", "root element is html")]
    [InlineData("<alert xmlns=\"urn:example:other\"/>", "namespace 'urn:example:other'")]
    public void Xml_that_is_not_a_cap_alert_is_refused_with_a_reason(string xml, string reason)
    {
        var result = CapReader.Read(xml);

        Assert.Null(result.Alert);
        Assert.Contains(reason, Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Equal("", result.Version);
    }

    [Fact]
    public void A_cap_1_0_message_is_refused_as_unsupported()
    {
        var result = CapReader.Read("<alert xmlns=\"http://www.incident.com/cap/1.0\"><identifier>x</identifier></alert>");

        Assert.Null(result.Alert);
        Assert.Equal("1.0", result.Version);
        Assert.Contains("unsupported", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_type_declaration_is_refused_so_no_entity_is_expanded()
    {
        var xml = "<!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + Message("Alert", "", Area("<polygon>&x;</polygon>"));

        var result = CapReader.Read(xml);

        Assert.Null(result.Alert);
        Assert.Contains("not well-formed XML", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_message_has_no_warnings()
    {
        var result = CapReader.Read(Message("Alert", "", Area("<polygon>1,1 1,2 2,2 1,1</polygon><circle>1,1 5</circle>")));

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_cancel_without_references_is_flagged()
    {
        var result = CapReader.Read(Message("Cancel", "", ""));

        Assert.True(result.IsValid);
        Assert.StartsWith("Cancel with no references", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_polygon_whose_first_and_last_points_differ_is_flagged_and_still_imported()
    {
        var result = CapReader.Read(Message("Alert", "", Area("<polygon>1,1 1,2 2,2 2,1</polygon>")));

        Assert.True(result.IsValid);
        Assert.Contains("first and last points differ", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Equal("1,1 1,2 2,2 2,1", Assert.Single(result.Alert!.Infos[0].Areas[0].Polygons));
    }

    [Fact]
    public void A_polygon_with_fewer_than_four_points_is_flagged()
    {
        var result = CapReader.Read(Message("Alert", "", Area("<polygon>1,1 1,2 1,1</polygon>")));

        Assert.Contains("needs at least 4", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_that_is_not_a_sender_identifier_sent_triple_is_flagged_and_left_out()
    {
        var references = "<references>beacon,T-0,2025-07-18T14:00:00+08:00 beacon;T-9;yesterday</references>";

        var result = CapReader.Read(Message("Update", references, ""));

        Assert.True(result.IsValid);
        Assert.Contains("\"beacon;T-9;yesterday\" is not a sender,identifier,sent triple", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Equal("T-0", Assert.Single(result.Alert!.References).Identifier);
    }

    [Fact]
    public void Whitespace_and_line_breaks_around_values_are_trimmed_and_empty_optional_elements_read_as_null()
    {
        var xml = Head.Replace("<status>Test</status>", "<status>Test</status>\n<msgType>Alert</msgType><scope>Public</scope><note>\n   </note>", StringComparison.Ordinal)
            .Replace("<identifier>T-1</identifier>", "<identifier>\n    T-1\n  </identifier>", StringComparison.Ordinal)
            + "<info><category>Met</category><event>\n   大风\n </event><urgency>Future</urgency><severity>Minor</severity><certainty>Possible</certainty>"
            + "<area><areaDesc>x</areaDesc><polygon>\n 1,1\n 1,2   2,2\n 1,1 \n</polygon></area></info></alert>";

        var alert = CapAssert.ReadValid(xml);

        Assert.Equal("T-1", alert.Identifier);
        Assert.Null(alert.Note);
        Assert.Equal("大风", alert.Infos[0].Event);
        Assert.Equal("1,1 1,2 2,2 1,1", alert.Infos[0].Areas[0].Polygons[0]);
    }

    [Fact]
    public void The_schema_check_is_safe_from_many_threads_at_once()
    {
        var good = Message("Alert", "", "");
        var bad = good.Replace("+08:00</sent>", "Z</sent>", StringComparison.Ordinal);

        var results = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8)
            .Select(i => (Bad: i % 2 == 1, Errors: CapSchema.Validate(i % 2 == 1 ? bad : good)))
            .ToList();

        Assert.All(results, r => Assert.Equal(r.Bad ? 1 : 0, r.Errors.Count));
    }

    private static string Area(string shapes) => $"<area><areaDesc>测试区</areaDesc>{shapes}</area>";

    private static string Message(string msgType, string references, string areas) => Head + $"""
          <msgType>{msgType}</msgType>
          <scope>Public</scope>
          {references}
          <info>
            <category>Met</category>
            <event>大风</event>
            <urgency>Future</urgency>
            <severity>Minor</severity>
            <certainty>Possible</certainty>
            {areas}
          </info>
        </alert>
        """;
}
