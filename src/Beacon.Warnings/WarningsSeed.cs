using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings;

/// <summary>Seeds the kinds of warning (codes of the national classification of emergencies, GB/T 35561).</summary>
internal sealed class WarningsSeed(BeaconDbFactory dbs) : IModuleSeed
{
    private static readonly (string Code, string Name, string NameEn, string Category)[] EventTypes =
    [
        ("11A01", "洪水", "Flood", "Met"),
        ("11A02", "干旱", "Drought", "Met"),
        ("11B03", "暴雨", "Rainstorm", "Met"),
        ("11B04", "暴雪", "Snowstorm", "Met"),
        ("11B05", "寒潮", "Cold wave", "Met"),
        ("11B06", "大风", "Gale", "Met"),
        ("11B07", "沙尘暴", "Sandstorm", "Met"),
        ("11B10", "冰雹", "Hail", "Met"),
        ("11C01", "地震", "Earthquake", "Geo"),
        ("11D01", "滑坡", "Landslide", "Geo"),
        ("11D02", "泥石流", "Debris flow", "Geo"),
        ("11F01", "森林火险", "Forest fire danger", "Fire"),
        ("11F02", "草原火险", "Grassland fire danger", "Fire"),
    ];

    public async Task SeedAsync(bool demo, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        if (await db.Set<WarningEventType>().AnyAsync(ct))
        {
            return;
        }

        db.AddRange(EventTypes.Select(t => new WarningEventType { Code = t.Code, Name = t.Name, NameEn = t.NameEn, Category = t.Category }));
        await db.SaveChangesAsync(ct);
    }
}
