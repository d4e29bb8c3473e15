namespace Beacon.Maps;

/// <summary>
/// <c>Beacon:Maps</c>: the optional tile base layer under the bundled division boundaries. Off by default: government
/// networks often have no internet, and the boundaries alone make a working map (docs/maps.md).
/// </summary>
public sealed class MapsOptions
{
    public const string Section = "Beacon:Maps";

    /// <summary>An XYZ or WMTS-KVP tile URL template with <c>{z}</c>, <c>{x}</c>, <c>{y}</c> (and <c>{key}</c> for the key), e.g. Tianditu's
    /// <c>https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&amp;REQUEST=GetTile&amp;VERSION=1.0.0&amp;LAYER=vec&amp;STYLE=default&amp;TILEMATRIXSET=w&amp;FORMAT=tiles&amp;TILEMATRIX={z}&amp;TILEROW={y}&amp;TILECOL={x}&amp;tk={key}</c>
    /// or an intranet server's <c>http://tiles.gov.example/{z}/{x}/{y}.png</c>. None: no base layer.</summary>
    public string? TileUrl { get; set; }

    /// <summary>The key put in place of <c>{key}</c> (Tianditu's 天地图 tk).</summary>
    public string? TileKey { get; set; }

    /// <summary>The attribution the tile provider asks for (e.g. 审图号 GS(2024)0568号 for Tianditu).</summary>
    public string? TileAttribution { get; set; }

    /// <summary>The tile URL with the key filled in, or null when no base layer is configured.</summary>
    public string? ResolvedTileUrl() =>
        string.IsNullOrWhiteSpace(TileUrl) ? null : TileUrl.Replace("{key}", Uri.EscapeDataString(TileKey ?? ""), StringComparison.Ordinal);
}
