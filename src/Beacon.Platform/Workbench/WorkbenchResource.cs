namespace Beacon.Platform.Workbench;

/// <summary>Marker for the workbench's UI strings (WorkbenchResource.zh-CN.resx, WorkbenchResource.en-US.resx).</summary>
public sealed class WorkbenchResource
{
}
