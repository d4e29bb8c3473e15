namespace Beacon.Maps.Localization;

/// <summary>Marker for the one map's UI strings (MapsResource.zh-CN.resx, MapsResource.en-US.resx).</summary>
public sealed class MapsResource
{
}
