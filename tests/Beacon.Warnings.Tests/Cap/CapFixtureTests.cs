using Beacon.Warnings.Cap;
using Xunit;

namespace Beacon.Warnings.Tests.Cap;

/// <summary>
/// The reader's behaviours on this project's own fixtures (Fixtures/), so they are checked on any machine, with or
/// without the shared real files.
/// </summary>
public sealed class CapFixtureTests
{
    [Fact]
    public void A_chinese_yellow_rainstorm_warning_reads_with_both_languages_geocodes_and_shapes()
    {
        var result = CapReader.Read(CapData.Fixture("cn-rainstorm-yellow.xml"));

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Empty(result.Warnings);
        var alert = result.Alert!;
        Assert.Equal(new DateTimeOffset(2025, 7, 18, 14, 30, 0, TimeSpan.FromHours(8)), alert.Sent);
        Assert.Equal(TimeSpan.FromHours(8), alert.Sent.Offset);
        Assert.True(CapIdentifier.TryParse(alert.Identifier, out var parts));
        Assert.Equal(new CapIdentifierParts("150200", "416", "000", "00", alert.Sent, null), parts);

        Assert.Equal(["zh-CN", "en-US"], alert.Infos.Select(i => i.Language));
        var zh = alert.Infos[0];
        Assert.Equal("暴雨", zh.Event);
        Assert.Equal(CapSeverity.Moderate, zh.Severity);
        Assert.Equal("包头市气象台发布暴雨黄色预警信号[Ⅲ级/较重]", zh.Headline);
        Assert.StartsWith("包头市气象台2025年07月18日14时30分", zh.Description, StringComparison.Ordinal);
        Assert.EndsWith("请注意防范。", zh.Description, StringComparison.Ordinal);
        Assert.Equal(new CapKeyValue("color", "黄色"), Assert.Single(zh.Parameters));
        Assert.Contains("lightning & gusts", alert.Infos[1].Description, StringComparison.Ordinal);

        foreach (var area in alert.Infos.SelectMany(i => i.Areas))
        {
            Assert.Single(area.Polygons);
            Assert.Equal("40.64,109.84 12.5", Assert.Single(area.Circles));
            Assert.Equal(["150203000000", "150204000000"], area.Geocodes.Select(g => g.Value));
            Assert.All(area.Geocodes, g => Assert.Equal(CapIdentifier.GeocodeValueName, g.ValueName));
        }
    }

    [Fact]
    public void A_chinese_warning_written_back_out_validates_and_reads_back_the_same()
    {
        var alert = CapAssert.ReadValid(CapData.Fixture("cn-rainstorm-yellow.xml"));

        var xml = CapWriter.Write(alert);

        Assert.Empty(CapSchema.Validate(xml));
        Assert.Contains("<sent>2025-07-18T14:30:00+08:00</sent>", xml, StringComparison.Ordinal);
        Assert.Contains("<headline>包头市气象台发布暴雨黄色预警信号[Ⅲ级/较重]</headline>", xml, StringComparison.Ordinal);
        CapAssert.Equivalent(alert, CapAssert.ReadValid(xml));
    }

    [Fact]
    public void A_cap_1_1_message_is_converted_to_1_2_with_very_likely_read_as_likely()
    {
        var result = CapReader.Read(CapData.Fixture("cap11-flood-watch.xml"));

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Equal("1.2", result.Version);
        Assert.Equal("1.1", result.ConvertedFrom);
        Assert.Contains(result.Warnings, w => w.Contains("converted to CAP 1.2", StringComparison.Ordinal));
        var info = Assert.Single(result.Alert!.Infos);
        Assert.Equal(CapCertainty.Likely, info.Certainty);
        Assert.Equal("en-US", info.Language);
        // 20:32:00.250Z: fractions dropped, the instant kept, written with an explicit offset.
        Assert.Equal(new DateTimeOffset(2011, 6, 1, 20, 32, 0, TimeSpan.Zero), info.Effective);
        Assert.Empty(CapSchema.Validate(CapWriter.Write(result.Alert)));
    }

    [Fact]
    public void An_update_without_references_imports_with_a_warning_saying_so()
    {
        var result = CapReader.Read(CapData.Fixture("update-without-references.xml"));

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Empty(result.Alert!.References);
        Assert.StartsWith("Update with no references", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancel_with_references_and_no_info_imports_cleanly()
    {
        var result = CapReader.Read(CapData.Fixture("cancel-with-references.xml"));

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Empty(result.Warnings);
        var alert = result.Alert!;
        Assert.Equal(CapMsgType.Cancel, alert.MsgType);
        Assert.Empty(alert.Infos);
        Assert.Equal(
            [
                new CapReference("Baotou_Meteorological_Observatory", "15020041600000_20250718143000", new DateTimeOffset(2025, 7, 18, 14, 30, 0, TimeSpan.FromHours(8))),
                new CapReference("Baotou_Meteorological_Observatory", "15020041600000_20250718170000", new DateTimeOffset(2025, 7, 18, 17, 0, 0, TimeSpan.FromHours(8))),
            ],
            alert.References);
    }

    [Fact]
    public void A_message_with_elements_out_of_order_and_a_utc_sent_time_is_rejected_naming_both_problems()
    {
        var result = CapReader.Read(CapData.Fixture("invalid-order-and-utc.xml"));

        Assert.False(result.IsValid);
        Assert.Null(result.Alert);
        Assert.All(result.Errors, e => Assert.Matches(@"^\d+:\d+: ", e));
        Assert.Contains(result.Errors, e => e.StartsWith("6:", StringComparison.Ordinal) && e.Contains("sent", StringComparison.Ordinal) && e.Contains("Pattern", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("'category'", StringComparison.Ordinal));
    }
}
