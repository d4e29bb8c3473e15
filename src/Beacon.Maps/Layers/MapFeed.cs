using System.Globalization;
using Beacon.Platform.Http;
using Beacon.Platform.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace Beacon.Maps.Layers;

/// <summary>A layer the caller may show: key, title in the caller's language, how it is drawn.</summary>
public sealed record MapLayerView(string Key, string Title, MapLayerKind Kind);

/// <summary>
/// One feature on the map, placed: at its own coordinates, or at its division's centroid when it has none
/// (<see cref="Placed"/> says which). Areas (<see cref="MapLayerKind.Areas"/>) are filled on <see cref="DivisionCode"/>.
/// </summary>
public sealed record MapFeatureView(
    Guid Id,
    string Layer,
    string Title,
    double Longitude,
    double Latitude,
    string Placed,
    string? DivisionCode,
    string? DivisionName,
    string ColourKey,
    string Colour,
    string Href,
    DateTimeOffset At,
    bool IsDrill);

/// <summary>
/// Many features of a point layer in one place (decision 0019, "Clusters for large boxes"): at the mean of their points
/// (<see cref="Placed"/> <c>point</c>) or at their division's centroid (<c>division</c>, those without coordinates);
/// <see cref="Bbox"/> is west, south, east, north of what they span (where a click zooms to); <see cref="Colours"/>
/// counts them by colour key, <see cref="Colour"/> is that of the most severe key among them.
/// </summary>
public sealed record MapClusterView(
    double Longitude,
    double Latitude,
    string Placed,
    string? DivisionCode,
    string? DivisionName,
    int Count,
    IReadOnlyList<double> Bbox,
    IReadOnlyDictionary<string, int> Colours,
    string Colour);

/// <summary>
/// One layer in view. <see cref="Shape"/> <c>features</c>: its features, newest first, <see cref="Truncated"/> when there
/// were more than asked for. <see cref="Shape"/> <c>clusters</c> (a point layer whose box holds more than asked for, when
/// the caller lets it): <see cref="Clusters"/> instead, their counts summing to every feature in the box, none left out.
/// </summary>
public sealed record MapFeatures(string Layer, MapLayerKind Kind, string Shape, IReadOnlyList<MapFeatureView> Items, IReadOnlyList<MapClusterView> Clusters, bool Truncated)
{
    /// <summary>The shape of an answer of features.</summary>
    public const string FeaturesShape = "features";

    /// <summary>The shape of an answer of clusters.</summary>
    public const string ClustersShape = "clusters";
}

/// <summary>The answer of <c>GET /api/v1/map/features</c>: one entry per layer asked for (every layer when none was named).</summary>
public sealed record MapView(IReadOnlyList<MapFeatures> Layers);

/// <summary>
/// The one map's read side: the layers the modules registered and their features by bounding box and period, each
/// layer answering in the caller's scope (a county's map shows nothing of its neighbours).
/// </summary>
public sealed class MapFeed(IEnumerable<IMapLayer> layers, IDivisionGeometry divisions, IStringLocalizerFactory localizers, TimeProvider clock)
{
    public const int MaxTake = 10_000;

    /// <summary>Colours of the colour keys the modules use (incident levels Ⅰ–Ⅳ, warning colours), grey for anything else.</summary>
    public static string ColourOf(string key) => key switch
    {
        "I" or "Red" => "#cf1322",
        "II" or "Orange" => "#fa8c16",
        "III" or "Yellow" => "#fadb14",
        "IV" or "Blue" => "#1677ff",
        "DutyRoom" => "#13a8a8",
        _ => "#8c8c8c",
    };

    public IReadOnlyList<MapLayerView> Layers() =>
        [.. layers.Select(l => new MapLayerView(l.Key, localizers.Create(l.Title.Resources)[l.Title.TitleKey], l.Kind))];

    /// <summary>The default period: the last 24 hours (a little ahead of now, so what was stamped this instant is in).</summary>
    public (DateTimeOffset From, DateTimeOffset To) Last24Hours()
    {
        var now = clock.GetUtcNow();
        return (now.AddHours(-24), now.AddMinutes(1));
    }

    /// <summary>
    /// The layer's features in the box, at most <paramref name="take"/>; with <paramref name="clusters"/>, a point layer
    /// whose box holds more answers clusters instead (<see cref="MapFeatures.Shape"/>), when the layer can count them.
    /// </summary>
    public async Task<MapFeatures?> QueryAsync(string layer, BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, bool clusters, CancellationToken ct)
    {
        var source = layers.FirstOrDefault(l => l.Key == layer);
        if (source is null)
        {
            return null;
        }

        if (clusters && source.Kind == MapLayerKind.Points && await source.ClusterAsync(box, from, to, take, ct) is { } groups)
        {
            return new MapFeatures(layer, source.Kind, MapFeatures.ClustersShape, [], [.. groups.Select(View).OfType<MapClusterView>()], Truncated: false);
        }

        var found = await source.QueryAsync(box, from, to, take + 1, ct);
        var items = new List<MapFeatureView>();
        foreach (var f in found.Take(take))
        {
            var place = f.DivisionCode is { } code ? divisions.Find(code) : null;
            double lon, lat;
            string placed;
            if (f.Longitude is { } x && f.Latitude is { } y)
            {
                (lon, lat, placed) = (x, y, "point");
            }
            else if (place is not null)
            {
                (lon, lat, placed) = (place.Longitude, place.Latitude, "division");
            }
            else
            {
                continue;
            }

            var inView = source.Kind == MapLayerKind.Areas && place is not null
                ? place.Box.West <= box.East && place.Box.East >= box.West && place.Box.South <= box.North && place.Box.North >= box.South
                : box.Contains(lon, lat);
            if (inView)
            {
                items.Add(new MapFeatureView(f.Id, layer, f.Title, lon, lat, placed, f.DivisionCode, place?.Name, f.ColourKey, ColourOf(f.ColourKey), f.Href, f.At, f.IsDrill));
            }
        }

        return new MapFeatures(layer, source.Kind, MapFeatures.FeaturesShape, items, [], found.Count > take);
    }

    /// <summary>Severity order of the colour keys, most severe first (what a cluster is coloured by).</summary>
    private static int Rank(string key) => key switch
    {
        "I" or "Red" => 0,
        "II" or "Orange" => 1,
        "III" or "Yellow" => 2,
        "IV" or "Blue" => 3,
        "closed" => 5,
        _ => 4,
    };

    private MapClusterView? View(MapCluster c)
    {
        var place = c.DivisionCode is { } code ? divisions.Find(code) : null;
        var colour = ColourOf(c.ColourKeys.Where(k => k.Value > 0).Select(k => k.Key).OrderBy(Rank).FirstOrDefault() ?? "");
        if (c.Longitude is { } lon && c.Latitude is { } lat)
        {
            var e = c.Extent ?? new BoundingBox(lon, lat, lon, lat);
            return new MapClusterView(lon, lat, "point", null, null, c.Count, [e.West, e.South, e.East, e.North], c.ColourKeys, colour);
        }

        return place is null ? null
            : new MapClusterView(place.Longitude, place.Latitude, "division", place.Code, place.Name, c.Count,
                [place.Box.West, place.Box.South, place.Box.East, place.Box.North], c.ColourKeys, colour);
    }
}

internal static class MapEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/map/layers", (MapFeed feed) => Results.Ok(feed.Layers()))
            .WithName("ListMapLayers").WithTags("Map")
            .Produces<List<MapLayerView>>()
            .WithSummary("The layers of the one map (一张图) the modules registered; complete and unpaged (a handful)");
        api.MapGet("/map/features", QueryAsync)
            .WithName("ListMapFeatures").WithTags("Map")
            .Produces<MapView>().ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("The features of one layer (layer=…; every layer when none is named) in a bounding box (bbox=west,south,east,north, WGS-84 degrees) and period (from, to; the last 24 hours by default), in the caller's scope, newest first; at most take (1–10,000, default 2,000) and not paged. shape says what each layer answers: features (truncated says there were more), or, for a point layer whose box holds more than take, clusters (count, place, bbox and colours of every feature in the box, none left out; clusters=false asks for the newest take features instead)");
    }

    private static async Task<IResult> QueryAsync(MapFeed feed, string? layer, string? bbox, DateTimeOffset? from, DateTimeOffset? to, int? take, string? clusters, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var box = BoundingBox.Region;
        if (bbox is not null && !TryParseBox(bbox, out box))
        {
            errors.Add(new("bbox", MapErrors.BoxInvalid, "bbox is west,south,east,north in degrees, west < east, south < north"));
        }

        var (defaultFrom, defaultTo) = feed.Last24Hours();
        var start = from ?? defaultFrom;
        var end = to ?? defaultTo;
        if (end <= start)
        {
            errors.Add(new("to", MapErrors.PeriodInvalid, "to must be after from"));
        }

        if (take is < 1 or > MapFeed.MaxTake)
        {
            errors.Add(new("take", MapErrors.TakeInvalid, $"take is 1 to {MapFeed.MaxTake}"));
        }

        var clustered = true;
        if (clusters is not null && !bool.TryParse(clusters, out clustered))
        {
            errors.Add(new("clusters", MapErrors.ClustersInvalid, "clusters is true or false"));
        }

        if (layer is not null && !feed.Layers().Any(l => l.Key == layer))
        {
            errors.Add(new("layer", MapErrors.LayerUnknown, "layer is one of GET /api/v1/map/layers"));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var answers = new List<MapFeatures>();
        foreach (var key in layer is null ? feed.Layers().Select(l => l.Key) : [layer])
        {
            answers.Add((await feed.QueryAsync(key, box, start, end, take ?? 2_000, clustered, ct))!);
        }

        return Results.Ok(new MapView(answers));
    }

    internal static bool TryParseBox(string text, out BoundingBox box)
    {
        box = default;
        var parts = text.Split(',');
        var values = new double[4];
        if (parts.Length != 4)
        {
            return false;
        }

        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return false;
            }
        }

        box = new BoundingBox(values[0], values[1], values[2], values[3]);
        return box.West < box.East && box.South < box.North && box.West >= -180 && box.East <= 180 && box.South >= -90 && box.North <= 90;
    }
}
