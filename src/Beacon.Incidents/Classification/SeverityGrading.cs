using System.Globalization;
using Beacon.Incidents.Incidents;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Classification;

/// <summary>
/// One level's threshold of an event type (分级标准): the level is reached when any figure set here is reached
/// (deaths, injured, trapped, direct loss in 万元). A figure left empty plays no part.
/// </summary>
public sealed class SeverityThreshold
{
    public Severity Level { get; set; }

    public int? Deaths { get; set; }

    public int? Injured { get; set; }

    public int? Trapped { get; set; }

    public decimal? LossTenThousandYuan { get; set; }
}

/// <summary>
/// The level the figures give (数字对应级别) and the figure that gives it: <see cref="Basis"/> is the field
/// (<c>Deaths</c>, <c>Injured</c>, <c>Trapped</c>, <c>Loss</c>), <see cref="Value"/> the reported figure and
/// <see cref="Threshold"/> the level's threshold. <see cref="Severity.NotAssessed"/> when no threshold is reached
/// or the event type has none.
/// </summary>
public sealed record Grade(Severity Level, string? Basis, decimal Value, decimal Threshold)
{
    public static Grade None { get; } = new(Severity.NotAssessed, null, 0, 0);

    /// <summary>The stored reason (建议级别依据), e.g. <c>Deaths:3:3</c> (field, figure, threshold).</summary>
    public string? Reason => Basis is null ? null : string.Create(CultureInfo.InvariantCulture, $"{Basis}:{Value:0.##}:{Threshold:0.##}");

    /// <summary>Reads a stored reason back; null for none or an unreadable one.</summary>
    public static Grade? Parse(Severity level, string? reason)
    {
        var parts = reason?.Split(':');
        return parts is { Length: 3 }
            && decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            && decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var threshold)
            ? new Grade(level, parts[0], value, threshold)
            : null;
    }

    /// <summary>True when <paramref name="level"/> is above <paramref name="than"/> (Ⅰ is the highest; not assessed is below Ⅳ).</summary>
    public static bool IsAbove(Severity level, Severity than) =>
        level != Severity.NotAssessed && (than == Severity.NotAssessed || (int)level < (int)than);
}

/// <summary>
/// The national four-level grading as data (突发事件分级标准): per event type (by code prefix, the longest wins) the
/// thresholds of Ⅰ–Ⅳ, from <c>Classification/severity-thresholds.csv</c>, each type replaceable by configuration
/// (<c>Beacon:Incidents:Thresholds:&lt;code&gt;</c>). One function for the first report and follow-ups, the forms and the server.
/// </summary>
public sealed class SeverityGrading
{
    private readonly Dictionary<string, IReadOnlyList<SeverityThreshold>> _byType;

    public SeverityGrading(IOptions<IncidentsOptions> options)
    {
        _byType = ReadEmbedded();
        foreach (var (code, levels) in options.Value.Thresholds ?? [])
        {
            _byType[code] = levels;
        }
    }

    /// <summary>The thresholds that apply to an event type: those of its longest configured code prefix, or none.</summary>
    public IReadOnlyList<SeverityThreshold> For(string eventTypeCode)
    {
        for (var length = eventTypeCode.Length; length > 0; length--)
        {
            if (_byType.TryGetValue(eventTypeCode[..length], out var levels))
            {
                return levels;
            }
        }

        return [];
    }

    /// <summary>The highest level whose threshold the figures reach, and the figure that reaches it.</summary>
    public Grade Grade(string eventTypeCode, Casualties c)
    {
        foreach (var t in For(eventTypeCode).Where(t => t.Level != Severity.NotAssessed).OrderBy(t => (int)t.Level))
        {
            if (t.Deaths is { } d && c.Deaths >= d)
            {
                return new Grade(t.Level, "Deaths", c.Deaths, d);
            }

            if (t.Injured is { } i && c.Injured >= i)
            {
                return new Grade(t.Level, "Injured", c.Injured, i);
            }

            if (t.Trapped is { } tr && c.Trapped >= tr)
            {
                return new Grade(t.Level, "Trapped", c.Trapped, tr);
            }

            if (t.LossTenThousandYuan is { } l && c.DirectLossTenThousandYuan >= l)
            {
                return new Grade(t.Level, "Loss", c.DirectLossTenThousandYuan, l);
            }
        }

        return Classification.Grade.None;
    }

    private static Dictionary<string, IReadOnlyList<SeverityThreshold>> ReadEmbedded()
    {
        var assembly = typeof(SeverityGrading).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("severity-thresholds.csv", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var rows = new List<(string Code, SeverityThreshold Threshold)>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var cells = line.Split(',');
            rows.Add((cells[0], new SeverityThreshold
            {
                Level = Enum.Parse<Severity>(cells[1]),
                Deaths = Int(cells, 2),
                Injured = Int(cells, 3),
                Trapped = Int(cells, 4),
                LossTenThousandYuan = cells.Length > 5 && cells[5].Length > 0 ? decimal.Parse(cells[5], CultureInfo.InvariantCulture) : null,
            }));
        }

        return rows.GroupBy(r => r.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SeverityThreshold>)[.. g.Select(r => r.Threshold)], StringComparer.Ordinal);
    }

    private static int? Int(string[] cells, int index) =>
        cells.Length > index && cells[index].Length > 0 ? int.Parse(cells[index], CultureInfo.InvariantCulture) : null;
}
