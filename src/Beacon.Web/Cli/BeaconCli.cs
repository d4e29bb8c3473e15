using System.Globalization;
using Beacon.Platform;
using Beacon.Platform.Accounts;
using Beacon.Platform.ApiTokens;
using Beacon.Platform.Audit;
using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Cli;

/// <summary>
/// Command-line verbs: <c>dotnet run --project src/Beacon.Web -- VERB [options]</c> (or <c>Beacon.Web VERB</c>
/// when published). Each runs against the configured database and exits; 0 means success.
/// </summary>
internal static class BeaconCli
{
    public static readonly IReadOnlyDictionary<string, string> Verbs = new Dictionary<string, string>
    {
        ["migrate"] = "apply pending database migrations",
        ["seed"] = "seed roles, jurisdictions and units (and demo accounts with --demo)",
        ["create-admin"] = "create-admin --user NAME [--jurisdiction CODE]: a new administrator; prints its password once",
        ["create-token"] = "create-token --name NAME --unit UNIT_ID|--jurisdiction CODE[,CODE…] --roles R1,R2 [--days N]: prints the secret once (one token per jurisdiction's duty room, named NAME-CODE when several)",
        ["verify-audit"] = "verify the audit trail's keyed chain; exit code 1 names each altered, inserted, reordered, missing or unsealed row",
        ["rotate-audit-key"] = "rotate-audit-key [--algorithm HMAC-SHA256|HMAC-SM3]: a new current key in the audit key file; older keys stay for verification",
        ["help"] = "list the verbs",
    };

    public static async Task<int> RunAsync(WebApplication app, string verb, string[] args)
    {
        var options = Parse(args);
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var ct = cts.Token;
        await using var scope = app.Services.CreateAsyncScope();
        var dbs = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>();
        switch (verb)
        {
            case "help":
                foreach (var (name, text) in Verbs)
                {
                    Console.WriteLine($"  {name,-14} {text}");
                }

                return 0;
            case "migrate":
                await using (var db = dbs.CreateForSystem())
                {
                    var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                    await db.Database.MigrateAsync(ct);
                    Console.WriteLine($"migrate: {pending.Count} migration(s) applied ({db.Database.ProviderName}).");
                }

                return 0;
            case "seed":
                var password = await PlatformModule.PrepareDatabaseAsync(app.Services, migrate: false,
                    demo: options.ContainsKey("demo") || PlatformModule.IsDemo(app.Configuration, app.Environment), ct);
                Console.WriteLine("seed: done.");
                if (password is not null)
                {
                    Console.WriteLine("Initial administrator 'admin'.");
                    foreach (var line in Operations.InitialPassword.Hand(app.Configuration, password))
                    {
                        Console.WriteLine(line);
                    }
                }

                return 0;
            case "create-admin":
                if (!options.TryGetValue("user", out var user))
                {
                    return Usage(verb);
                }

                var seeder = scope.ServiceProvider.GetRequiredService<Seeder>();
                var (created, adminPassword, error) = await seeder.CreateAdministratorAsync(user, options.GetValueOrDefault("jurisdiction"), ct);
                if (created is null)
                {
                    Console.Error.WriteLine($"create-admin: {error}");
                    return 1;
                }

                Console.WriteLine($"Administrator '{created.UserName}' created. Password (shown once): {adminPassword}");
                Console.WriteLine("The first sign-in asks to enrol an authenticator app (TOTP).");
                return 0;
            case "create-token":
                return await CreateTokenAsync(dbs, options, app.Services.GetRequiredService<TimeProvider>(), ct);
            case "verify-audit":
                await using (var db = dbs.CreateForSystem())
                {
                    var grace = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>().Value.UnsealedGrace;
                    var result = await AuditChain.VerifyAsync(db, grace, ct);
                    if (result.IsIntact)
                    {
                        Console.WriteLine($"verify-audit: OK, {result.RowsChecked} rows, chain intact.");
                        return 0;
                    }

                    Console.Error.WriteLine($"verify-audit: FAILED, {result.Problems.Count} problem(s) in {result.RowsChecked} rows:");
                    foreach (var p in result.Problems)
                    {
                        Console.Error.WriteLine(p.Sequence > 0
                            ? $"  row {p.Sequence}{(p.Id is { } id ? $" ({id})" : "")}: {p.Reason}"
                            : $"  unsealed row {p.Id}: {p.Reason}");
                    }

                    return 1;
                }

            case "rotate-audit-key":
                var ring = app.Services.GetRequiredService<AuditKeyRing>();
                if (ring.File is null)
                {
                    Console.Error.WriteLine("rotate-audit-key: the keys come from configuration (Beacon:Audit:Keys); add a key there and set Beacon:Audit:CurrentKeyId.");
                    return 1;
                }

                var algorithm = options.GetValueOrDefault("algorithm") ?? AuditKeyRing.HmacSha256;
                if (!AuditKeyRing.IsKnownAlgorithm(algorithm))
                {
                    return Usage(verb);
                }

                var key = ring.Rotate(algorithm);
                Console.WriteLine($"rotate-audit-key: key {key.Id} ({key.Algorithm}) is now current in {ring.File}; restart every node to use it.");
                return 0;
            default:
                return Usage(verb);
        }
    }

    private static async Task<int> CreateTokenAsync(BeaconDbFactory dbs, Dictionary<string, string> options, TimeProvider clock, CancellationToken ct)
    {
        if (!options.TryGetValue("name", out var name) || !options.TryGetValue("roles", out var roles))
        {
            return Usage("create-token");
        }

        var roleList = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = roleList.Where(r => !Roles.IsKnown(r) || r == Roles.Administrator).ToList();
        if (bad.Count > 0)
        {
            Console.Error.WriteLine($"create-token: roles not allowed for a token: {string.Join(", ", bad)}");
            return 1;
        }

        var days = options.TryGetValue("days", out var d) && int.TryParse(d, CultureInfo.InvariantCulture, out var n) ? n : 90;
        if (days is < 1 or > 366)
        {
            Console.Error.WriteLine("create-token: --days must be between 1 and 366");
            return 1;
        }

        await using var db = dbs.CreateForSystem();
        var units = new List<(Unit? Unit, string Name)>();
        if (options.TryGetValue("unit", out var unitText) && Guid.TryParse(unitText, out var unitId))
        {
            units.Add((await db.Units.SingleOrDefaultAsync(u => u.Id == unitId && !u.IsRetired, ct), name));
        }
        else if (options.TryGetValue("jurisdiction", out var codeList))
        {
            var codes = codeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var code in codes)
            {
                var unit = await db.Units.Where(u => u.Jurisdiction!.Code == code && u.Kind == UnitKind.DutyRoom && !u.IsRetired).FirstOrDefaultAsync(ct);
                units.Add((unit, codes.Length == 1 ? name : $"{name}-{code}"));
            }
        }

        if (units.Count == 0 || units.Exists(u => u.Unit is null))
        {
            Console.Error.WriteLine("create-token: give --unit UNIT_ID or --jurisdiction CODE of an active unit");
            return 1;
        }

        var now = clock.GetUtcNow();
        var created = new List<(ApiToken Token, Unit Unit, string Secret)>();
        foreach (var (unit, tokenName) in units)
        {
            var secret = ApiToken.NewSecret();
            var token = new ApiToken
            {
                Name = tokenName,
                UnitId = unit!.Id,
                Roles = string.Join(',', roleList),
                SecretHash = ApiToken.Hash(secret),
                Hint = secret[..10],
                CreatedAt = now,
                ExpiresAt = now.AddDays(days),
            };
            db.ApiTokens.Add(token);
            created.Add((token, unit, secret));
        }

        await db.SaveChangesAsync(ct);
        foreach (var (token, unit, secret) in created)
        {
            Console.WriteLine($"Token '{token.Name}' for {unit.Name}, roles {token.Roles}, expires {token.ExpiresAt:yyyy-MM-dd}.");
            Console.WriteLine($"Secret (shown once): {secret}");
        }

        return 0;
    }

    private static int Usage(string verb)
    {
        Console.Error.WriteLine($"usage: {verb}: {Verbs.GetValueOrDefault(verb, "unknown verb")}");
        return 2;
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var key = args[i][2..];
            var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            result[key] = value;
        }

        return result;
    }
}
