namespace Beacon.Risks.Localization;

/// <summary>Marker for the words of the risks module's audit actions (RisksAuditResource.zh-CN.resx, .en-US.resx).</summary>
public sealed class RisksAuditResource
{
}
