using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Modules;

/// <summary>
/// A business module declares itself once, here: its name (the PostgreSQL schema of its tables and their prefix on
/// SQLite), its services, its endpoints, its pages (the module's assembly), its EF model (the configurations in its
/// assembly), its menu entries with its own resources, and the scope rule of each of its entities. Seeds, permissions,
/// to-do items and map layers are services it registers in <see cref="AddServices"/>. The host, both migrations
/// assemblies and the tests take the list of modules from one catalogue (<c>Beacon.Modules.ModuleCatalog</c>), so a
/// new module is its project and one line there. How to build one: <c>docs/modules.md</c>.
/// </summary>
public abstract class BeaconModule
{
    /// <summary>
    /// Lower-case ASCII letters, stable forever: the PostgreSQL schema of the module's tables and the prefix of their
    /// names on SQLite (<c>incidents.reports</c> / <c>incidents_reports</c>). Renaming it is a migration.
    /// </summary>
    public abstract string Name { get; }

    /// <summary>The module's assembly: its pages (routable components), its EF configurations and its resources.</summary>
    public Assembly Assembly => GetType().Assembly;

    /// <summary>The marker type of the module's resources (<c>XxxResource.zh-CN.resx</c>), for its menu titles.</summary>
    public abstract Type Resources { get; }

    /// <summary>Menu entries; their <see cref="MenuEntry.TitleKey"/> is a key in <see cref="Resources"/>.</summary>
    public virtual IEnumerable<MenuEntry> Menu => [];

    /// <summary>
    /// How each entity of the module is scoped: the jurisdiction a row belongs to, or <see cref="EntityScope.Global"/>
    /// for reference data every account may read. A test fails when an entity of a module has no rule.
    /// </summary>
    public virtual IEnumerable<EntityScope> Scopes => [];

    public abstract void AddServices(IServiceCollection services, IConfiguration configuration);

    public abstract void MapEndpoints(IEndpointRouteBuilder endpoints);

    public override string ToString() => Name;
}

/// <summary>
/// The scope rule of one entity: the property holding the jurisdiction the row belongs to (a county sees its own rows
/// and those below it), or none for reference data (<see cref="Global"/>), or a parent entity it is read through.
/// </summary>
public sealed record EntityScope(Type Entity, string? JurisdictionProperty, Type? ReadThrough = null, string? Why = null)
{
    /// <summary>Rows belong to the jurisdiction held in <paramref name="jurisdiction"/>.</summary>
    public static EntityScope For<T>(Expression<Func<T, Guid?>> jurisdiction) => new(typeof(T), MemberName(jurisdiction.Body));

    /// <inheritdoc cref="For{T}(Expression{Func{T, Guid?}})"/>
    public static EntityScope For<T>(Expression<Func<T, Guid>> jurisdiction) => new(typeof(T), MemberName(jurisdiction.Body));

    /// <summary>Rows are only ever read through their parent <typeparamref name="TParent"/>, whose scope they take.</summary>
    public static EntityScope Through<T, TParent>() => new(typeof(T), null, typeof(TParent));

    /// <summary>Reference data (code lists, rules) every signed-in account may read; writes are the administrator's.</summary>
    public static EntityScope Global<T>(string why) => new(typeof(T), null, null, why);

    private static string MemberName(Expression body) => body switch
    {
        MemberExpression m => m.Member.Name,
        UnaryExpression { Operand: MemberExpression m } => m.Member.Name,
        _ => throw new ArgumentException("The scope rule must name a property, e.g. x => x.JurisdictionId.", nameof(body)),
    };
}
