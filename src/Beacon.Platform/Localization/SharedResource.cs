namespace Beacon.Platform.Localization;

/// <summary>Marker for the platform's UI strings (SharedResource.zh-CN.resx, SharedResource.en-US.resx).</summary>
public sealed class SharedResource
{
}
