using System.Collections.Concurrent;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Accounts;

/// <summary>A person as others see them: display name and unit, e.g. 王值班（昆都仑区人民政府总值班室）.</summary>
/// <param name="Login">What records store (<c>IssuedBy = actor.UserName</c>): a user name, <c>token:NAME</c> or <c>system</c>.</param>
/// <param name="DisplayName">The account's display name; the login when there is no such account.</param>
/// <param name="UnitName">The account's unit, if known.</param>
public sealed record Person(string Login, string DisplayName, string? UnitName)
{
    /// <summary>The display name with the unit in full-width brackets, as duty rooms write it.</summary>
    public string Label => string.IsNullOrEmpty(UnitName) ? DisplayName : $"{DisplayName}（{UnitName}）";
}

/// <summary>
/// Turns the login names that records store into the names people read (人员姓名与单位). Records keep the login
/// (it is what the audit trail and the API carry); views, boards and documents resolve it when they are read,
/// many at a time, through this one service. Answers are cached for a minute, so a renamed account or unit shows
/// its new name within that time (at once when the account is changed here, see <see cref="Forget"/>). A login
/// that is no account (<c>system</c>, an account since deleted) is shown as it is; an API token as its name and unit.
/// </summary>
public sealed class People(DbContextOptions<BeaconDb> options, TimeProvider clock)
{
    private const int MaxCached = 20_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const string TokenPrefix = "token:";

    private readonly ConcurrentDictionary<string, (Person Person, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The persons behind <paramref name="logins"/> (nulls and blanks ignored), one database round trip at most.</summary>
    public async Task<PeopleNames> ResolveAsync(IEnumerable<string?> logins, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var found = new Dictionary<string, Person>(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var login in logins)
        {
            if (string.IsNullOrWhiteSpace(login) || found.ContainsKey(login))
            {
                continue;
            }

            if (_cache.TryGetValue(login, out var cached) && cached.Until > now)
            {
                found[login] = cached.Person;
            }
            else
            {
                missing.Add(login);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var person in await LoadAsync(missing, ct))
            {
                found[person.Login] = person;
                if (_cache.Count >= MaxCached)
                {
                    _cache.Clear();
                }

                _cache[person.Login] = (person, now + Lifetime);
            }
        }

        return new PeopleNames(found);
    }

    /// <summary>One person; the login itself when it is no account.</summary>
    public async Task<Person> ResolveAsync(string login, CancellationToken ct) =>
        (await ResolveAsync([login], ct)).Person(login);

    /// <summary>Drops a cached name (an account was renamed or moved), so the next read shows the new one.</summary>
    public void Forget(string? login)
    {
        if (login is not null)
        {
            _cache.TryRemove(login, out _);
        }
    }

    private async Task<List<Person>> LoadAsync(HashSet<string> logins, CancellationToken ct)
    {
        var users = logins.Where(l => !l.StartsWith(TokenPrefix, StringComparison.Ordinal)).ToList();
        var normalized = users.Select(u => u.ToUpperInvariant()).ToList();
        var tokens = logins.Where(l => l.StartsWith(TokenPrefix, StringComparison.Ordinal)).Select(l => l[TokenPrefix.Length..]).ToList();
        await using var db = new BeaconDb(options, Actor.System, clock);
        var people = new List<Person>();
        if (normalized.Count > 0)
        {
            var rows = await db.Users.AsNoTracking().Where(u => normalized.Contains(u.NormalizedUserName!))
                .Select(u => new { u.UserName, u.NormalizedUserName, u.DisplayName, Unit = db.Units.Where(n => n.Id == u.UnitId).Select(n => n.Name).FirstOrDefault() })
                .ToListAsync(ct);
            foreach (var login in users)
            {
                var row = rows.FirstOrDefault(r => string.Equals(r.NormalizedUserName, login, StringComparison.OrdinalIgnoreCase));
                people.Add(row is null
                    ? new Person(login, login, null)
                    : new Person(login, string.IsNullOrWhiteSpace(row.DisplayName) ? row.UserName ?? login : row.DisplayName, row.Unit));
            }
        }

        if (tokens.Count > 0)
        {
            var rows = await db.ApiTokens.AsNoTracking().Where(t => tokens.Contains(t.Name))
                .OrderByDescending(t => t.CreatedAt)
                .Select(t => new { t.Name, Unit = db.Units.Where(n => n.Id == t.UnitId).Select(n => n.Name).FirstOrDefault() })
                .ToListAsync(ct);
            foreach (var name in tokens)
            {
                people.Add(new Person(TokenPrefix + name, name, rows.FirstOrDefault(r => r.Name == name)?.Unit));
            }
        }

        return people;
    }
}

/// <summary>Names resolved by <see cref="People"/>; asking for a login it does not know gives the login back.</summary>
public sealed class PeopleNames(IReadOnlyDictionary<string, Person> people)
{
    public static PeopleNames None { get; } = new(new Dictionary<string, Person>());

    public Person Person(string login) => people.TryGetValue(login, out var p) ? p : new Person(login, login, null);

    /// <summary>"Display name（unit）" for a login; null for null.</summary>
    public string? this[string? login] => login is null ? null : Person(login).Label;
}
