using Beacon.Platform.Audit;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Data;

/// <summary>
/// Carries the audit chain's keys (<see cref="AuditKeyRing"/>) in a <see cref="BeaconDb"/>'s options, so every context —
/// whoever creates it — marks the audit rows it writes with the same key (decision 0014).
/// </summary>
public sealed class AuditKeysExtension(AuditKeyRing keys) : IDbContextOptionsExtension
{
    private ExtensionInfo? _info;

    public AuditKeyRing Keys { get; } = keys;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(AuditKeysExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "AuditKeys ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["Beacon:AuditKeys"] = "1";
    }
}
