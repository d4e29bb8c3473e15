#pragma warning disable EF1001 // The migrations differ is EF's internal API; the test uses it as `dotnet ef` does.
using Beacon.Architecture.Tests.FixtureModule;
using Beacon.Modules;
using Beacon.Platform;
using Beacon.Platform.Data;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Architecture.Tests;

/// <summary>
/// The module contract: a module is one project declared once (<see cref="BeaconModule"/>) and one line in the catalogue;
/// the menu, the model and migrations and the scope rules follow from the declaration; modules read each other only
/// through contracts assemblies.
/// </summary>
public sealed class ModuleContractTests
{
    private static readonly BeaconModule[] WithSample = [.. ModuleCatalog.All, new SampleModule()];

    [Fact]
    public void Every_module_of_the_catalogue_references_the_kernel_and_contracts_only()
    {
        Assert.NotEmpty(ModuleCatalog.All);
        foreach (var module in ModuleCatalog.All)
        {
            Assert.Empty(ModuleChecks.ForbiddenReferences(module.Assembly));
            Assert.Contains(module.Assembly.GetReferencedAssemblies(), a => a.Name == "Beacon.Platform");
        }
    }

    [Fact]
    public void The_boundary_check_catches_a_module_that_references_another_modules_internals()
    {
        // This test assembly references the host and, through it, every module: as a module it would break the boundary.
        var violations = ModuleChecks.ForbiddenReferences(typeof(ModuleContractTests).Assembly);

        Assert.Contains("Beacon.Testing", violations);
    }

    [Fact]
    public void Contracts_assemblies_reference_the_kernel_only_and_hold_no_entity()
    {
        var contracts = ModuleCatalog.All.SelectMany(m => m.Assembly.GetReferencedAssemblies())
            .Where(a => a.Name!.EndsWith(".Contracts", StringComparison.Ordinal)).Select(System.Reflection.Assembly.Load).Distinct().ToList();

        Assert.NotEmpty(contracts);
        foreach (var contract in contracts)
        {
            var beacon = contract.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Beacon.", StringComparison.Ordinal)).ToList();
            Assert.Equal(["Beacon.Platform"], beacon);
            Assert.DoesNotContain(contract.GetTypes(), t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)));
        }
    }

    [Fact]
    public void The_kernel_references_no_module_and_names_no_modules_property()
    {
        var kernel = typeof(PlatformModule).Assembly;
        Assert.DoesNotContain(kernel.GetReferencedAssemblies(), a => a.Name!.StartsWith("Beacon.", StringComparison.Ordinal));

        // Property names of module entities that the kernel's own entities do not share must not appear in its source.
        using var db = NewDb("Sqlite", ModuleCatalog.All);
        var kernelNames = db.Model.GetEntityTypes().Where(e => e.ClrType.Assembly == kernel).SelectMany(e => e.GetProperties()).Select(p => p.Name).ToHashSet();
        // Role names (Roles.LeaderOnDuty) are the kernel's words that a module may also use as a property name.
        var kernelWords = kernel.GetTypes().SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        var moduleOnly = db.Model.GetEntityTypes().Where(e => e.ClrType.Assembly != kernel).SelectMany(e => e.GetProperties())
            .Select(p => p.Name).Where(n => !kernelNames.Contains(n) && !kernelWords.Contains(n) && n.Length > 8).ToHashSet();
        var source = Path.Combine(RepositoryRoot(), "src", "Beacon.Platform");
        var named = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => moduleOnly.Where(n => File.ReadAllText(f).Contains($"\"{n}\"", StringComparison.Ordinal)).Select(n => $"{Path.GetFileName(f)}: {n}"))
            .ToList();

        Assert.Empty(named);
    }

    [Fact]
    public void A_new_module_appears_in_the_menu_with_its_own_resources()
    {
        var services = new ServiceCollection();
        services.AddBeaconModules(new ConfigurationBuilder().Build(), [new SampleModule()]);
        using var provider = services.BuildServiceProvider();

        var entry = Assert.Single(provider.GetServices<MenuEntry>());
        Assert.Equal("Menu.Sample", entry.TitleKey);
        Assert.Equal(typeof(SampleResource), entry.Resources);
        Assert.Contains(provider.GetRequiredService<ModuleList>().All, m => m is SampleModule);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public void The_migrations_match_the_model_of_the_catalogue(string provider)
    {
        Assert.Empty(PendingOperations(provider, ModuleCatalog.All));
    }

    [Theory]
    [InlineData("Sqlite", null, "sample_notes")]
    [InlineData("Postgres", "sample", "notes")]
    public void A_new_module_appears_in_the_migrations_in_its_own_schema_or_under_its_prefix(string provider, string? schema, string table)
    {
        var pending = PendingOperations(provider, WithSample);

        var create = Assert.Single(pending.OfType<CreateTableOperation>());
        Assert.Equal(table, create.Name);
        Assert.Equal(schema, create.Schema);
        Assert.All(pending, op => Assert.True(op is CreateTableOperation or CreateIndexOperation or EnsureSchemaOperation, op.GetType().Name));
    }

    [Fact]
    public void Every_entity_of_every_module_has_a_scope_rule_and_a_new_module_is_checked_too()
    {
        using var db = NewDb("Sqlite", WithSample);

        Assert.Empty(ModuleChecks.EntitiesWithoutScope(db.Model, WithSample));
        var unruled = new UnruledSample();
        Assert.Contains(ModuleChecks.EntitiesWithoutScope(db.Model, [unruled]), p => p.Contains(nameof(SampleNote), StringComparison.Ordinal));
    }

    private static List<MigrationOperation> PendingOperations(string provider, IReadOnlyList<BeaconModule> modules)
    {
        using var db = NewDb(provider, modules);
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot?.Model ?? throw new InvalidOperationException("no snapshot");
        var initialized = db.GetService<IModelRuntimeInitializer>().Initialize(snapshot, designTime: true);
        var differ = db.GetService<IMigrationsModelDiffer>();
        return [.. differ.GetDifferences(initialized.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel())];
    }

    private static BeaconDb NewDb(string provider, IReadOnlyList<BeaconModule> modules)
    {
        var options = provider == "Sqlite"
            ? new DatabaseOptions { Provider = "Sqlite", ConnectionString = "Data Source=model-only.db" }
            : new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=localhost;Database=model_only" };
        return new BeaconDb(DatabaseSetup.Build(options, Path.GetTempPath(), modules), Actor.System, TimeProvider.System);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Beacon.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Beacon.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The sample module as a careless author would declare it: without its scope rules.</summary>
    private sealed class UnruledSample : BeaconModule
    {
        public override string Name => "sample";

        public override Type Resources => typeof(SampleResource);

        public override void AddServices(IServiceCollection services, IConfiguration configuration)
        {
        }

        public override void MapEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
        {
        }
    }
}
