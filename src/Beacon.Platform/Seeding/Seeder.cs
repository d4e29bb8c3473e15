using Beacon.Platform.Accounts;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Units;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Seeding;

/// <summary>
/// Seeds roles, the 116 jurisdictions of Inner Mongolia (MCA 2024) with the five functional areas, the units
/// of every jurisdiction, the first administrator and, when asked, the demo accounts. Idempotent.
/// </summary>
public sealed class Seeder(
    BeaconDbFactory dbs,
    IPasswordHasher<BeaconUser> hasher,
    SignInService signIn,
    JurisdictionTree tree,
    Units.DutyRooms dutyRooms,
    IOptions<SeedOptions> options,
    TimeProvider clock,
    ILogger<Seeder> logger)
{
    /// <summary>Runs every seed step; returns the initial administrator's password when one was created.</summary>
    public async Task<string?> SeedAsync(bool demo, CancellationToken ct = default)
    {
        await SeedRolesAsync(ct);
        await SeedJurisdictionsAsync(ct);
        await SeedUnitsAsync(ct);
        tree.Invalidate();
        dutyRooms.Invalidate();
        if (demo)
        {
            await SeedDemoAccountsAsync(ct);
            await SeedDemoDutyDirectoryAsync(ct);
        }

        return await SeedInitialAdministratorAsync(ct);
    }

    private async Task SeedRolesAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(ct);
        foreach (var role in Roles.All.Where(r => !existing.Contains(r)))
        {
            db.Roles.Add(new BeaconRole(role));
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task SeedJurisdictionsAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        if (await db.Jurisdictions.AnyAsync(ct))
        {
            return;
        }

        var byCode = new Dictionary<string, Jurisdiction>();
        foreach (var row in ReadCsv("inner-mongolia-150000-mca2024.csv"))
        {
            var parent = row["parent_code"] is { Length: > 0 } p ? byCode[p] : null;
            var j = new Jurisdiction
            {
                Code = row["code"],
                Name = row["name"],
                Kind = row["kind"],
                Level = row["level"] switch
                {
                    "province" => JurisdictionLevel.Region,
                    "prefecture" => JurisdictionLevel.Prefecture,
                    _ => JurisdictionLevel.County,
                },
                ParentId = parent?.Id,
                Path = parent is null ? row["code"] : parent.Path + "/" + row["code"],
            };
            byCode[j.Code] = j;
            db.Jurisdictions.Add(j);
        }

        foreach (var row in ReadCsv("functional-areas-nbs2023.csv"))
        {
            var parent = byCode[row["parent_code"]];
            db.Jurisdictions.Add(new Jurisdiction
            {
                Code = row["code"],
                Name = row["name"],
                Kind = "功能区",
                Level = JurisdictionLevel.FunctionalArea,
                ParentId = parent.Id,
                Path = parent.Path + "/" + row["code"],
            });
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded {Count} jurisdictions", byCode.Count);
    }

    private async Task SeedUnitsAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        if (await db.Units.AnyAsync(ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var j in await db.Jurisdictions.OrderBy(j => j.Path).ToListAsync(ct))
        {
            foreach (var (name, kind) in UnitsOf(j))
            {
                db.Units.Add(new Unit { JurisdictionId = j.Id, Name = name, Kind = kind, CreatedAt = now });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private IEnumerable<(string Name, UnitKind Kind)> UnitsOf(Jurisdiction j)
    {
        switch (j.Level)
        {
            case JurisdictionLevel.FunctionalArea:
                yield return (j.Name + "值班室", UnitKind.DutyRoom);
                yield break;
            case JurisdictionLevel.Region:
                yield return (j.Name + "人民政府总值班室", UnitKind.DutyRoom);
                yield return (j.Name + "应急管理厅", UnitKind.EmergencyManagement);
                break;
            default:
                yield return (j.Name + (j.Kind == "盟" ? "行政公署总值班室" : "人民政府总值班室"), UnitKind.DutyRoom);
                yield return (j.Name + "应急管理局", UnitKind.EmergencyManagement);
                break;
        }

        foreach (var entry in options.Value.LineDepartments is { Count: > 0 } configured ? configured : SeedOptions.DefaultLineDepartments)
        {
            var parts = entry.Split('|', StringSplitOptions.TrimEntries);
            // region|prefecture|county: a county's unit is named as counties name it (支队 above, 大队 below).
            var tier = j.Level switch { JurisdictionLevel.Region => 0, JurisdictionLevel.Prefecture => 1, _ => 2 };
            var name = parts[Math.Min(tier, parts.Length - 1)];
            yield return (j.Name + name, UnitKind.LineDepartment);
        }
    }

    private async Task<string?> SeedInitialAdministratorAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        var adminRole = await db.Roles.SingleAsync(r => r.Name == Roles.Administrator, ct);
        if (await db.UserRoles.AnyAsync(ur => ur.RoleId == adminRole.Id, ct))
        {
            return null;
        }

        var password = PasswordPolicy.Generate();
        var unit = await RegionDutyRoomAsync(db, ct);
        var user = NewUser(options.Value.InitialAdministrator, "系统管理员", unit.Id, password);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = adminRole.Id });
        db.Audit("account.initial-administrator", "BeaconUser", user.Id.ToString(), new { user.UserName });
        await db.SaveChangesAsync(ct);
        return password;
    }

    /// <summary>
    /// Duty phone, fax and address of the region's and 包头市's duty rooms and of 包头市's banners, counties and districts
    /// (fictitious numbers in the right area codes), so the duty directory reads as it will once offices fill it in.
    /// Only what is empty is filled.
    /// </summary>
    private async Task SeedDemoDutyDirectoryAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        var rooms = await db.Units.Include(u => u.Jurisdiction)
            .Where(u => u.Kind == UnitKind.DutyRoom && !u.IsRetired && u.DutyPhone == null
                && (u.Jurisdiction!.Code == "150000" || u.Jurisdiction.Code.StartsWith("1502")))
            .ToListAsync(ct);
        foreach (var room in rooms)
        {
            var code = room.Jurisdiction!.Code;
            var (area, seat) = code == "150000" ? ("0471", "呼和浩特市新城区新华大街63号") : ("0472", $"{room.Jurisdiction.Name}人民政府办公楼");
            var line = code == "150000" ? "6944" : "51" + code[4..];
            room.DutyPhone = $"{area}-{line}110";
            room.Fax = $"{area}-{line}119";
            room.Address = seat;
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task SeedDemoAccountsAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var existing = (await db.Users.Select(u => u.NormalizedUserName).ToListAsync(ct)).ToHashSet();
        var units = await db.Units.Include(u => u.Jurisdiction).Where(u => !u.IsRetired).ToListAsync(ct);
        var totp = signIn.ProtectSecret(Totp.FromBase32(DemoAccounts.AdministratorTotpKey));
        var wanted = DemoAccounts.FullSets.SelectMany(code => Roles.All.Select(role => (code, role)))
            .Concat(DemoAccounts.Neighbours.SelectMany(code => new[] { (code, Roles.Administrator), (code, Roles.DutyOfficer) }));
        foreach (var (code, role) in wanted)
        {
            var userName = DemoAccounts.UserName(role, code);
            if (existing.Contains(userName.ToUpperInvariant()))
            {
                continue;
            }

            var unitKind = role == Roles.DepartmentLiaison ? UnitKind.LineDepartment : UnitKind.DutyRoom;
            var unit = units.Where(u => u.Jurisdiction!.Code == code && u.Kind == unitKind).OrderBy(u => u.Name).First();
            var label = Accounts.ListRoles.ListRolesHandler.Labels[role].Zh;
            var user = NewUser(userName, $"{unit.Jurisdiction!.Name}{label}（演示）", unit.Id, DemoAccounts.Password);
            if (role == Roles.Administrator)
            {
                user.ProtectedTotpSecret = totp;
                user.TwoFactorEnabled = true;
            }

            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roles[role] });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Creates an administrator (CLI <c>create-admin</c>); returns the password shown once.</summary>
    public async Task<(BeaconUser? User, string? Password, string? Error)> CreateAdministratorAsync(
        string userName, string? jurisdictionCode, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        var normalized = userName.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct))
        {
            return (null, null, $"user name '{userName}' is already taken");
        }

        var unit = jurisdictionCode is null
            ? await RegionDutyRoomAsync(db, ct)
            : await db.Units.Where(u => u.Jurisdiction!.Code == jurisdictionCode && u.Kind == UnitKind.DutyRoom && !u.IsRetired)
                .FirstOrDefaultAsync(ct);
        if (unit is null)
        {
            return (null, null, $"no duty room in jurisdiction '{jurisdictionCode}'");
        }

        var password = PasswordPolicy.Generate();
        var user = NewUser(userName, "系统管理员", unit.Id, password);
        var adminRole = await db.Roles.SingleAsync(r => r.Name == Roles.Administrator, ct);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = adminRole.Id });
        db.Audit("account.created-by-cli", "BeaconUser", user.Id.ToString(), new { user.UserName });
        await db.SaveChangesAsync(ct);
        return (user, password, null);
    }

    private static Task<Unit> RegionDutyRoomAsync(BeaconDb db, CancellationToken ct) =>
        db.Units.Where(u => u.Jurisdiction!.ParentId == null && u.Kind == UnitKind.DutyRoom).OrderBy(u => u.Name).FirstAsync(ct);

    private BeaconUser NewUser(string userName, string displayName, Guid unitId, string password)
    {
        var user = new BeaconUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            DisplayName = displayName,
            UnitId = unitId,
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        return user;
    }

    private static IEnumerable<Dictionary<string, string>> ReadCsv(string name)
    {
        var assembly = typeof(Seeder).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine()!.Split(',');
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',');
            yield return header.Select((h, i) => (h, v: i < cells.Length ? cells[i].Trim() : ""))
                .ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal);
        }
    }
}
