using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Platform.Permissions;

/// <summary>The permission an endpoint declares (any one of <see cref="AnyOf"/> lets the request reach the handler).</summary>
public sealed class PermissionRequirement(IReadOnlyList<Permission> anyOf) : IAuthorizationRequirement
{
    public IReadOnlyList<Permission> AnyOf { get; } = anyOf;
}

public static class PermissionEndpoints
{
    /// <summary>
    /// Declares the permission an endpoint needs. It is checked by <see cref="PermissionCheck"/> during
    /// authorization, before the body is read or validated; a refusal is 403 with <c>code</c> =
    /// <c>permission.denied</c>. With several, any one admits the request and the handler demands the exact one
    /// (an instruction's kind decides between 拟办 and 批示).
    /// </summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, params Permission[] anyOf)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfZero(anyOf.Length);
        var requirement = new PermissionRequirement(anyOf);
        builder.WithMetadata(requirement);
        return builder.RequireAuthorization(p => p.RequireAuthenticatedUser().AddRequirements(requirement));
    }
}

/// <summary>Evaluates <see cref="PermissionRequirement"/> with the request's <see cref="PermissionCheck"/>.</summary>
internal sealed class PermissionAuthorizationHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.Resource is HttpContext http
            && http.RequestServices.GetRequiredService<PermissionCheck>() is var check
            && requirement.AnyOf.Any(check.Allows))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Answers a refusal by permission with the permission's ProblemDetails (and audits it); other outcomes as usual.</summary>
internal sealed class PermissionDeniedResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault() is { } failed)
        {
            var check = context.RequestServices.GetRequiredService<PermissionCheck>();
            await check.AuditDeniedAsync(check.Actor, failed.AnyOf[0], context.GetRouteValue("id"), context.RequestAborted);
            await PermissionCheck.Denied(failed.AnyOf[0]).ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>A handler's own refusal (<see cref="PermissionDeniedException"/>, already audited) becomes the same 403.</summary>
internal sealed class PermissionDeniedExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PermissionDeniedException denied)
        {
            return false;
        }

        await PermissionCheck.Denied(denied.Permission).ExecuteAsync(httpContext);
        return true;
    }
}
