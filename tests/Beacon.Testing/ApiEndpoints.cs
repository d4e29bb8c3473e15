using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Testing;

/// <summary>One HTTP API endpoint as routing knows it: method and route pattern.</summary>
public sealed record ApiEndpoint(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The pattern with each route parameter replaced (<c>{id:guid}</c> → the given value).</summary>
    public string Url(Func<string, string> valueOf) =>
        System.Text.RegularExpressions.Regex.Replace(Pattern, "\\{([a-zA-Z]+)(:[^}]+)?\\}", m => valueOf(m.Groups[1].Value));
}

public static class ApiEndpoints
{
    /// <summary>Every endpoint under <c>/api/</c> that the running app maps, so tests cannot miss a new one.</summary>
    public static IReadOnlyList<ApiEndpoint> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new ApiEndpoint(m, e.RoutePattern.RawText!)))
            .Distinct()
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
}
