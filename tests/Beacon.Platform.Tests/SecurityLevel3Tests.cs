using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Beacon.Platform.Audit;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// Issue 19, MLPS 2.0 level 3 (docs/security.md): password lifecycle, sessions, the keyed audit chain, /metrics and
/// enumerations at the edge. Rate limits per source are in <see cref="SourceLimitTests"/>.
/// </summary>
public abstract partial class SecurityLevel3Tests(BeaconFactory beacon) : LaneTests(beacon)
{
    internal const string First = "Correct-Horse-2026";
    internal const string Second = "Battery-Staple-2027";

    [Fact]
    public async Task A_user_changes_the_password_the_old_one_is_refused_afterwards_and_a_reused_one_is_refused()
    {
        var (user, _) = await TestAccounts.CreateViewerAsync(Beacon, "pwchange.150203", Ct);
        var client = Beacon.Anonymous();
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(client, user, First));

        var wrong = await client.PostJsonAsync("/api/v1/account/password", new { currentPassword = "Not-The-One-1", newPassword = Second });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("account.password.current-wrong", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var changed = await client.PostJsonAsync("/api/v1/account/password", new { currentPassword = First, newPassword = Second });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        // The session that changed it goes on (a new cookie); the old password no longer signs in, the new one does.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.StartsWith("/account/signin?error=failed", await BeaconFactory.PostSignInAsync(Beacon.Anonymous(), user, First), StringComparison.Ordinal);
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(Beacon.Anonymous(), user, Second));

        var reused = await client.PostJsonAsync("/api/v1/account/password", new { currentPassword = Second, newPassword = First });
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        var problem = await reused.JsonAsync();
        Assert.Equal("account.password.reused", problem.GetProperty("codes").GetProperty("newPassword")[0].GetString());

        await using var db = Beacon.Db();
        var actions = await db.AuditEntries.Where(e => e.UserName == user).Select(e => e.Action).ToListAsync(Ct);
        Assert.Contains("account.password-changed", actions);
        Assert.Equal(2, actions.Count(a => a == "account.password-change-refused"));
    }

    [Fact]
    public async Task After_an_administrators_reset_the_user_must_change_the_password_before_anything_else_works()
    {
        var (user, id) = await TestAccounts.CreateViewerAsync(Beacon, "pwreset.150203", Ct);
        var admin = await Beacon.SignInAsync("admin.150000");
        var reset = await (await admin.PostAsync($"/api/v1/accounts/{id}/reset-password", null, Ct)).JsonAsync();
        var temporary = reset.GetProperty("temporaryPassword").GetString()!;

        var client = Beacon.Anonymous();
        Assert.StartsWith("/account/password", await BeaconFactory.PostSignInAsync(client, user, temporary), StringComparison.Ordinal);
        var me = await client.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, me.StatusCode);
        Assert.Contains("account.password.change-required", await me.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var page = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/password", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("管理员已重置您的密码", await client.GetStringAsync("/account/password", Ct), StringComparison.Ordinal);

        // The one-time password itself cannot be kept.
        var same = await client.PostJsonAsync("/api/v1/account/password", new { currentPassword = temporary, newPassword = temporary });
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        var changed = await client.PostJsonAsync("/api/v1/account/password", new { currentPassword = temporary, newPassword = Second });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_at_its_absolute_lifetime_however_active_it_is()
    {
        var (user, _) = await TestAccounts.CreateViewerAsync(Beacon, "lifetime.150203", Ct);
        var client = Beacon.Anonymous();
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(client, user, First));

        // A request every 20 minutes keeps it from idling out (30 min) for 11 h 40 min …
        for (var i = 0; i < 35; i++)
        {
            Beacon.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
        }

        // … but not past 12 h.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_change_of_roles_ends_the_accounts_open_sessions()
    {
        var (user, id) = await TestAccounts.CreateViewerAsync(Beacon, "rolechange.150203", Ct);
        var client = Beacon.Anonymous();
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(client, user, First));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);

        var admin = await Beacon.SignInAsync("admin.150000");
        var account = await (await admin.GetAsync($"/api/v1/accounts/{id}", Ct)).JsonAsync();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/accounts/{id}")
        {
            Content = JsonContent(new
            {
                displayName = "测试人员",
                unitId = account.GetProperty("unitId").GetGuid(),
                roles = new[] { "Viewer", "DutyOfficer" },
                isDisabled = false,
            }),
        };
        put.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(put, Ct)).StatusCode);

        // The session is checked against the account at most once a minute (fake clock).
        Beacon.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_owner_sees_the_open_sessions_ends_one_and_signs_out_everywhere()
    {
        var (user, _) = await TestAccounts.CreateViewerAsync(Beacon, "sessions.150203", Ct);
        var phone = Beacon.Anonymous();
        var desk = Beacon.Anonymous();
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(phone, user, First));
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(desk, user, First));

        var sessions = await (await desk.GetAsync("/api/v1/account/sessions", Ct)).JsonAsync();
        Assert.Equal(2, sessions.GetArrayLength());
        var other = sessions.EnumerateArray().Single(s => !s.GetProperty("isCurrent").GetBoolean()).GetProperty("id").GetGuid();
        Assert.Contains("当前登录的会话", await desk.GetStringAsync("/account/security", Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await desk.PostAsync($"/api/v1/account/sessions/{other}/end", null, Ct)).StatusCode);
        Beacon.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/api/v1/me", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await desk.PostAsync("/api/v1/account/signout-everywhere", null, Ct)).StatusCode);
        await using var db = Beacon.Db();
        var userId = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync(Ct);
        Assert.Equal(0, await db.UserSessions.CountAsync(s => s.UserId == userId && s.EndedAt == null, Ct));
    }

    [Fact]
    public async Task Expiry_warns_before_and_then_forces_a_change()
    {
        // Its own Beacon: a 90-day expiry, and a clock moved by months that the other scenarios of the class do not share.
        await using var expiring = new ExpiringBeacon(Beacon.Provider);
        await expiring.InitializeAsync();
        var (user, _) = await TestAccounts.CreateViewerAsync(expiring, "expiry.150203", Ct);

        await AdvanceAsync(expiring, TimeSpan.FromDays(80));
        var warned = expiring.Anonymous();
        warned.Timeout = TestTimeouts.Expectation;
        Assert.Equal("/", await BeaconFactory.PostSignInAsync(warned, user, First));
        Assert.Equal(HttpStatusCode.OK, (await warned.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Contains("您的密码将于", await warned.GetStringAsync("/account/security", Ct), StringComparison.Ordinal);
        Assert.Contains("您的密码将于", await warned.GetStringAsync("/account/password", Ct), StringComparison.Ordinal);

        await AdvanceAsync(expiring, TimeSpan.FromDays(11));
        var forced = expiring.Anonymous();
        forced.Timeout = TestTimeouts.Expectation;
        Assert.StartsWith("/account/password", await BeaconFactory.PostSignInAsync(forced, user, First), StringComparison.Ordinal);
        var me = await forced.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, me.StatusCode);
        Assert.Contains("account.password.change-required", await me.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("您的密码已过期", await forced.GetStringAsync("/account/password", Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent,
            (await forced.PostJsonAsync("/api/v1/account/password", new { currentPassword = First, newPassword = Second })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await forced.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_is_refused_the_second_time()
    {
        var (user, secret) = await CreateWithAuthenticatorAsync("recovery.150203");
        var owner = Beacon.Anonymous();
        await SignInWithAuthenticatorAsync(owner, user, secret);

        // Not without the current password, and nothing is stored on refusal.
        var wrong = await owner.PostJsonAsync("/api/v1/account/recovery-codes", new { currentPassword = "Not-The-One-1" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("account.password.current-wrong", (await wrong.JsonAsync()).GetProperty("codes").GetProperty("currentPassword")[0].GetString());
        Assert.Equal(0, (await (await owner.GetAsync("/api/v1/account/recovery-codes", Ct)).JsonAsync()).GetProperty("left").GetInt32());

        var generated = await owner.PostJsonAsync("/api/v1/account/recovery-codes", new { currentPassword = First });
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var codes = (await generated.JsonAsync()).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", c));
        Assert.Contains("剩余 10 个可用的恢复码", await owner.GetStringAsync("/account/security", Ct), StringComparison.Ordinal);
        await using (var db = Beacon.Db())
        {
            // Only hashes are kept.
            var stored = await db.Users.Where(u => u.UserName == user).Select(u => u.RecoveryCodes).SingleAsync(Ct);
            Assert.Equal(10, stored!.Split('\n').Length);
            Assert.All(codes, c => Assert.DoesNotContain(c.Replace("-", "", StringComparison.Ordinal), stored, StringComparison.Ordinal));
        }

        // Lost the phone: a recovery code instead of the authenticator's code, once.
        var borrowed = Beacon.Anonymous();
        Assert.StartsWith("/account/two-factor", await BeaconFactory.PostSignInAsync(borrowed, user, First), StringComparison.Ordinal);
        Assert.Equal("/", await PostRecoveryCodeAsync(borrowed, codes[3].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, (await borrowed.GetAsync("/api/v1/me", Ct)).StatusCode);

        var again = Beacon.Anonymous();
        Assert.StartsWith("/account/two-factor", await BeaconFactory.PostSignInAsync(again, user, First), StringComparison.Ordinal);
        Assert.StartsWith("/account/two-factor?error=recovery", await PostRecoveryCodeAsync(again, codes[3]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Equal(9, (await (await owner.GetAsync("/api/v1/account/recovery-codes", Ct)).JsonAsync()).GetProperty("left").GetInt32());

        await using var check = Beacon.Db();
        var audit = await check.AuditEntries.Where(e => e.UserName == user).Select(e => new { e.Action, e.Summary }).ToListAsync(Ct);
        Assert.Contains(audit, a => a.Action == "account.recovery-codes-refused");
        Assert.Contains(audit, a => a.Action == "account.recovery-codes-generated");
        Assert.Contains(audit, a => a.Action == "account.recovery-code-used" && JsonDocument.Parse(a.Summary).RootElement.GetProperty("left").GetInt32() == 9);
        Assert.Contains(audit, a => a.Action == "signin.succeeded" && a.Summary.Contains("password+recovery-code", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "signin.failed" && a.Summary.Contains("recovery code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task New_recovery_codes_make_every_earlier_one_invalid()
    {
        var (user, secret) = await CreateWithAuthenticatorAsync("recovery2.150203");
        var owner = Beacon.Anonymous();
        await SignInWithAuthenticatorAsync(owner, user, secret);
        var first = await GenerateAsync(owner);
        var second = await GenerateAsync(owner);
        Assert.Empty(first.Intersect(second));

        var client = Beacon.Anonymous();
        Assert.StartsWith("/account/two-factor", await BeaconFactory.PostSignInAsync(client, user, First), StringComparison.Ordinal);
        Assert.StartsWith("/account/two-factor?error=recovery", await PostRecoveryCodeAsync(client, first[0]), StringComparison.Ordinal);
        Assert.Equal("/", await PostRecoveryCodeAsync(client, second[0]));

        await using var db = Beacon.Db();
        var generated = await db.AuditEntries.Where(e => e.UserName == user && e.Action == "account.recovery-codes-generated")
            .Select(e => e.Summary).ToListAsync(Ct);
        // The first set replaced none, the second the first's ten (both in the same instant of the fake clock).
        Assert.Equal([0, 10], generated.Select(g => JsonDocument.Parse(g).RootElement.GetProperty("replaced").GetInt32()).Order());

        static async Task<List<string>> GenerateAsync(HttpClient owner)
        {
            var response = await owner.PostJsonAsync("/api/v1/account/recovery-codes", new { currentPassword = First });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return [.. (await response.JsonAsync()).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!)];
        }
    }

    [Fact]
    public async Task Data_protection_keys_are_stored_encrypted_and_read_after_a_restart_with_the_same_key_file_only()
    {
        // Its own Beacon: the restart with a stranger's key file writes a key of its own into the database.
        await using var original = Beacon.Provider == Provider.Postgres ? (BeaconFactory)new PostgresBeacon() : new SqliteBeacon();
        await original.InitializeAsync();
        const string Purpose = "Beacon.Tests.KeyEncryption.v1";
        var payload = original.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("请保密 keep this");

        await using (var db = original.Db())
        {
            var keys = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync(Ct);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
                Assert.Contains(nameof(Data.KeyFileXmlDecryptor), xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
        }

        var keyFile = Path.Combine(original.DataFolder, "dataprotection-key");
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(keyFile) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), "the key file is the owner's only");

        await using var restarted = new RestartedBeacon(original);
        await restarted.InitializeAsync();
        Assert.Equal("请保密 keep this", restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));

        await using var stranger = new RestartedBeacon(original, Path.Combine(original.DataFolder, "another-dataprotection-key"));
        await stranger.InitializeAsync();
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            stranger.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
    }

    [Fact]
    public async Task The_initial_administrators_password_goes_to_an_owner_only_file_and_not_to_redirected_output()
    {
        var folder = Path.Combine(Path.GetTempPath(), "beacon-initial-" + Guid.NewGuid().ToString("N")[..10]);
        var connection = Beacon.Provider == Provider.Postgres ? await (await PostgresCluster.GetAsync()).Cluster!.CreateDatabaseAsync() : "";
        try
        {
            var (migrated, migrateOutput) = await RunVerbAsync("migrate", folder, connection);
            Assert.True(migrated == 0, migrateOutput);
            var (code, output) = await RunVerbAsync("seed", folder, connection);
            Assert.True(code == 0, output);

            var file = Path.Combine(folder, "initial-admin-password");
            var password = (await File.ReadAllTextAsync(file, Ct)).Trim();
            Assert.True(password.Length >= 16, "a generated password");
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), "the file is the owner's only");
            Assert.Contains(file, output, StringComparison.Ordinal);
            Assert.DoesNotContain(password, output, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task Metrics_refuse_an_anonymous_caller_outside_the_configured_network_and_an_undefined_enum_is_a_400()
    {
        var anonymous = Beacon.Anonymous();
        var metrics = await anonymous.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
        Assert.Contains("metrics.forbidden", await metrics.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var admin = await Beacon.SignInAsync("admin.150000");
        var response = await admin.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150121", name = "枚举测试单位", kind = 42 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("request.enum.undefined", problem.GetProperty("codes").GetProperty("kind")[0].GetString());
        var named = await admin.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150121", name = "枚举测试单位", kind = "NoSuchKind" });
        Assert.Equal(HttpStatusCode.BadRequest, named.StatusCode);
    }

    [Fact]
    public async Task Rows_put_into_the_audit_table_directly_and_an_altered_row_are_reported_by_verify_audit()
    {
        await using var db = Beacon.Db();
        db.Audit("test.tamper-victim", summary: new { n = 1 });
        await db.SaveChangesAsync(Ct);
        await AuditChain.SealAllAsync(db, Ct);
        var victim = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "test.tamper-victim", Ct);

        // 1. An unsealed row, as someone with database access but without the key would insert it.
        var unsealed = Guid.NewGuid();
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO audit_entries (\"Id\", \"OccurredAt\", \"UserName\", \"Action\", \"Summary\", \"Outcome\") VALUES ({0}, {1}, 'intruder', 'unit.updated', '{{}}', 'success')",
            [unsealed, At(Beacon.Clock.GetUtcNow().AddMinutes(-10))], Ct);

        // 2. A row appended to the chain with a recomputed unkeyed SHA-256, and the head moved on.
        var head = await db.AuditHead.AsNoTracking().SingleAsync(Ct);
        var forged = new AuditEntry
        {
            Id = Guid.NewGuid(),
            Sequence = head.LastSequence + 1,
            OccurredAt = victim.OccurredAt,
            UserName = "intruder",
            Action = "signin.succeeded",
            Summary = "{}",
            PreviousHash = head.LastHash,
        };
        forged.Hash = forged.ComputeUnkeyedHash();
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO audit_entries (\"Sequence\", \"Id\", \"OccurredAt\", \"UserName\", \"Action\", \"Summary\", \"Outcome\", \"PreviousHash\", \"Hash\") VALUES ({0}, {1}, {2}, 'intruder', 'signin.succeeded', '{{}}', 'success', {3}, {4})",
            [forged.Sequence, forged.Id, At(forged.OccurredAt), forged.PreviousHash!, forged.Hash], Ct);
        db.ChangeTracker.Clear();
        await db.AuditHead.ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, forged.Sequence!.Value).SetProperty(h => h.LastHash, forged.Hash), Ct);

        // 3. Another row altered.
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"UserName\" = 'someone-else' WHERE \"Id\" = {0}", [victim.Id], Ct);

        try
        {
            var (code, output) = await RunVerbAsync("verify-audit");

            Assert.Equal(1, code);
            Assert.Contains($"unsealed row {unsealed}", output, StringComparison.Ordinal);
            Assert.Contains($"row {forged.Sequence} ({forged.Id})", output, StringComparison.Ordinal);
            Assert.Contains($"row {victim.Sequence} ({victim.Id}): content does not match", output, StringComparison.Ordinal);
            // The sealer never chains the intruder's unsealed row.
            await AuditChain.SealAllAsync(db, Ct);
            Assert.Null(await db.AuditEntries.Where(e => e.Id == unsealed).Select(e => e.Sequence).SingleAsync(Ct));
        }
        finally
        {
            // Other tests share the database: take the forged rows (and whatever the sealer chained after them) out again.
            await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Id\" = {0} OR \"Sequence\" >= {1}", [unsealed, forged.Sequence!.Value], CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"UserName\" = {0} WHERE \"Id\" = {1}", [victim.UserName, victim.Id], CancellationToken.None);
            var last = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null).OrderByDescending(e => e.Sequence).FirstAsync(CancellationToken.None);
            await db.AuditHead.ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, last.Sequence!.Value).SetProperty(h => h.LastHash, last.Hash!), CancellationToken.None);
        }

        Assert.True((await AuditChain.VerifyAsync(db, Ct)).IsIntact);
    }

    [Fact]
    public async Task Rotating_the_key_to_sm3_keeps_older_rows_verifiable()
    {
        var ring = Beacon.Services.GetRequiredService<AuditKeyRing>();
        var before = ring.Current;
        await using var db = Beacon.Db();
        db.Audit("test.rotation", summary: new { n = 1 });
        await db.SaveChangesAsync(Ct);

        var sm3 = ring.Rotate(AuditKeyRing.HmacSm3);
        db.Audit("test.rotation", summary: new { n = 2 });
        await db.SaveChangesAsync(Ct);
        await AuditChain.SealAllAsync(db, Ct);

        var keys = await db.AuditEntries.Where(e => e.Action == "test.rotation").OrderBy(e => e.Sequence).Select(e => e.KeyId).ToListAsync(Ct);
        Assert.Equal(2, keys.Count);
        Assert.Equal(before.Id, keys[0]);
        Assert.Equal(sm3.Id, keys[1]);
        Assert.Contains(sm3.Id + " HMAC-SM3 ", await File.ReadAllTextAsync(ring.File!, Ct), StringComparison.Ordinal);
        var result = await AuditChain.VerifyAsync(db, Ct);
        Assert.True(result.IsIntact, string.Join("; ", result.Problems));
        var (code, output) = await RunVerbAsync("verify-audit");
        Assert.True(code == 0, output);
    }

    /// <summary>A viewer with an authenticator enrolled (its secret set as the CLI's seeding does).</summary>
    private async Task<(string UserName, byte[] Secret)> CreateWithAuthenticatorAsync(string userName)
    {
        var (user, id) = await TestAccounts.CreateViewerAsync(Beacon, userName, Ct);
        var secret = Accounts.SignIn.Totp.NewSecret();
        await using var scope = Beacon.Services.CreateAsyncScope();
        await using var db = Beacon.Db();
        var account = await db.Users.SingleAsync(u => u.Id == id, Ct);
        account.ProtectedTotpSecret = scope.ServiceProvider.GetRequiredService<Accounts.SignIn.SignInService>().ProtectSecret(secret);
        account.TwoFactorEnabled = true;
        await db.SaveChangesAsync(Ct);
        return (user, secret);
    }

    private async Task SignInWithAuthenticatorAsync(HttpClient client, string user, byte[] secret)
    {
        Assert.StartsWith("/account/two-factor", await BeaconFactory.PostSignInAsync(client, user, First), StringComparison.Ordinal);
        Beacon.Clock.Advance(TimeSpan.FromSeconds(Accounts.SignIn.Totp.StepSeconds));
        var code = Accounts.SignIn.Totp.Code(secret, Accounts.SignIn.Totp.StepAt(Beacon.Clock.GetUtcNow()));
        Assert.Equal("/", await BeaconFactory.PostSecondFactorAsync(client, code));
    }

    /// <summary>Posts the recovery-code form of the second-factor page; returns where Beacon redirects.</summary>
    private static async Task<string> PostRecoveryCodeAsync(HttpClient client, string code)
    {
        var html = await client.GetStringAsync("/account/two-factor", Ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Antiforgery().Match(html).Groups[1].Value),
            ["recoveryCode"] = code,
            ["returnUrl"] = "/",
        });
        using var response = await client.PostAsync("/account/two-factor", form, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    /// <summary>
    /// Moves <paramref name="beacon"/>'s clock, failing instead of hanging if that takes longer than an expectation may:
    /// the fake clock runs every timer tick that falls in the move inside <c>Advance</c> (see <c>ClockTicks</c>).
    /// </summary>
    private static Task AdvanceAsync(BeaconFactory beacon, TimeSpan by) =>
        Task.Run(() => beacon.Clock.Advance(by), Ct).WaitAsync(TestTimeouts.Expectation, Ct);

    /// <summary>An instant as the provider stores it (SQLite: UTC ticks, decision 0001), for rows written by raw SQL.</summary>
    private object At(DateTimeOffset at) => Beacon.Provider == Provider.Sqlite ? at.UtcTicks : at;

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, BeaconFactory.Json), System.Text.Encoding.UTF8, "application/json");

    private Task<(int Code, string Output)> RunVerbAsync(string verb) =>
        RunVerbAsync(verb, Beacon.DataFolder, Beacon.Provider == Provider.Postgres ? Beacon.ConnectionString : "");

    /// <summary>Runs a verb of the CLI in Production, its output redirected (as a service manager or a log collector has it).</summary>
    private async Task<(int Code, string Output)> RunVerbAsync(string verb, string dataFolder, string connectionString)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Beacon.Web.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(verb);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Beacon__DataFolder"] = dataFolder;
        psi.Environment["Beacon__Database__Provider"] = Beacon.Provider.ToString();
        psi.Environment["Beacon__Database__ConnectionString"] = connectionString;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}

public sealed class SecurityLevel3TestsOnSqlite(SqliteBeacon beacon) : SecurityLevel3Tests(beacon), IClassFixture<SqliteBeacon>;

public sealed class SecurityLevel3TestsOnPostgres(PostgresBeacon beacon) : SecurityLevel3Tests(beacon), IClassFixture<PostgresBeacon>;

/// <summary>Beacon with a 90-day password expiry and the default 14-day warning.</summary>
public sealed class ExpiringBeacon(Provider provider) : BeaconFactory(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:Security:PasswordMaxAge", "90.00:00:00");
    }
}

/// <summary>
/// Beacon started again on <paramref name="before"/>'s database and data folder, as after a restart; with
/// <paramref name="keyFile"/>, under another data-protection key file.
/// </summary>
public sealed class RestartedBeacon(BeaconFactory before, string? keyFile = null) : BeaconFactory(before.Provider)
{
    public override ValueTask InitializeAsync()
    {
        _ = Server;
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:DataFolder", before.DataFolder);
        builder.UseSetting("Beacon:Database:ConnectionString", before.Provider == Provider.Postgres ? before.ConnectionString : "");
        if (keyFile is not null)
        {
            builder.UseSetting("Beacon:DataProtection:KeyFile", keyFile);
        }
    }
}

/// <summary>Arranging accounts as an administrator would.</summary>
internal static class TestAccounts
{
    public static async Task<(string UserName, Guid Id)> CreateViewerAsync(BeaconFactory beacon, string userName, CancellationToken ct)
    {
        var admin = await beacon.SignInAsync("admin.150000");
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", ct)).Single();
        var response = await admin.PostJsonAsync("/api/v1/accounts", new
        {
            userName,
            displayName = "测试人员",
            unitId = unit.Id,
            roles = new[] { "Viewer" },
            password = SecurityLevel3Tests.First,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        return (userName, created.GetProperty("account").GetProperty("id").GetGuid());
    }
}

/// <summary>
/// Beacon behind a test proxy (10.9.9.9, trusted): requests carry the client's address in X-Forwarded-For, so a test
/// can speak from two addresses. Ten sign-in posts per source and window; /metrics open to 198.51.100.0/24.
/// </summary>
public class ProxiedBeacon(Provider provider) : BeaconFactory(provider)
{
    public const int SignInPermits = 10;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:RateLimits:SignInPermits", SignInPermits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Beacon:RateLimits:SignInWindow", "01:00:00");
        builder.UseSetting("Beacon:Http:TrustedProxies:0", "10.9.9.9");
        builder.UseSetting("Beacon:Metrics:AllowedNetworks:0", "198.51.100.0/24");
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new FromProxy()));
    }

    /// <summary>A client whose requests come through the proxy from <paramref name="address"/>.</summary>
    public HttpClient From(string address)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse("10.9.9.9");
                return following(http);
            });
            next(app);
        };
    }
}

public sealed class ProxiedSqliteBeacon() : ProxiedBeacon(Provider.Sqlite);

public sealed class ProxiedPostgresBeacon() : ProxiedBeacon(Provider.Postgres);

/// <summary>Sign-in limited per source address as well as per account (decision 0015), with forwarded headers from a trusted proxy.</summary>
public abstract partial class SourceLimitTests(ProxiedBeacon proxied) : LaneTests(proxied)
{
    private ProxiedBeacon Proxied => (ProxiedBeacon)Beacon;

    [Fact]
    public async Task One_address_trying_twenty_accounts_gets_429_after_the_limit_and_a_second_address_is_unaffected()
    {
        var attacker = Proxied.From("203.0.113.7");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await PostSignInAsync(attacker, $"duty.15020{i % 10}", "Wrong-Password-" + i));
        }

        Assert.All(answers.Take(ProxiedBeacon.SignInPermits), a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.All(answers.Skip(ProxiedBeacon.SignInPermits), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        var refused = answers[^1];
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("request.rate-limited", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Another address behind the same proxy signs in as usual.
        var colleague = Proxied.From("203.0.113.8");
        var ok = await PostSignInAsync(colleague, "duty.150203", Seeding.DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/", ok.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Metrics_answer_the_configured_network_only()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Proxied.From("203.0.113.9").GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Proxied.From("198.51.100.20").GetAsync("/metrics", Ct)).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password)
    {
        var html = await client.GetStringAsync("/account/signin", Ct);
        var token = WebUtility.HtmlDecode(Antiforgery().Match(html).Groups[1].Value);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/",
        });
        return await client.PostAsync("/account/signin", form, Ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}

public sealed class SourceLimitTestsOnSqlite(ProxiedSqliteBeacon beacon) : SourceLimitTests(beacon), IClassFixture<ProxiedSqliteBeacon>;

public sealed class SourceLimitTestsOnPostgres(ProxiedPostgresBeacon beacon) : SourceLimitTests(beacon), IClassFixture<ProxiedPostgresBeacon>;
