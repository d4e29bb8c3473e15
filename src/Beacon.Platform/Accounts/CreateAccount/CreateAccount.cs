using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Accounts.ListAccounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Accounts.CreateAccount;

public sealed record CreateAccountRequest(
    [property: Required, RegularExpression("^[A-Za-z0-9._@-]{3,50}$", ErrorMessage = "must be 3–50 letters, digits or . _ @ -")] string UserName,
    [property: Required, StringLength(50, MinimumLength = 1)] string DisplayName,
    [property: Required] Guid? UnitId,
    [property: Required, MinLength(1, ErrorMessage = "must name at least one role")] string[] Roles,
    [property: StringLength(128)] string? Password,
    [property: StringLength(40), Phone] string? PhoneNumber,
    [property: StringLength(100), EmailAddress] string? Email);

/// <summary>The new account; <see cref="InitialPassword"/> is shown this once and never stored in clear.</summary>
public sealed record CreatedAccount(AccountView Account, string? InitialPassword);

/// <summary>What <see cref="CreateAccountHandler.CreateAsync"/> decided.</summary>
public abstract record CreateAccountOutcome
{
    private CreateAccountOutcome()
    {
    }

    public sealed record Created(CreatedAccount Account) : CreateAccountOutcome;

    /// <summary>The unit is unknown, retired or outside the caller's scope.</summary>
    public sealed record UnitNotInScope : CreateAccountOutcome;

    public sealed record UnknownRoles(IReadOnlyList<string> Roles) : CreateAccountOutcome;

    public sealed record UserNameTaken : CreateAccountOutcome;

    /// <summary>The given password breaks the password policy; <see cref="Problems"/> say how (Identity's English text).</summary>
    public sealed record PasswordRejected(IReadOnlyList<string> Problems) : CreateAccountOutcome;
}

public sealed class CreateAccountHandler(BeaconDbFactory dbs, ScopeService scopes, PasswordPolicy passwords, TimeProvider clock)
{
    /// <summary>Creates the account. The request must already be valid (DataAnnotations); the API's filter and the page check it.</summary>
    public async Task<CreateAccountOutcome> CreateAsync(CreateAccountRequest request, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unit = await db.Units.Include(u => u.Jurisdiction).InScope(scope, u => u.JurisdictionId)
            .SingleOrDefaultAsync(u => u.Id == request.UnitId && !u.IsRetired, ct);
        if (unit is null)
        {
            return new CreateAccountOutcome.UnitNotInScope();
        }

        var unknown = request.Roles.Where(r => !Roles.IsKnown(r)).ToList();
        if (unknown.Count > 0)
        {
            return new CreateAccountOutcome.UnknownRoles(unknown);
        }

        var normalized = request.UserName.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct))
        {
            return new CreateAccountOutcome.UserNameTaken();
        }

        var user = new BeaconUser
        {
            UserName = request.UserName,
            NormalizedUserName = normalized,
            DisplayName = request.DisplayName.Trim(),
            UnitId = unit.Id,
            PhoneNumber = request.PhoneNumber,
            Email = request.Email,
            NormalizedEmail = request.Email?.ToUpperInvariant(),
            CreatedAt = clock.GetUtcNow(),
        };
        var password = request.Password ?? PasswordPolicy.Generate();
        var problems = await passwords.ProblemsAsync(user, password);
        if (problems.Length > 0)
        {
            return new CreateAccountOutcome.PasswordRejected(problems);
        }

        user.PasswordHash = passwords.Hash(user, password);
        db.Users.Add(user);
        var roleIds = await db.Roles.Where(r => request.Roles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        foreach (var roleId in roleIds)
        {
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleId });
        }

        await db.SaveChangesAsync(ct);
        var view = ListAccountsHandler.ToView(user, unit.Name, unit.Jurisdiction!.Code, unit.Jurisdiction.Name, request.Roles.Distinct().ToList());
        return new CreateAccountOutcome.Created(new CreatedAccount(view, request.Password is null ? password : null));
    }

    public async Task<IResult> HandleAsync(CreateAccountRequest request, CancellationToken ct) =>
        await CreateAsync(request, ct) switch
        {
            CreateAccountOutcome.Created created => TypedResults.Created($"/api/v1/accounts/{created.Account.Account.Id}", created.Account),
            CreateAccountOutcome.UnitNotInScope => ApiResults.Invalid("unitId", "is not an active unit in your scope"),
            CreateAccountOutcome.UnknownRoles unknown => ApiResults.Invalid(
                "roles", $"unknown role(s): {string.Join(", ", unknown.Roles)}; known: {string.Join(", ", Roles.All)}"),
            CreateAccountOutcome.UserNameTaken => ApiResults.Invalid("userName", "is already taken"),
            CreateAccountOutcome.PasswordRejected rejected => ApiResults.Invalid(new Dictionary<string, string[]> { ["password"] = [.. rejected.Problems] }),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}."),
        };
}

internal static class CreateAccountEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/accounts", (CreateAccountHandler handler, CreateAccountRequest request, CancellationToken ct) =>
                handler.HandleAsync(request, ct))
            .WithName("CreateAccount").WithTags("Accounts").Produces<CreatedAccount>(StatusCodes.Status201Created)
            .WithSummary("Creates an account in a unit of the caller's scope; without a password one is generated and shown once");
}
