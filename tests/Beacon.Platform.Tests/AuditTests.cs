using System.Diagnostics;
using System.Net;
using Beacon.Platform.Audit;
using Beacon.Platform.Audit.ListAudit;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Platform.Tests;

public abstract class AuditTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Every_write_lands_in_the_audit_trail_with_who_unit_and_change()
    {
        var admin = await Beacon.SignInAsync("admin.150200");
        var unit = await (await admin.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150205", name = "石拐区矿山救护队", kind = "Partner" }))
            .ReadAsync<Units.ListUnits.UnitView>();

        var page = await (await admin.GetAsync($"/api/v1/audit?entityId={unit.Id}", Ct)).ReadAsync<AuditPage>();

        var row = Assert.Single(page.Items);
        Assert.Equal("unit.created", row.Action);
        Assert.Equal("admin.150200", row.UserName);
        Assert.NotNull(row.UnitId);
        Assert.Contains("石拐区矿山救护队", row.Summary, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, row.OccurredAt.Offset);
    }

    [Fact]
    public async Task The_audit_page_filters_by_user_action_and_time_and_pages()
    {
        var from = Beacon.Clock.GetUtcNow();
        var admin = Beacon.Anonymous();
        await BeaconFactory.PostSignInAsync(admin, "admin.150000", Seeding.DemoAccounts.Password);
        Assert.Equal("/", await BeaconFactory.PostSecondFactorAsync(admin, Beacon.CurrentTotp()));

        var page = await (await admin.GetAsync($"/api/v1/audit?action=signin&user=admin.150000&from={Uri.EscapeDataString(from.ToString("O"))}&pageSize=1", Ct)).ReadAsync<AuditPage>();

        Assert.Single(page.Items);
        Assert.True(page.Total >= 1);
        Assert.All(page.Items, r => Assert.StartsWith("signin", r.Action, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/audit?pageSize=5000", Ct)).StatusCode);
    }

    [Fact]
    public async Task Many_rows_written_as_plain_rows_read_back_as_written_and_the_chain_verifies()
    {
        // 120 rows: past the size from which PostgreSQL takes them by binary COPY rather than as statements.
        var at = new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero).AddTicks(4560);
        var rows = Enumerable.Range(0, 120).Select(i => new AuditEntry
        {
            OccurredAt = at.AddSeconds(i),
            UserId = Guid.CreateVersion7(),
            UserName = "批量写入" + i,
            Action = "test.plain-rows",
            EntityType = i % 2 == 0 ? "Incident" : null,
            EntityId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Summary = "{\"说明\":\"第" + i + "行\"}",
            Outcome = AuditOutcome.Success,
        }).ToList();
        await using (var db = Beacon.Db())
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await AuditChain.SealNewAsync(db, rows, Ct);
            await Data.PlainRows.InsertAsync(db, rows, Ct);
            await tx.CommitAsync(Ct);
        }

        await using var check = Beacon.Db();
        var stored = await check.AuditEntries.AsNoTracking().Where(e => e.Action == "test.plain-rows").OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.Equal(rows.Select(r => (r.Id, r.OccurredAt, r.UserId, r.UserName, r.EntityType, r.EntityId, r.Summary, r.Sequence, r.Hash)),
            stored.Select(r => (r.Id, r.OccurredAt, r.UserId, r.UserName, r.EntityType, r.EntityId, r.Summary, r.Sequence, r.Hash)));
        var verification = await AuditChain.VerifyAsync(check, Ct);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems));
    }

    [Fact]
    public async Task A_save_of_many_rows_gives_each_row_its_own_audit_row_with_its_own_values_and_a_valid_mark()
    {
        // 100 units in one save: past the count from which a save's audit rows are finished in parallel (decision 0043).
        await using var db = Beacon.Db();
        var jurisdiction = await db.Jurisdictions.SingleAsync(j => j.Code == "150205", Ct);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var units = Enumerable.Range(0, 100).Select(i => new Units.Unit
        {
            JurisdictionId = jurisdiction.Id,
            Name = $"并行审计{tag}单位{i}",
            Kind = Units.UnitKind.Partner,
            CreatedAt = Beacon.Clock.GetUtcNow(),
        }).ToList();
        db.Units.AddRange(units);
        await db.SaveChangesAsync(Ct);
        await AuditChain.SealAllAsync(db, Ct);

        await using var check = Beacon.Db();
        var ids = units.Select(u => u.Id.ToString()).ToList();
        var rows = await check.AuditEntries.AsNoTracking().Where(e => e.Action == "unit.created" && ids.Contains(e.EntityId!))
            .OrderBy(e => e.Sequence).ToListAsync(Ct);
        // One row per unit, each holding its own unit's name (not a neighbour's) and carrying a valid mark.
        Assert.Equal(ids.Order(StringComparer.Ordinal), rows.Select(r => r.EntityId!).Order(StringComparer.Ordinal));
        Assert.All(units, u => Assert.Contains($"\"{u.Name}\"", rows.Single(r => r.EntityId == u.Id.ToString()).Summary, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.True(r.IsMarkedBy(check.AuditKeys), $"row {r.EntityId} is not marked by the writer's key"));
        Assert.Single(rows.Select(r => r.OccurredAt).Distinct());
        var verification = await AuditChain.VerifyAsync(check, Ct);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems));
    }

    [Fact]
    public async Task An_intact_chain_verifies_and_an_edited_row_is_named()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        await admin.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150121", name = "土默特左旗林草局护林站", kind = "LineDepartment" });
        var ok = await (await admin.GetAsync("/api/v1/audit/verify", Ct)).ReadAsync<AuditVerification>();
        Assert.True(ok.IsIntact, string.Join("; ", ok.Problems));
        Assert.True(ok.RowsChecked > 1);

        await using var db = Beacon.Db();
        var victim = await db.AuditEntries.Where(e => e.Action == "unit.created").OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).FirstAsync(Ct);
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE audit_entries SET \"Summary\" = {0} WHERE \"Sequence\" = {1}", ["{\"name\":\"篡改\"}", victim], Ct);

        var result = await AuditChain.VerifyAsync(db, Ct);

        Assert.False(result.IsIntact);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(victim, problem.Sequence);
        Assert.Contains("altered", problem.Reason, StringComparison.Ordinal);
        var api = await (await admin.GetAsync("/api/v1/audit/verify", Ct)).ReadAsync<AuditVerification>();
        Assert.Contains(api.Problems, p => p.Sequence == victim);
        await RestoreAsync(db, victim);
    }

    [Fact]
    public async Task Rows_of_concurrent_saves_commit_unsealed_and_are_sealed_into_one_gapless_chain()
    {
        var marker = "test.concurrent-" + Guid.NewGuid().ToString("N")[..8];
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async n =>
        {
            await using var writer = Beacon.Db();
            writer.Audit(marker, summary: new { n });
            await writer.SaveChangesAsync(Ct);
        }));

        await using var db = Beacon.Db();
        Assert.Equal(16, await db.AuditEntries.CountAsync(e => e.Action == marker, Ct));
        await AuditChain.SealAllAsync(db, Ct);

        var sequences = await db.AuditEntries.Where(e => e.Action == marker).Select(e => e.Sequence).ToListAsync(Ct);
        Assert.All(sequences, s => Assert.NotNull(s));
        Assert.Equal(16, sequences.Distinct().Count());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Sequence == null && e.Action == marker, Ct));
        var result = await AuditChain.VerifyAsync(db, Ct);
        Assert.True(result.IsIntact, string.Join("; ", result.Problems));
    }

    [Fact]
    public async Task A_deleted_row_and_an_inserted_row_are_both_found()
    {
        await using var db = Beacon.Db();
        db.Audit("test.marker", summary: new { n = 1 });
        db.Audit("test.marker", summary: new { n = 2 });
        db.Audit("test.marker", summary: new { n = 3 });
        await db.SaveChangesAsync(Ct);
        await AuditChain.SealAllAsync(db, Ct);
        var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "test.marker").OrderBy(e => e.Sequence).ToListAsync(Ct);
        var middle = rows[1].Sequence!.Value;

        await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Sequence\" = {0}", [middle], Ct);
        var afterDelete = await AuditChain.VerifyAsync(db, Ct);

        Assert.Contains(afterDelete.Problems, p => p.Sequence == rows[2].Sequence!.Value && p.Reason.Contains("missing", StringComparison.Ordinal));

        // Put a forged row in its place (a copy of another row): its hash cannot fit the chain.
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO audit_entries (\"Sequence\", \"Id\", \"OccurredAt\", \"UserName\", \"Action\", \"Summary\", \"Outcome\", \"PreviousHash\", \"Hash\") " +
            "SELECT {0}, {1}, \"OccurredAt\", 'intruder', \"Action\", \"Summary\", \"Outcome\", \"PreviousHash\", \"Hash\" FROM audit_entries WHERE \"Sequence\" = {2}",
            [middle, Guid.NewGuid(), rows[0].Sequence!.Value], Ct);

        var afterInsert = await AuditChain.VerifyAsync(db, Ct);

        Assert.Contains(afterInsert.Problems, p => p.Sequence == middle);
        await RestoreAsync(db, rows[0].Sequence!.Value);
    }

    [Fact]
    public async Task The_verify_audit_verb_fails_and_names_an_edited_row()
    {
        await using var db = Beacon.Db();
        db.Audit("test.cli-marker", summary: new { n = 1 });
        await db.SaveChangesAsync(Ct);
        await AuditChain.SealAllAsync(db, Ct);
        var (okCode, okOut) = await RunVerbAsync("verify-audit");
        Assert.True(okCode == 0, okOut);
        Assert.Contains("chain intact", okOut, StringComparison.Ordinal);

        var victim = await db.AuditEntries.Where(e => e.Action == "test.cli-marker").Select(e => e.Sequence!.Value).SingleAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"UserName\" = 'someone-else' WHERE \"Sequence\" = {0}", [victim], Ct);

        var (code, output) = await RunVerbAsync("verify-audit");

        Assert.Equal(1, code);
        Assert.Contains($"row {victim}", output, StringComparison.Ordinal);
        await RestoreAsync(db, victim);
    }

    private static async Task RestoreAsync(Data.BeaconDb db, long sequence)
    {
        // Other tests in this class share the database: put the row's content back in line with its hash.
        await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Sequence\" >= {0}", [sequence], CancellationToken.None);
        var last = await db.AuditEntries.Where(e => e.Sequence != null).OrderByDescending(e => e.Sequence).FirstAsync();
        await db.AuditHead.ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, last.Sequence!.Value).SetProperty(h => h.LastHash, last.Hash!));
    }

    private async Task<(int Code, string Output)> RunVerbAsync(string verb)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Beacon.Web.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(verb);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Beacon__DataFolder"] = Beacon.DataFolder;
        psi.Environment["Beacon__Database__Provider"] = Beacon.Provider.ToString();
        psi.Environment["Beacon__Database__ConnectionString"] = Beacon.Provider == Provider.Postgres ? Beacon.ConnectionString : "";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}

public sealed class AuditTestsOnSqlite(SqliteBeacon beacon) : AuditTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class AuditTestsOnPostgres(PostgresBeacon beacon) : AuditTests(beacon), IClassFixture<PostgresBeacon>;
