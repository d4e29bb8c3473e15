using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Modules;

/// <summary>The modules this instance runs, in the catalogue's order (a singleton, for pages and tests).</summary>
public sealed class ModuleList(IReadOnlyList<BeaconModule> modules)
{
    public IReadOnlyList<BeaconModule> All { get; } = modules;

    /// <summary>The module whose assembly defines <paramref name="type"/>, or null for the kernel's own types.</summary>
    public BeaconModule? Of(Type type) => All.FirstOrDefault(m => m.Assembly == type.Assembly);
}

public static class ModuleRegistration
{
    /// <summary>Registers every module's services and menu entries, after the kernel's (<see cref="PlatformModule.AddBeaconPlatform"/>).</summary>
    public static IServiceCollection AddBeaconModules(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<BeaconModule> modules)
    {
        services.AddSingleton(new ModuleList(modules));
        foreach (var module in modules)
        {
            module.AddServices(services, configuration);
            foreach (var entry in module.Menu)
            {
                services.AddSingleton(entry with { Resources = module.Resources });
            }
        }

        return services;
    }

    /// <summary>Maps every module's endpoints.</summary>
    public static IEndpointRouteBuilder MapBeaconModules(this IEndpointRouteBuilder endpoints, IReadOnlyList<BeaconModule> modules)
    {
        foreach (var module in modules)
        {
            module.MapEndpoints(endpoints);
        }

        return endpoints;
    }
}
