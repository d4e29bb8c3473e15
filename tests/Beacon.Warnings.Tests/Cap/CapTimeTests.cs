using Beacon.Warnings.Cap;
using Xunit;

namespace Beacon.Warnings.Tests.Cap;

/// <summary>CAP's date-time form: explicit offset, no Z, whole seconds.</summary>
public sealed class CapTimeTests
{
    [Fact]
    public void A_time_is_written_in_its_own_offset_without_fractions()
    {
        var t = new DateTimeOffset(2025, 7, 18, 14, 30, 5, TimeSpan.FromHours(8)).AddMilliseconds(987);

        Assert.Equal("2025-07-18T14:30:05+08:00", CapTime.Format(t));
    }

    [Fact]
    public void A_utc_time_is_written_as_plus_zero_not_z()
    {
        Assert.Equal("2025-07-18T06:30:05+00:00", CapTime.Format(new DateTimeOffset(2025, 7, 18, 6, 30, 5, TimeSpan.Zero)));
    }

    [Fact]
    public void A_negative_offset_is_kept()
    {
        Assert.Equal("2003-06-11T20:30:00-07:00", CapTime.Format(new DateTimeOffset(2003, 6, 11, 20, 30, 0, TimeSpan.FromHours(-7))));
    }

    [Theory]
    [InlineData("2025-07-18T14:30:05+08:00", 8)]
    [InlineData(" 2012-05-02T23:21:04-00:00\n", 0)]
    [InlineData("2024-07-11T15:31:00-10:00", -10)]
    public void A_cap_time_parses_with_its_offset(string text, int offsetHours)
    {
        Assert.True(CapTime.TryParse(text, out var t));
        Assert.Equal(TimeSpan.FromHours(offsetHours), t.Offset);
        Assert.Equal(text.Trim()[..19], CapTime.Format(t)[..19]);
    }

    [Theory]
    [InlineData("2025-07-18T06:30:05Z")]
    [InlineData("2025-07-18T14:30:05.5+08:00")]
    [InlineData("2025-07-18T14:30:05")]
    [InlineData("2025-07-18T14:30:05+0800")]
    [InlineData("2025-07-18 14:30:05+08:00")]
    [InlineData("2025-02-30T14:30:05+08:00")]
    [InlineData("")]
    public void Times_outside_the_cap_form_do_not_parse(string text)
    {
        Assert.False(CapTime.TryParse(text, out _));
    }
}
