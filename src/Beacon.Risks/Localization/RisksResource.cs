namespace Beacon.Risks.Localization;

/// <summary>Marker for the risk pages' UI strings (RisksResource.zh-CN.resx, RisksResource.en-US.resx).</summary>
public sealed class RisksResource
{
}
