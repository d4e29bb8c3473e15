using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Permissions;

public static class PermissionRegistration
{
    /// <summary>
    /// Registers the permissions a module declares: every public static <see cref="Permission"/> field or property
    /// of <paramref name="declaringType"/> (e.g. <c>IncidentPermissions</c>). All of them are then
    /// <c>IEnumerable&lt;Permission&gt;</c> in the container, so a test can enumerate every action.
    /// </summary>
    public static IServiceCollection AddPermissions(this IServiceCollection services, Type declaringType)
    {
        foreach (var permission in Declared(declaringType))
        {
            services.AddSingleton(permission);
        }

        return services;
    }

    /// <summary>The permissions <paramref name="declaringType"/> declares, in declaration order.</summary>
    public static IReadOnlyList<Permission> Declared(Type declaringType) =>
        declaringType.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(Permission))
            .Select(f => (Permission)f.GetValue(null)!)
            .Concat(declaringType.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(Permission))
                .Select(p => (Permission)p.GetValue(null)!))
            .ToList();

    /// <summary>The evaluator and the authorization pieces; called once by the kernel.</summary>
    internal static IServiceCollection AddPermissionCheck(this IServiceCollection services)
    {
        services.AddScoped<PermissionCheck>();
        services.AddSingleton<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PermissionDeniedResultHandler>();
        return services;
    }
}
