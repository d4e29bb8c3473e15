using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Units;

/// <summary>The duty room (总值班室) of a jurisdiction: where reports, alerts and calls to that level go.</summary>
public static class DutyRooms
{
    /// <summary>
    /// The active duty room of each of <paramref name="jurisdictionIds"/> that has one, in one query
    /// (the first by name where a jurisdiction has several).
    /// </summary>
    public static async Task<Dictionary<Guid, Guid>> OfAsync(this IQueryable<Unit> units, IReadOnlyCollection<Guid> jurisdictionIds, CancellationToken ct)
    {
        // The ids inlined as constants (IN ('…','…')) so the (JurisdictionId, Name) index is used; a parameterised
        // list becomes json_each(@ids), which SQLite joins by scanning every unit.
        var ids = jurisdictionIds.ToList();
        var rooms = await units.Where(u => EF.Constant(ids).Contains(u.JurisdictionId) && u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .OrderBy(u => u.Name).Select(u => new { u.JurisdictionId, u.Id }).ToListAsync(ct);
        return rooms.GroupBy(r => r.JurisdictionId).ToDictionary(g => g.Key, g => g.First().Id);
    }
}
