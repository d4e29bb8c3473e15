namespace Beacon.Warnings.Localization;

/// <summary>
/// Marker for the names the audit trail page shows for the early warnings module's audit codes and entities
/// (WarningsAuditResource.zh-CN.resx, WarningsAuditResource.en-US.resx); registered as a <see cref="Platform.Audit.AuditVocabulary"/>.
/// </summary>
public sealed class WarningsAuditResource
{
}
