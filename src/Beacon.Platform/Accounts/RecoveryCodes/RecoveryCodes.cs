using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Accounts.RecoveryCodes;

/// <summary>A new set of recovery codes asks for the current password, so a borrowed session cannot mint a way past the second factor.</summary>
public sealed record GenerateRecoveryCodesRequest([property: Required, StringLength(200)] string? CurrentPassword);

/// <summary>How many unused recovery codes the caller has; <see cref="HasSecondFactor"/> false when there is no authenticator to recover.</summary>
public sealed record RecoveryCodesState(int Left, bool HasSecondFactor);

/// <summary>The new codes, shown this once (only their hashes are kept); every earlier code no longer works.</summary>
public sealed record NewRecoveryCodes(IReadOnlyList<string> Codes, int Left);

/// <summary>The answer of <see cref="RecoveryCodesHandler.GenerateAsync"/>: the codes, or the field that was wrong, or no second factor.</summary>
public sealed record RecoveryCodesOutcome(NewRecoveryCodes? Codes, FieldError? Error = null, bool NoSecondFactor = false);

/// <summary>
/// Recovery codes (恢复码) for the second factor (decision 0023): ten random codes of 80 bits, each working once at
/// sign-in in place of the authenticator's code, kept only as SHA-256 hashes in <see cref="BeaconUser.RecoveryCodes"/>.
/// </summary>
public static class RecoveryCode
{
    /// <summary>How many codes a new set has.</summary>
    public const int Count = 10;

    /// <summary>32 letters and digits without the look-alikes 0/O and 1/I: 5 bits a character, 16 characters.</summary>
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int Length = 16;

    /// <summary>A new code, in groups of four (<c>ABCD-EFGH-JKLM-NPQR</c>).</summary>
    public static string New()
    {
        var chars = RandomNumberGenerator.GetItems(Alphabet.AsSpan(), Length);
        return string.Join('-', chars.Chunk(4).Select(c => new string(c)));
    }

    /// <summary>The stored form of a code: SHA-256 of its normalised text (80 random bits need no slow hash).</summary>
    public static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(Normalize(code) ?? "")));

    /// <summary>The code without separators and in upper case, or null when it cannot be a code.</summary>
    public static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40)
        {
            return null;
        }

        var plain = new string([.. code.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);
        return plain.Length == Length && plain.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? plain : null;
    }

    /// <summary>The hashes kept in <paramref name="stored"/> (one a line).</summary>
    public static string[] HashesOf(string? stored) => (stored ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Takes <paramref name="code"/> out of <paramref name="stored"/>: the remaining hashes, or null when it is not one of
    /// them (compared in constant time, every hash looked at).
    /// </summary>
    public static string[]? Redeem(string? stored, string? code)
    {
        if (Normalize(code) is null)
        {
            return null;
        }

        var hashes = HashesOf(stored);
        var wanted = Encoding.ASCII.GetBytes(Hash(code!));
        var found = -1;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(wanted, Encoding.ASCII.GetBytes(hashes[i])) && found < 0)
            {
                found = i;
            }
        }

        return found < 0 ? null : [.. hashes.Where((_, i) => i != found)];
    }
}

/// <summary>A person's own recovery codes: how many are left, and a new set (the current password required, every change audited).</summary>
public sealed class RecoveryCodesHandler(BeaconDbFactory dbs, CurrentActor current, PasswordPolicy passwords)
{
    public async Task<RecoveryCodesState> StateAsync(CancellationToken ct)
    {
        if (current.Actor.UserId is not { } userId)
        {
            return new RecoveryCodesState(0, false);
        }

        await using var db = dbs.CreateDbContext();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.RecoveryCodes, HasSecondFactor = u.ProtectedTotpSecret != null }).SingleAsync(ct);
        return new RecoveryCodesState(RecoveryCode.HashesOf(user.RecoveryCodes).Length, user.HasSecondFactor);
    }

    /// <summary>A new set of codes for the caller, replacing every earlier one; refused without the current password or an authenticator.</summary>
    public async Task<RecoveryCodesOutcome> GenerateAsync(string currentPassword, CancellationToken ct)
    {
        if (current.Actor.UserId is not { } userId)
        {
            return new RecoveryCodesOutcome(null, new FieldError("currentPassword", PlatformErrors.PasswordCurrentWrong, "an API token has no password"));
        }

        await using var db = dbs.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        if (user.PasswordHash is null || !passwords.Matches(user, user.PasswordHash, currentPassword))
        {
            db.Audit("account.recovery-codes-refused", "BeaconUser", user.Id.ToString(), new { reason = "wrong current password" }, Audit.AuditOutcome.Failure);
            await db.SaveChangesAsync(ct);
            return new RecoveryCodesOutcome(null, new FieldError("currentPassword", PlatformErrors.PasswordCurrentWrong, "is not the current password"));
        }

        if (user.ProtectedTotpSecret is null)
        {
            return new RecoveryCodesOutcome(null, NoSecondFactor: true);
        }

        var replaced = RecoveryCode.HashesOf(user.RecoveryCodes).Length;
        var codes = Enumerable.Range(0, RecoveryCode.Count).Select(_ => RecoveryCode.New()).ToList();
        user.RecoveryCodes = string.Join('\n', codes.Select(RecoveryCode.Hash));
        db.Audit("account.recovery-codes-generated", "BeaconUser", user.Id.ToString(), new { count = codes.Count, replaced });
        await db.SaveChangesAsync(ct);
        return new RecoveryCodesOutcome(new NewRecoveryCodes(codes, codes.Count));
    }
}

internal static class RecoveryCodesEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/account/recovery-codes", (RecoveryCodesHandler handler, CancellationToken ct) => handler.StateAsync(ct))
            .WithName("OwnRecoveryCodes").WithTags("Account")
            .WithSummary("How many of the caller's second-factor recovery codes are left (the codes themselves are never shown again)");
        api.MapPost("/account/recovery-codes", async Task<IResult> (RecoveryCodesHandler handler, GenerateRecoveryCodesRequest request, CancellationToken ct) =>
            {
                var outcome = await handler.GenerateAsync(request.CurrentPassword!, ct);
                return outcome switch
                {
                    { Codes: { } codes } => TypedResults.Ok(codes),
                    { Error: { } error } => ApiResults.Invalid([error]),
                    _ => ApiResults.Conflict(PlatformErrors.RecoveryCodesWithoutSecondFactor, "Enrol an authenticator first: recovery codes stand in for its codes."),
                };
            })
            .RequirePermission(PlatformPermissions.ManageOwnAccount)
            .Produces<NewRecoveryCodes>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict)
            .WithName("GenerateRecoveryCodes").WithTags("Account")
            .WithSummary("A new set of ten recovery codes for the caller's second factor, shown this once; every earlier code stops working");
    }
}
