using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Beacon.Platform.Data;

/// <summary>
/// Where business modules hand their entity configurations to <see cref="BeaconDb"/> (one database,
/// each module's tables configured by the module itself). Modules register in their <c>AddXxx()</c>.
/// </summary>
public static class BeaconModules
{
    private static readonly List<Action<ModelBuilder>> Configurations = [];
    private static readonly Lock Gate = new();

    public static IReadOnlyList<Action<ModelBuilder>> ModelConfigurations
    {
        get
        {
            lock (Gate)
            {
                return [.. Configurations];
            }
        }
    }

    /// <summary>Adds a module's model configuration once (keyed by its assembly).</summary>
    public static void RegisterModel(System.Reflection.Assembly assembly)
    {
        lock (Gate)
        {
            if (Registered.Add(assembly))
            {
                Configurations.Add(b => b.ApplyConfigurationsFromAssembly(assembly));
            }
        }
    }

    private static readonly HashSet<System.Reflection.Assembly> Registered = [];
}

/// <summary>Keeps one model per provider, so SQLite and PostgreSQL can be used in one process (tests, tools).</summary>
internal sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context.Database.ProviderName, designTime);
}
