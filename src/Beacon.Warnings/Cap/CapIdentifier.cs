using System.Globalization;
using System.Text.RegularExpressions;

namespace Beacon.Warnings.Cap;

/// <summary>The parts of a GB/T 35965.1 message identifier.</summary>
/// <param name="AreaCode">6-digit GB/T 2260 administrative division code of the issuing unit.</param>
/// <param name="AgencyCode">3-digit code of the issuing agency (e.g. 416 for the meteorological service).</param>
/// <param name="UnitCode">3-digit code of the issuing unit within the agency.</param>
/// <param name="Extension">2-digit extension code.</param>
/// <param name="Sent">The send time read from the identifier, in Beijing time (+08:00), whole seconds.</param>
/// <param name="Serial">The optional serial that tells apart messages sent in the same second.</param>
public sealed record CapIdentifierParts(string AreaCode, string AgencyCode, string UnitCode, string Extension, DateTimeOffset Sent, int? Serial);

/// <summary>
/// Message identifiers and area codes of China's CAP profile, GB/T 35965.1-2018 (应急信息交互协议):
/// identifiers <c>ZZZZZZDDDUUUXX_YYYYMMDDhhmmss[_N]</c> (area, agency, unit, extension, Beijing send time, serial)
/// and 12-digit geocodes.
/// </summary>
public static partial class CapIdentifier
{
    /// <summary>The geocode <c>valueName</c> China's meteorological service uses for 12-digit division codes.</summary>
    public const string GeocodeValueName = "CPEAS Geographic Code";

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>
    /// Builds an identifier. <paramref name="sent"/> is converted to Beijing time (UTC+8) for the timestamp, so
    /// 2024-07-12T13:31:38Z gives <c>20240712213138</c>; fractions of a second are dropped.
    /// </summary>
    /// <exception cref="ArgumentException">A code does not have its number of ASCII digits (the exception names the
    /// argument), or <paramref name="serial"/> is less than 1.</exception>
    public static string Create(string areaCode, string agencyCode, string unitCode, string extension, DateTimeOffset sent, int? serial = null)
    {
        RequireDigits(areaCode, 6, nameof(areaCode));
        RequireDigits(agencyCode, 3, nameof(agencyCode));
        RequireDigits(unitCode, 3, nameof(unitCode));
        RequireDigits(extension, 2, nameof(extension));
        if (serial is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(serial), serial, "The serial must be 1 or more.");
        }

        var stamp = sent.ToOffset(Beijing).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var identifier = $"{areaCode}{agencyCode}{unitCode}{extension}_{stamp}";
        return serial is { } n ? $"{identifier}_{n.ToString(CultureInfo.InvariantCulture)}" : identifier;
    }

    /// <summary>
    /// Reads an identifier of the GB/T 35965.1 form. Returns false (and null-free default parts) for anything else,
    /// including an impossible date.
    /// </summary>
    public static bool TryParse(string identifier, out CapIdentifierParts parts)
    {
        parts = new CapIdentifierParts("", "", "", "", default, null);
        var match = identifier is null ? null : IdentifierPattern().Match(identifier);
        if (match is not { Success: true }
            || !DateTime.TryParseExact(match.Groups["time"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        int? serial = null;
        if (match.Groups["serial"].Success)
        {
            if (!int.TryParse(match.Groups["serial"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                return false;
            }

            serial = n;
        }

        parts = new CapIdentifierParts(match.Groups["area"].Value, match.Groups["agency"].Value, match.Groups["unit"].Value,
            match.Groups["ext"].Value, new DateTimeOffset(local, Beijing), serial);
        return true;
    }

    /// <summary>
    /// Pads a 6-digit (county) or 9-digit (township) division code with zeros to the 12-digit geocode
    /// (county + township + village); a 12-digit code is returned as is.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not 6, 9 or 12 ASCII digits.</exception>
    public static string Geocode12(string code)
    {
        if (code is null || code.Length is not (6 or 9 or 12) || !code.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"A division code has 6, 9 or 12 digits; got \"{code}\".", nameof(code));
        }

        return code.PadRight(12, '0');
    }

    private static void RequireDigits(string value, int digits, string argument)
    {
        if (value is null || value.Length != digits || !value.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"{argument} must be exactly {digits} digits; got \"{value}\".", argument);
        }
    }

    [GeneratedRegex(@"^(?<area>[0-9]{6})(?<agency>[0-9]{3})(?<unit>[0-9]{3})(?<ext>[0-9]{2})_(?<time>[0-9]{14})(?:_(?<serial>[0-9]{1,9}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
