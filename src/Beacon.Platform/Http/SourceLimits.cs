using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Beacon.Platform.ApiTokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Http;

/// <summary>
/// Configuration section <c>Beacon:RateLimits</c>: requests per source address (an IPv4 address, or an IPv6 /64
/// network) and window, for sign-in, API-token use and the public endpoints (decision 0015). The per-account sign-in
/// delay of decision 0002 still applies on top.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Beacon:RateLimits";

    /// <summary>Sign-in form posts (password, second factor, enrolment, forced password change) per source and window.</summary>
    public int SignInPermits { get; set; } = 30;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests carrying an API token, per source and window.</summary>
    public int TokenPermitsPerSource { get; set; } = 1200;

    /// <summary>Requests per API token and window, whatever the source.</summary>
    public int TokenPermitsPerToken { get; set; } = 600;

    public TimeSpan TokenWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Anonymous requests to the public API (the warnings feed) per source and window.</summary>
    public int PublicPermits { get; set; } = 120;

    public TimeSpan PublicWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>IPv6 sources are counted per network of this prefix length (one subscriber's /64).</summary>
    public int IPv6PrefixLength { get; set; } = 64;
}

/// <summary>Per-source rate limits (ASP.NET Core rate limiting) and the forwarded headers of trusted proxies only.</summary>
public static class SourceLimits
{
    /// <summary>
    /// The proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed (<c>Beacon:Http:TrustedProxies</c>:
    /// addresses or CIDR networks). Without any, forwarded headers are ignored and the connection's address counts.
    /// </summary>
    public const string TrustedProxiesKey = "Beacon:Http:TrustedProxies";

    public static IServiceCollection AddSourceLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                var seconds = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Beacon.RateLimits")
                    .LogWarning("Rate limit: {Method} {Path} from {Source} refused for {Seconds} s", http.Request.Method, http.Request.Path, SourceOf(http, 64), seconds);
                await ApiResults.Problem(StatusCodes.Status429TooManyRequests, "Too many requests", PlatformErrors.RateLimited,
                    $"Too many requests from this address; try again in {seconds} s.").ExecuteAsync(http);
            };
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(BySource),
                PartitionedRateLimiter.Create<HttpContext, string>(ByToken));
        });
        return services;
    }

    /// <summary>Forwarded headers from trusted proxies, then the limits; after routing (the public endpoints are known by their metadata).</summary>
    public static IApplicationBuilder UseSourceLimits(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var trusted = configuration.GetSection(TrustedProxiesKey).Get<string[]>() ?? [];
        if (trusted.Length > 0)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
                ForwardLimit = trusted.Length,
            };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in trusted)
            {
                if (entry.Contains('/', StringComparison.Ordinal))
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
                else
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseRateLimiter();
        return app;
    }

    /// <summary>The source a request is counted under: the IPv4 address, or the IPv6 network of the configured prefix.</summary>
    public static string SourceOf(HttpContext http, int ipv6Prefix)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new System.Net.IPNetwork(Mask(address, ipv6Prefix), ipv6Prefix).ToString()
            : address.ToString();
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private static RateLimitPartition<string> BySource(HttpContext http)
    {
        var o = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var path = http.Request.Path;
        if (HttpMethods.IsPost(http.Request.Method)
            && (path.StartsWithSegments("/account/signin") || path.StartsWithSegments("/account/two-factor")
                || path.StartsWithSegments("/account/enroll") || path.StartsWithSegments("/account/password")))
        {
            return Fixed("signin|" + SourceOf(http, o.IPv6PrefixLength), o.SignInPermits, o.SignInWindow);
        }

        if (TokenOf(http) is not null)
        {
            return Fixed("token|" + SourceOf(http, o.IPv6PrefixLength), o.TokenPermitsPerSource, o.TokenWindow);
        }

        if (path.StartsWithSegments("/api") && http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Fixed("public|" + SourceOf(http, o.IPv6PrefixLength), o.PublicPermits, o.PublicWindow);
        }

        return RateLimitPartition.GetNoLimiter("none");
    }

    private static RateLimitPartition<string> ByToken(HttpContext http)
    {
        if (TokenOf(http) is not { } secret)
        {
            return RateLimitPartition.GetNoLimiter("none");
        }

        var o = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        // The token's hash, not the secret, names its counter.
        return Fixed("per-token|" + ApiToken.Hash(secret), o.TokenPermitsPerToken, o.TokenWindow);
    }

    private static string? TokenOf(HttpContext http) =>
        ApiTokenHandler.SecretOf(http.Request, http.RequestServices.GetRequiredService<IOptions<ApiTokenQueryOptions>>().Value);

    private static RateLimitPartition<string> Fixed(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
