using Beacon.Platform.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Data;

/// <summary>
/// The modules whose tables a <see cref="BeaconDb"/> maps, carried by its options (so a test can build a model with one
/// more module without touching any other context). Each module's configurations come from its assembly; its tables go
/// to its own schema on PostgreSQL (<c>incidents.incidents</c>) and carry its name as a prefix on SQLite
/// (<c>incidents_incidents</c>).
/// </summary>
public sealed class BeaconModelExtension(IReadOnlyList<BeaconModule> modules) : IDbContextOptionsExtension
{
    private ExtensionInfo? _info;

    public IReadOnlyList<BeaconModule> Modules { get; } = modules;

    /// <summary>What tells one model from another: the modules' names in order.</summary>
    public string Key { get; } = string.Join(",", modules.Select(m => m.Name));

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
        var names = Modules.Select(m => m.Name).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count || names.Any(n => n.Length == 0 || !n.All(char.IsAsciiLetterLower)))
        {
            throw new InvalidOperationException($"Module names must be distinct lower-case ASCII words: {Key}");
        }
    }

    /// <summary>Applies each module's configurations and puts its tables in its schema (PostgreSQL) or under its prefix (SQLite).</summary>
    internal static void Apply(ModelBuilder builder, IReadOnlyList<BeaconModule> modules, bool sqlite)
    {
        foreach (var module in modules)
        {
            builder.ApplyConfigurationsFromAssembly(module.Assembly);
            foreach (var entity in builder.Model.GetEntityTypes().Where(e => e.ClrType.Assembly == module.Assembly && !e.IsOwned()))
            {
                if (entity.GetTableName() is not { } table)
                {
                    continue;
                }

                if (sqlite)
                {
                    entity.SetTableName($"{module.Name}_{table}");
                }
                else
                {
                    entity.SetSchema(module.Name);
                }
            }
        }
    }

    private sealed class ExtensionInfo(BeaconModelExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new BeaconModelExtension Extension => (BeaconModelExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"BeaconModules={Extension.Key} ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Beacon:Modules"] = Extension.Key;
    }
}

/// <summary>Keeps one model per provider and module list, so SQLite and PostgreSQL can be used in one process (tests, tools).</summary>
internal sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context is BeaconDb beacon ? (object)beacon.IsSqlite : context.Database.ProviderName, designTime,
            context.GetService<IDbContextOptions>().FindExtension<BeaconModelExtension>()?.Key ?? "");
}
