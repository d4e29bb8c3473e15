namespace Beacon.Incidents.Workbench;

/// <summary>Marker for the incidents' workbench strings (IncidentsWorkbenchResource.zh-CN.resx, IncidentsWorkbenchResource.en-US.resx).</summary>
public sealed class IncidentsWorkbenchResource
{
}
