using Beacon.Platform.Modules;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Beacon.Testing;

/// <summary>Checks every module must pass, shared by the architecture tests, the scope tests and the fixture-module test.</summary>
public static class ModuleChecks
{
    /// <summary>Entity types a module maps without a scope rule, or whose rule names a property it does not have.</summary>
    public static IReadOnlyList<string> EntitiesWithoutScope(IModel model, IEnumerable<BeaconModule> modules)
    {
        var problems = new List<string>();
        foreach (var module in modules)
        {
            var rules = module.Scopes.ToDictionary(s => s.Entity);
            foreach (var entity in model.GetEntityTypes().Where(e => e.ClrType.Assembly == module.Assembly && !e.IsOwned()))
            {
                if (!rules.TryGetValue(entity.ClrType, out var rule))
                {
                    problems.Add($"{module.Name}: {entity.ClrType.Name} has no scope rule");
                }
                else if (rule.JurisdictionProperty is { } p && entity.FindProperty(p)?.ClrType is not { } type)
                {
                    problems.Add($"{module.Name}: {entity.ClrType.Name}.{p} is not a mapped property");
                }
                else if (rule.ReadThrough is { } parent && model.FindEntityType(parent) is null)
                {
                    problems.Add($"{module.Name}: {entity.ClrType.Name} is read through {parent.Name}, which is not mapped");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// The Beacon assemblies <paramref name="module"/> references that a module may not: anything but the kernel and
    /// contracts assemblies (another module's internals, the host, a migrations assembly).
    /// </summary>
    public static IReadOnlyList<string> ForbiddenReferences(System.Reflection.Assembly module) =>
        [.. module.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("Beacon.", StringComparison.Ordinal))
            .Where(n => n != "Beacon.Platform" && !n.EndsWith(".Contracts", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
}
