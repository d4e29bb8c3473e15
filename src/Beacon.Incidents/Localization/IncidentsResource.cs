namespace Beacon.Incidents.Localization;

/// <summary>Marker for the duty watch and information reporting pages' UI strings (IncidentsResource.zh-CN.resx, IncidentsResource.en-US.resx).</summary>
public sealed class IncidentsResource
{
}
