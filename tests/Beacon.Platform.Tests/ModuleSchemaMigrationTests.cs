using Beacon.Incidents.Classification;
using Beacon.Modules;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Beacon.Testing;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// Moving each module's tables into its schema (PostgreSQL) or under its prefix (SQLite) keeps every row: a database
/// written by the first release, migrated to the current one, still holds its data under the new names.
/// </summary>
public sealed class ModuleSchemaMigrationTests
{
    private const string FirstRelease = "Initial";

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Rows_written_before_the_module_schemas_are_still_there_after_the_migration(Provider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.Combine(Path.GetTempPath(), "beacon-migrate-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var options = await OptionsAsync(provider, folder);
            var eventTypeId = Guid.CreateVersion7();
            await using (var db = new BeaconDb(DatabaseSetup.Build(options, folder, ModuleCatalog.All), Actor.System, TimeProvider.System))
            {
                var migrator = db.GetService<IMigrator>();
                var first = db.Database.GetMigrations().Single(m => m.EndsWith("_" + FirstRelease, StringComparison.Ordinal));
                await migrator.MigrateAsync(first, ct);
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO event_types (\"Id\", \"Code\", \"Name\", \"Class\", \"IsActive\", \"SortOrder\") VALUES ({0}, '99Z99', '迁移前的事件类型', 1, TRUE, 1)",
                    [eventTypeId], ct);
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO warning_event_types (\"Code\", \"Name\", \"NameEn\", \"Category\", \"IsActive\") VALUES ('99Z99', '迁移前的预警类型', 'Before', 'Met', TRUE)", ct);

                await db.Database.MigrateAsync(ct);
            }

            await using (var db = new BeaconDb(DatabaseSetup.Build(options, folder, ModuleCatalog.All), Actor.System, TimeProvider.System))
            {
                Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
                var type = await db.Set<EventType>().SingleAsync(e => e.Code == "99Z99", ct);
                Assert.Equal((eventTypeId, "迁移前的事件类型"), (type.Id, type.Name));
                Assert.Equal("迁移前的预警类型", (await db.Set<WarningEventType>().SingleAsync(e => e.Code == "99Z99", ct)).Name);
                Assert.Contains(provider == Provider.Sqlite ? "\"incidents_event_types\"" : "incidents.event_types", db.TableOf<EventType>(), StringComparison.Ordinal);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<DatabaseOptions> OptionsAsync(Provider provider, string folder)
    {
        if (provider == Provider.Sqlite)
        {
            return new DatabaseOptions { Provider = "Sqlite", ConnectionString = $"Data Source={Path.Combine(folder, "old.db")}" };
        }

        var (cluster, reason) = await PostgresCluster.GetAsync();
        if (cluster is null)
        {
            Assert.Skip(reason!);
        }

        return new DatabaseOptions { Provider = "Postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
    }
}
