using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Accounts;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.ApiTokens.ListTokens;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.ApiTokens.CreateToken;

public sealed record CreateTokenRequest(
    [property: Required, StringLength(100, MinimumLength = 2)] string Name,
    [property: Required] Guid? UnitId,
    [property: Required, MinLength(1, ErrorMessage = "must name at least one role")] string[] Roles,
    [property: Range(1, 3660)] int? ValidDays);

/// <summary>The new token; <see cref="Secret"/> is shown this once, only its hash is kept.</summary>
public sealed record CreatedToken(TokenView Token, string Secret);

/// <summary>What <see cref="CreateTokenHandler.CreateAsync"/> decided.</summary>
public abstract record CreateTokenOutcome
{
    private CreateTokenOutcome()
    {
    }

    public sealed record Created(CreatedToken Token) : CreateTokenOutcome;

    /// <summary>The unit is unknown, retired or outside the caller's scope.</summary>
    public sealed record UnitNotInScope : CreateTokenOutcome;

    /// <summary>Unknown roles, or Administrator, which no token may hold.</summary>
    public sealed record RolesNotAllowed(IReadOnlyList<string> Roles) : CreateTokenOutcome;

    /// <summary>The lifetime asked for is longer than the configured maximum.</summary>
    public sealed record LifetimeTooLong(int MaxDays) : CreateTokenOutcome;
}

/// <summary>
/// Creates an API token for an integration, acting for one unit with the given roles (never Administrator:
/// administration needs a person with a second factor).
/// </summary>
public sealed class CreateTokenHandler(BeaconDbFactory dbs, ScopeService scopes, IOptions<SecurityOptions> security, TimeProvider clock)
{
    /// <summary>Tokens live this long unless the request says otherwise.</summary>
    public const int DefaultValidDays = 90;

    /// <summary>The longest lifetime a token may be given, in whole days.</summary>
    public int MaxValidDays => (int)security.Value.MaxTokenLifetime.TotalDays;

    /// <summary>Creates the token. The request must already be valid (DataAnnotations); the API's filter and the page check it.</summary>
    public async Task<CreateTokenOutcome> CreateAsync(CreateTokenRequest request, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unit = await db.Units.InScope(scope, u => u.JurisdictionId).SingleOrDefaultAsync(u => u.Id == request.UnitId && !u.IsRetired, ct);
        if (unit is null)
        {
            return new CreateTokenOutcome.UnitNotInScope();
        }

        var bad = request.Roles.Where(r => !Roles.IsKnown(r) || r == Roles.Administrator).ToList();
        if (bad.Count > 0)
        {
            return new CreateTokenOutcome.RolesNotAllowed(bad);
        }

        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromDays(request.ValidDays ?? DefaultValidDays);
        if (lifetime > security.Value.MaxTokenLifetime)
        {
            return new CreateTokenOutcome.LifetimeTooLong(MaxValidDays);
        }

        var secret = ApiToken.NewSecret();
        var token = new ApiToken
        {
            Name = request.Name.Trim(),
            UnitId = unit.Id,
            Roles = string.Join(',', request.Roles.Distinct()),
            SecretHash = ApiToken.Hash(secret),
            Hint = secret[..10],
            CreatedById = scopes.Actor.UserId,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreateTokenOutcome.Created(new CreatedToken(ListTokensHandler.ToView(token, unit.Name, now), secret));
    }

    public async Task<IResult> HandleAsync(CreateTokenRequest request, CancellationToken ct) =>
        await CreateAsync(request, ct) switch
        {
            CreateTokenOutcome.Created created => TypedResults.Created($"/api/v1/tokens/{created.Token.Token.Id}", created.Token),
            CreateTokenOutcome.UnitNotInScope => ApiResults.Invalid("unitId", "is not an active unit in your scope"),
            CreateTokenOutcome.RolesNotAllowed bad => ApiResults.Invalid("roles", $"not allowed for a token: {string.Join(", ", bad.Roles)}"),
            CreateTokenOutcome.LifetimeTooLong => ApiResults.Invalid("validDays", $"must be at most {security.Value.MaxTokenLifetime.TotalDays:0} days"),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}."),
        };
}

internal static class CreateTokenEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/tokens", (CreateTokenHandler handler, CreateTokenRequest request, CancellationToken ct) => handler.HandleAsync(request, ct))
            .WithName("CreateToken").WithTags("API tokens").Produces<CreatedToken>(StatusCodes.Status201Created)
            .WithSummary("Creates an API token; the secret is in this answer only");
}
