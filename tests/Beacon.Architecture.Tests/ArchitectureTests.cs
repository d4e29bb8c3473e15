using System.Reflection;
using System.Text.RegularExpressions;
using Beacon.Platform;
using Beacon.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Architecture.Tests;

/// <summary>Module boundaries, banned APIs and security-by-default rules of ARCHITECTURE.md.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly Assembly Platform = typeof(PlatformModule).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;

    [Fact]
    public void The_kernel_depends_on_no_module_and_not_on_the_host()
    {
        var references = Platform.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => r.StartsWith("Beacon.", StringComparison.Ordinal));
    }

    [Fact]
    public void Migrations_assemblies_depend_on_the_kernel_and_modules_but_never_on_the_host()
    {
        foreach (var name in new[] { "Beacon.Migrations.Sqlite", "Beacon.Migrations.Postgres" })
        {
            var beacon = Assembly.Load(name).GetReferencedAssemblies().Select(a => a.Name!).Where(r => r.StartsWith("Beacon.", StringComparison.Ordinal)).ToList();
            Assert.Contains("Beacon.Platform", beacon);
            Assert.DoesNotContain("Beacon.Web", beacon);
            Assert.DoesNotContain(beacon, r => r.StartsWith("Beacon.Migrations", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_module_keeps_its_entities_out_of_the_kernel()
    {
        foreach (var module in Beacon.Modules.ModuleCatalog.All)
        {
            var ns = module.GetType().Namespace!;
            Assert.DoesNotContain(Platform.GetTypes(), t => t.Namespace?.StartsWith(ns, StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public void No_source_file_reads_the_wall_clock_or_blocks_on_a_task()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            if (Banned().IsMatch(text))
            {
                offenders.Add(Path.GetRelativePath(root, file));
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_project_builds_with_the_banned_api_list_and_strict_settings()
    {
        var root = RepositoryRoot();
        var props = File.ReadAllText(Path.Combine(root, "Directory.Build.props"));
        var banned = File.ReadAllText(Path.Combine(root, "BannedSymbols.txt"));

        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", props, StringComparison.Ordinal);
        Assert.Contains("<Nullable>enable</Nullable>", props, StringComparison.Ordinal);
        Assert.Contains("BannedSymbols.txt", props, StringComparison.Ordinal);
        foreach (var symbol in new[] { "P:System.DateTime.Now", "P:System.DateTime.UtcNow", "Task`1.Result", "M:System.Threading.Tasks.Task.Wait" })
        {
            Assert.Contains(symbol, banned, StringComparison.Ordinal);
        }

        foreach (var project in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(project);
            Assert.DoesNotContain("TreatWarningsAsErrors>false", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<Nullable>disable", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_api_endpoint_requires_authorization_and_none_allows_anonymous()
    {
        await using var beacon = new SqliteBeacon();
        await beacon.InitializeAsync();
        var endpoints = beacon.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e =>
        {
            Assert.NotEmpty(e.Metadata.GetOrderedMetadata<IAuthorizeData>());
            Assert.Null(e.Metadata.GetMetadata<IAllowAnonymous>());
        });
    }

    [Fact]
    public void Module_entities_and_handlers_live_in_use_case_folders_not_layer_folders()
    {
        var namespaces = Platform.GetTypes().Select(t => t.Namespace ?? "").Distinct().ToList();

        foreach (var layer in new[] { ".Commands", ".Queries", ".Dtos", ".Validators", ".Repositories", ".Services" })
        {
            Assert.DoesNotContain(namespaces, n => n.EndsWith(layer, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_host_is_a_web_app_that_references_the_kernel()
    {
        Assert.Contains(Web.GetReferencedAssemblies(), a => a.Name == "Beacon.Platform");
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

    // Task.Result and Task.Wait are banned with type information by BannedApiAnalyzers (checked above);
    // this scan catches the wall clock and GetAwaiter().GetResult(), which the list does not cover.
    [GeneratedRegex(@"DateTime(Offset)?\.(Now|UtcNow|Today)\b|\.GetAwaiter\(\)\.GetResult\(\)")]
    private static partial Regex Banned();
}
