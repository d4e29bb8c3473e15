using Beacon.Incidents.Classification;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents;

/// <summary>Seeds the event classification tree and the default reporting rules (work points and national rule).</summary>
internal sealed class IncidentsSeed(BeaconDbFactory dbs, TimeProvider clock) : IModuleSeed
{
    public async Task SeedAsync(bool demo, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        if (!await db.Set<EventType>().AnyAsync(ct))
        {
            var order = 0;
            foreach (var row in ReadEventTypes())
            {
                db.Add(new EventType
                {
                    Code = row[0],
                    Name = row[1],
                    NameEn = row[2],
                    Class = (EventClass)int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture),
                    ParentCode = row[4].Length == 0 ? null : row[4],
                    SortOrder = order++,
                });
            }
        }

        if (!await db.Set<ReportingRule>().AnyAsync(ct))
        {
            var now = clock.GetUtcNow();
            db.Add(new ReportingRule
            {
                Name = "自治区规定：较大以上及敏感事件 20分钟电话、40分钟书面",
                MinSeverity = Severity.III,
                CoversSensitive = true,
                PhoneMinutes = 20,
                WrittenMinutes = 40,
                FollowUpEveryMinutes = 24 * 60,
                ReportTo = "自治区总值班室",
                UpdatedAt = now,
            });
            db.Add(new ReportingRule
            {
                Name = "国家规定：重大以上 30分钟电话、1小时书面（备选）",
                IsActive = false,
                MinSeverity = Severity.II,
                CoversSensitive = false,
                PhoneMinutes = 30,
                WrittenMinutes = 60,
                ReportTo = "国务院总值班室",
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<string[]> ReadEventTypes()
    {
        var assembly = typeof(IncidentsSeed).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("event-types.csv", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var cells = line.Split(',');
            yield return [.. cells, .. Enumerable.Repeat("", Math.Max(0, 5 - cells.Length))];
        }
    }
}
