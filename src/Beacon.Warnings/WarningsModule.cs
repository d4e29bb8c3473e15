using Beacon.Platform.Data;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Warnings;

/// <summary>
/// Early warnings (预警), clause 六(一)(二) of the work points: warnings with review and sign-off, CAP 1.2 in and
/// out with China's profile (GB/T 35965.1), the public feed and targeted dissemination. Its two doors are
/// <see cref="AddWarnings"/> and <see cref="MapWarnings"/>.
/// </summary>
public static class WarningsModule
{
    public static IServiceCollection AddWarnings(this IServiceCollection services, IConfiguration configuration)
    {
        BeaconModules.RegisterModel(typeof(WarningsModule).Assembly);
        return services;
    }

    public static IEndpointRouteBuilder MapWarnings(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
