namespace Beacon.Resources.Localization;

/// <summary>Marker for the resources module's audit words (ResourcesAuditResource.zh-CN.resx, .en-US.resx).</summary>
public sealed class ResourcesAuditResource
{
}
