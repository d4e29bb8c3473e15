namespace Beacon.Incidents.Localization;

/// <summary>
/// Marker for the names the audit trail page shows for the duty watch and information reporting module's audit codes and entities
/// (IncidentsAuditResource.zh-CN.resx, IncidentsAuditResource.en-US.resx); registered as a <see cref="Platform.Audit.AuditVocabulary"/>.
/// </summary>
public sealed class IncidentsAuditResource
{
}
