namespace Beacon.Resources.Localization;

/// <summary>Marker for the resources module's UI strings (ResourcesResource.zh-CN.resx, ResourcesResource.en-US.resx).</summary>
public sealed class ResourcesResource
{
}
