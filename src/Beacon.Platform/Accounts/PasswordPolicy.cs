using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Beacon.Platform.Accounts;

/// <summary>Checks passwords against the configured Identity policy and makes strong one-time passwords.</summary>
public sealed class PasswordPolicy(UserManager<BeaconUser> users)
{
    public async Task<string[]> ProblemsAsync(BeaconUser user, string password)
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }

        return [.. problems];
    }

    public string Hash(BeaconUser user, string password) => users.PasswordHasher.HashPassword(user, password);

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="hash"/> was made from.</summary>
    public bool Matches(BeaconUser user, string hash, string password) =>
        users.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>A random 16-character password with upper and lower case letters, digits and a symbol.</summary>
    public static string Generate()
    {
        const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string Lower = "abcdefghijkmnopqrstuvwxyz";
        const string Digits = "23456789";
        const string Symbols = "!#%+-=?@";
        const string All = Upper + Lower + Digits + Symbols;
        var chars = new char[16];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = All[RandomNumberGenerator.GetInt32(All.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
