using Beacon.Platform.Modules;
using Beacon.Warnings.Contracts;

namespace Beacon.Warnings.Map;

/// <summary>
/// Warnings in force on the one map: one feature per division a warning names, coloured by the warning's level
/// (<c>Red</c>, <c>Orange</c>, <c>Yellow</c>, <c>Blue</c>). The caller's scope only (the contract query).
/// </summary>
internal sealed class WarningsLayer(IWarningQueries warnings) : IMapLayer
{
    public string Key => "warnings";

    public (Type Resources, string TitleKey) Title => (typeof(Localization.WarningsResource), "Map.Layer.Warnings");

    public MapLayerKind Kind => MapLayerKind.Areas;

    public async Task<IReadOnlyList<MapFeature>> QueryAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        var current = await warnings.CurrentAsync(ct);
        return [.. current.Where(w => w.IssuedAt < to && w.ExpiresAt >= from)
            .SelectMany(w => w.AreaCodes.Select(code => new MapFeature(w.Id, w.Headline, null, null, code, w.Level, $"warnings/{w.Id}", w.IssuedAt, w.IsExercise)))
            .Take(Math.Clamp(take, 1, 10_000))];
    }
}
