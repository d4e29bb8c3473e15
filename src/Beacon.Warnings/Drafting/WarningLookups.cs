using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Jurisdictions.ListJurisdictions;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Drafting;

/// <summary>A division a warning may cover: a county of the user's scope, named with its prefecture.</summary>
public sealed record AreaChoice(string Code, string Name, string Label);

/// <summary>What the draft form offers: the active kinds of warning and the counties of the user's scope.</summary>
public sealed class WarningLookups(BeaconDbFactory dbs, ListJurisdictionsHandler jurisdictions)
{
    public async Task<List<WarningEventType>> EventTypesAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return await db.Set<WarningEventType>().AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.Code).ToListAsync(ct);
    }

    public async Task<List<AreaChoice>> CountiesAsync(CancellationToken ct)
    {
        var all = await jurisdictions.HandleAsync(includeFunctionalAreas: false, includeRetired: false, ct);
        var names = all.ToDictionary(j => j.Code, j => j.Name);
        return [.. all.Where(j => j.Level == JurisdictionLevel.County)
            .Select(j => new AreaChoice(j.Code, j.Name, j.ParentCode is { } p && names.TryGetValue(p, out var parent) ? $"{parent} {j.Name}" : j.Name))];
    }
}
