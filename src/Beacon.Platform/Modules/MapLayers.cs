namespace Beacon.Platform.Modules;

/// <summary>A rectangle of WGS-84 degrees (CGCS2000 is the same within a metre): west, south, east, north.</summary>
public readonly record struct BoundingBox(double West, double South, double East, double North)
{
    /// <summary>The whole region (内蒙古 spans about 97°–126° E, 37°–53° N), with a margin.</summary>
    public static BoundingBox Region { get; } = new(96, 36, 127, 54);

    public bool Contains(double longitude, double latitude) =>
        longitude >= West && longitude <= East && latitude >= South && latitude <= North;
}

/// <summary>
/// One thing on the map: a point (<see cref="Longitude"/>, <see cref="Latitude"/>) or an area in the division with
/// <see cref="DivisionCode"/>, with its title, a colour key the layer's legend explains, and the page that shows it.
/// </summary>
public sealed record MapFeature(
    Guid Id,
    string Title,
    double? Longitude,
    double? Latitude,
    string? DivisionCode,
    string ColourKey,
    string Href,
    DateTimeOffset At,
    bool IsDrill = false);

/// <summary>
/// Many of a layer's features in one place, sent as one (issue 15, acceptance 5): a point layer whose box holds more
/// features than the caller takes answers clusters instead (decision 0019, "Clusters for large boxes"). A cluster stands
/// at <see cref="Longitude"/>, <see cref="Latitude"/> (the mean of its features), or at the centroid of the division
/// with <see cref="DivisionCode"/> when its features have no coordinates; <see cref="Extent"/> is the box its features
/// span (where the map zooms on a click); <see cref="ColourKeys"/> counts them by colour key (their sum is
/// <see cref="Count"/>).
/// </summary>
public sealed record MapCluster(
    double? Longitude,
    double? Latitude,
    string? DivisionCode,
    int Count,
    BoundingBox? Extent,
    IReadOnlyDictionary<string, int> ColourKeys);

/// <summary>
/// A layer a module puts on the one map (一张图): its key, its title key in the module's resources, and a query by area
/// and time. Answers are limited to the caller's scope, like every other read: a county's map shows nothing of its
/// neighbours. Registered by the module in <see cref="BeaconModule.AddServices"/> as <c>IMapLayer</c>.
/// </summary>
public interface IMapLayer
{
    /// <summary>Stable key, e.g. <c>incidents</c>, <c>warnings</c>.</summary>
    string Key { get; }

    /// <summary>The module's resources marker type and the key of the layer's title in them.</summary>
    (Type Resources, string TitleKey) Title { get; }

    /// <summary>How the map draws the layer's features: points (clustered when dense) or division areas filled by colour.</summary>
    MapLayerKind Kind => MapLayerKind.Points;

    /// <summary>What is in <paramref name="box"/> in [<paramref name="from"/>, <paramref name="to"/>), at most <paramref name="take"/> features.</summary>
    Task<IReadOnlyList<MapFeature>> QueryAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct);

    /// <summary>
    /// When more than <paramref name="above"/> features are in <paramref name="box"/> in [<paramref name="from"/>,
    /// <paramref name="to"/>): all of them (in the caller's scope) grouped into clusters, their counts summing to the
    /// number in the box; otherwise null, and the caller asks <see cref="QueryAsync"/>. A layer that does not cluster
    /// answers null (the default).
    /// </summary>
    Task<IReadOnlyList<MapCluster>?> ClusterAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int above, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<MapCluster>?>(null);
}

/// <summary>How a layer's features are drawn on the one map.</summary>
public enum MapLayerKind
{
    /// <summary>Points (a feature without coordinates stands at its division's centroid); clustered when dense.</summary>
    Points,

    /// <summary>The divisions the features name, filled in the feature's colour.</summary>
    Areas,
}

/// <summary>Where a division is: its area centroid (inside its boundary) and its bounding box, for places known only by their division.</summary>
public sealed record DivisionPlace(string Code, string Name, double Longitude, double Latitude, BoundingBox Box);

/// <summary>
/// Geocoding of divisions (区划定位) for every module: an incident known only by its county, a recipient known only by
/// its division. Answered from the bundled boundaries (docs/maps.md); null for a code without a boundary.
/// </summary>
public interface IDivisionGeometry
{
    /// <summary>The division with <paramref name="code"/>, or null.</summary>
    DivisionPlace? Find(string code);

    /// <summary>The code of the county-level division containing the point, or null outside the region.</summary>
    string? Locate(double longitude, double latitude);
}
