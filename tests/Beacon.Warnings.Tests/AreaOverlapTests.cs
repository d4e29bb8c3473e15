using Beacon.Warnings.Dissemination;
using Xunit;

namespace Beacon.Warnings.Tests;

public sealed class AreaOverlapTests
{
    [Theory]
    [InlineData("150000", "152531", true)] // the region covers every county
    [InlineData("152500", "152531", true)] // a prefecture covers its counties
    [InlineData("152531", "152531001", true)] // a county covers its townships
    [InlineData("152530", "152531", false)] // neighbouring counties 正蓝旗 and 多伦县 do not overlap
    [InlineData("150102010", "150102011", false)] // neither do neighbouring townships
    [InlineData("150200", "150300", false)] // nor two prefectures
    [InlineData("150000", "130602", false)] // nor two regions
    public void Areas_overlap_when_one_lies_within_the_other_whichever_is_asked(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, AreaCodes.Intersect(a, b));
        Assert.Equal(overlap, AreaCodes.Intersect(b, a));
    }
}
