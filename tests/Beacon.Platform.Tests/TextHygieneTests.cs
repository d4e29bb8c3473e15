using System.Xml;
using Beacon.Platform.Http;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>The kernel's text checks: what is refused, where a page finds it, and what XML writers leave out.</summary>
public sealed class TextHygieneTests
{
    public sealed record Area(string Name, string? Note);

    public sealed record Request(string Title, IReadOnlyList<Area> Areas, Dictionary<string, string> Labels, int Count);

    [Theory]
    [InlineData(0x0000)]
    [InlineData(0x0001)]
    [InlineData(0x001F)]
    [InlineData(0x007F)]
    [InlineData(0x0080)]
    [InlineData(0x009F)]
    [InlineData(0xD800)]
    [InlineData(0xDC00)]
    public void Control_characters_and_unpaired_surrogates_are_refused(int code)
    {
        var bad = ((char)code).ToString();
        Assert.True(TextHygiene.HasRefused("甲" + bad + "乙"));
        Assert.True(TextHygiene.HasRefused(bad));
    }

    [Theory]
    [InlineData("昆都仑区\t应急\r\n管理局")]
    [InlineData("暴雨 😀 预警")]
    [InlineData("\u00A0\u00FF\uFFFD")]
    [InlineData("")]
    public void Tab_line_feed_carriage_return_and_ordinary_text_pass(string good) => Assert.False(TextHygiene.HasRefused(good));

    [Fact]
    public void A_page_finds_the_json_path_of_the_first_dirty_field()
    {
        var clean = new Request("标题", [new Area("甲", null), new Area("乙", "备注")], new() { ["k"] = "v" }, 1);

        Assert.Null(TextHygiene.FindControlCharacter(clean));
        Assert.Equal("title", TextHygiene.FindControlCharacter(clean with { Title = "标\0题" }));
        Assert.Equal("areas[1].note", TextHygiene.FindControlCharacter(clean with { Areas = [new Area("甲", null), new Area("乙", "备\u0085注")] }));
        Assert.Equal("labels.k", TextHygiene.FindControlCharacter(clean with { Labels = new() { ["k"] = "\u0007" } }));
        Assert.Equal("labels.k\u0001", TextHygiene.FindControlCharacter(clean with { Labels = new() { ["k\u0001"] = "v" } }));
        Assert.Equal("", TextHygiene.FindControlCharacter("\0"));
        Assert.Null(TextHygiene.FindControlCharacterMember(clean));
        Assert.Equal("Areas", TextHygiene.FindControlCharacterMember(clean with { Areas = [new Area("甲\u0000", null)] }));
        Assert.Equal("Title", TextHygiene.FindControlCharacterMember(clean with { Title = "\u001b" }));
    }

    [Fact]
    public void ForXml_leaves_out_only_what_xml_cannot_carry_and_the_result_writes()
    {
        var stored = "甲\u0000乙\u0001丙\t\r\n丁\u0085戊\uFFFE\uFFFF😀\uD800己";

        var clean = TextHygiene.ForXml(stored);

        Assert.Equal("甲乙丙\t\r\n丁\u0085戊😀己", clean);
        using var output = new StringWriter();
        using (var xml = XmlWriter.Create(output))
        {
            xml.WriteElementString("text", clean);
        }

        Assert.Contains("丁", output.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() =>
        {
            using var raw = XmlWriter.Create(new StringWriter());
            raw.WriteElementString("text", stored);
        });
        Assert.Same("clean", TextHygiene.ForXml("clean"));
    }
}
