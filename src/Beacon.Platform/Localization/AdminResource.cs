namespace Beacon.Platform.Localization;

/// <summary>Marker for the administration pages' UI strings (AdminResource.zh-CN.resx, AdminResource.en-US.resx).</summary>
public sealed class AdminResource
{
}
