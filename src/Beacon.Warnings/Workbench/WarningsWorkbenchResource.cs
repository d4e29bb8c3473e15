namespace Beacon.Warnings.Workbench;

/// <summary>Marker for the warnings' workbench strings (WarningsWorkbenchResource.zh-CN.resx, WarningsWorkbenchResource.en-US.resx).</summary>
public sealed class WarningsWorkbenchResource
{
}
