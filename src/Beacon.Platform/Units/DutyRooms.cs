using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Units;

/// <summary>
/// The duty room (总值班室) of each jurisdiction: where reports, alerts and calls to that level go. Read on every
/// report sent up and changed rarely, so kept in memory for a minute and dropped at once when a unit is created,
/// changed, retired or merged through this node (<see cref="Invalidate"/>); another node's change is seen here
/// within the minute.
/// </summary>
public sealed class DutyRooms(DbContextOptions<BeaconDb> options, TimeProvider clock)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    private volatile Entry? _entry;

    /// <summary>
    /// The active duty room of each of <paramref name="jurisdictionIds"/> that has one (the first by name where a
    /// jurisdiction has several).
    /// </summary>
    public async Task<Dictionary<Guid, Guid>> OfAsync(IEnumerable<Guid> jurisdictionIds, CancellationToken ct)
    {
        var rooms = await GetAsync(ct);
        var result = new Dictionary<Guid, Guid>();
        foreach (var id in jurisdictionIds)
        {
            if (rooms.TryGetValue(id, out var room))
            {
                result[id] = room;
            }
        }

        return result;
    }

    public void Invalidate() => _entry = null;

    private async Task<Dictionary<Guid, Guid>> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_entry is { } entry && now - entry.LoadedAt < KeepFor)
        {
            return entry.Rooms;
        }

        await using var db = new BeaconDb(options, Actor.System, clock);
        var rooms = await db.Units.AsNoTracking().Where(u => u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .Select(u => new { u.JurisdictionId, u.Name, u.Id }).ToListAsync(ct);
        var loaded = rooms.GroupBy(r => r.JurisdictionId)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Name, StringComparer.Ordinal).First().Id);
        _entry = new Entry(loaded, now);
        return loaded;
    }

    private sealed record Entry(Dictionary<Guid, Guid> Rooms, DateTimeOffset LoadedAt);
}
