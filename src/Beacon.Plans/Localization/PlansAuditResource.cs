namespace Beacon.Plans.Localization;

/// <summary>Marker for the audit trail's names of the plans module's audit codes and entities; a <see cref="Platform.Audit.AuditVocabulary"/>.</summary>
public sealed class PlansAuditResource
{
}
