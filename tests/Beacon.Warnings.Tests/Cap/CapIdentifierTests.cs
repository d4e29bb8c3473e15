using Beacon.Warnings.Cap;
using Xunit;

namespace Beacon.Warnings.Tests.Cap;

/// <summary>GB/T 35965.1 identifiers and 12-digit geocodes.</summary>
public sealed class CapIdentifierTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void An_identifier_carries_the_send_time_in_beijing_time_even_when_given_utc()
    {
        var sent = new DateTimeOffset(2024, 7, 12, 13, 31, 38, TimeSpan.Zero);

        Assert.Equal("13060041600000_20240712213138", CapIdentifier.Create("130600", "416", "000", "00", sent));
    }

    [Fact]
    public void An_identifier_crossing_midnight_in_beijing_takes_the_beijing_date()
    {
        var sent = new DateTimeOffset(2025, 12, 31, 16, 0, 5, TimeSpan.Zero);

        Assert.Equal("15020341600101_20260101000005_3", CapIdentifier.Create("150203", "416", "001", "01", sent, serial: 3));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(2)]
    public void A_created_identifier_parses_back_into_its_parts(int? serial)
    {
        var sent = new DateTimeOffset(2025, 7, 18, 14, 30, 0, Beijing);

        var identifier = CapIdentifier.Create("150200", "416", "012", "07", sent, serial);

        Assert.True(CapIdentifier.TryParse(identifier, out var parts));
        Assert.Equal(new CapIdentifierParts("150200", "416", "012", "07", sent, serial), parts);
        Assert.Equal(Beijing, parts.Sent.Offset);
    }

    [Theory]
    [InlineData("15020", "416", "000", "00", "areaCode")]
    [InlineData("1502000", "416", "000", "00", "areaCode")]
    [InlineData("15020a", "416", "000", "00", "areaCode")]
    [InlineData("150200", "41", "000", "00", "agencyCode")]
    [InlineData("150200", "416", "0000", "00", "unitCode")]
    [InlineData("150200", "416", "000", "0", "extension")]
    [InlineData("150200", "416", "000", "٠٠", "extension")]
    public void A_code_with_the_wrong_number_of_digits_is_rejected_naming_the_argument(string area, string agency, string unit, string extension, string argument)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CapIdentifier.Create(area, agency, unit, extension, DateTimeOffset.UnixEpoch));

        Assert.Equal(argument, e.ParamName);
    }

    [Fact]
    public void A_serial_below_one_is_rejected()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CapIdentifier.Create("150200", "416", "000", "00", DateTimeOffset.UnixEpoch, serial: 0));

        Assert.Equal("serial", e.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2.49.0.1.124.6bddbc91.2012")]
    [InlineData("1306004160000_20240712213138")]
    [InlineData("13060041600000-20240712213138")]
    [InlineData("13060041600000_20241312213138")]
    [InlineData("13060041600000_20240712213138_")]
    [InlineData("13060041600000_20240712213138_0")]
    public void Identifiers_outside_the_national_form_do_not_parse(string identifier)
    {
        Assert.False(CapIdentifier.TryParse(identifier, out _));
    }

    [Theory]
    [InlineData("150203", "150203000000")]
    [InlineData("150203101", "150203101000")]
    [InlineData("130602000000", "130602000000")]
    public void A_division_code_pads_to_a_12_digit_geocode(string code, string expected)
    {
        Assert.Equal(expected, CapIdentifier.Geocode12(code));
    }

    [Theory]
    [InlineData("15020")]
    [InlineData("1502031")]
    [InlineData("15020310")]
    [InlineData("15020a")]
    public void A_division_code_of_another_length_is_rejected(string code)
    {
        Assert.Equal("code", Assert.ThrowsAny<ArgumentException>(() => CapIdentifier.Geocode12(code)).ParamName);
    }
}
