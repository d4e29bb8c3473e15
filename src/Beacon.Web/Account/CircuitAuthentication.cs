using System.Security.Claims;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Account;

/// <summary>
/// Re-checks a live Blazor circuit's account every minute: disabled accounts and changed security stamps
/// (password reset, role change, merge) end the session in open browser tabs too.
/// </summary>
internal sealed class RevalidatingAuthenticationState(ILoggerFactory loggers, IServiceScopeFactory scopes, TimeProvider clock)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return false;
        }

        if (Beacon.Platform.Accounts.SignIn.SessionValidation.HasExpired(user, clock.GetUtcNow()))
        {
            return false;
        }

        var stamp = user.FindFirstValue("AspNet.Identity.SecurityStamp");
        await using var scope = scopes.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem();
        var ok = await db.Users.AnyAsync(u => u.Id == id && !u.IsDisabled && u.SecurityStamp == stamp, cancellationToken);
        return ok && (!Guid.TryParse(user.FindFirstValue(BeaconClaims.SessionId), out var sessionId)
            || await db.UserSessions.AnyAsync(s => s.Id == sessionId && s.EndedAt == null, cancellationToken));
    }
}

/// <summary>Sets the circuit's <see cref="CurrentActor"/> from its authentication state, for scope and audit.</summary>
internal sealed class ActorCircuitHandler(
    AuthenticationStateProvider authentication, CurrentActor current, IHttpContextAccessor http) : CircuitHandler, IDisposable
{
    private string? _client;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _client = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        authentication.AuthenticationStateChanged += OnChanged;
        var state = await authentication.GetAuthenticationStateAsync();
        current.Set(Actor.FromPrincipal(state.User, _client));
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;

    private async void OnChanged(Task<AuthenticationState> task)
    {
        try
        {
            var state = await task;
            current.Set(Actor.FromPrincipal(state.User, _client));
        }
        catch (InvalidOperationException)
        {
            current.Set(Actor.Anonymous);
        }
    }
}
