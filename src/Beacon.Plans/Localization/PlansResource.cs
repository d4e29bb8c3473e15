namespace Beacon.Plans.Localization;

/// <summary>Marker for the plans pages' UI strings (PlansResource.zh-CN.resx, PlansResource.en-US.resx).</summary>
public sealed class PlansResource
{
}
