namespace Beacon.Warnings.Localization;

/// <summary>Marker for the warning pages' UI strings (WarningsResource.zh-CN.resx, WarningsResource.en-US.resx).</summary>
public sealed class WarningsResource
{
}
