using System.Globalization;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Time;

/// <summary>Configuration section <c>Beacon:Time</c>.</summary>
public sealed class TimeOptions
{
    public const string Section = "Beacon:Time";

    /// <summary>The zone times are shown in; stored times are always UTC.</summary>
    public string DisplayTimeZone { get; set; } = "Asia/Shanghai";
}

/// <summary>Shows UTC instants in the configured zone (Beijing time by default).</summary>
public sealed class BeijingTime(IOptions<TimeOptions> options, TimeProvider clock)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.DisplayTimeZone);

    public TimeZoneInfo Zone => _zone;

    public DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, _zone);

    public DateTimeOffset Now => ToLocal(clock.GetUtcNow());

    /// <summary>A wall-clock time as people enter it (date pickers, forms), read in the display zone, as UTC.</summary>
    public DateTimeOffset ToUtc(DateTime local) => ToUtc(local, _zone);

    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    /// <summary>e.g. 2026-11-29 08:15:30.</summary>
    public string Format(DateTimeOffset? utc) =>
        utc is { } t ? ToLocal(t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    /// <summary>Today's date as people say it: 2026年11月29日 星期日 (zh) or Sunday, 29 November 2026 (en).</summary>
    public string LongDate(CultureInfo culture)
    {
        var now = Now;
        return culture.TwoLetterISOLanguageName == "zh"
            ? now.ToString("yyyy年M月d日 dddd", CultureInfo.GetCultureInfo("zh-CN"))
            : now.ToString("dddd, d MMMM yyyy", CultureInfo.GetCultureInfo("en-US"));
    }
}
