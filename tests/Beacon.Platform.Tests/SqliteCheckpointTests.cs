using Beacon.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// The server copies SQLite's write-ahead log into the database file in the background (decision 0010), so a
/// committing writer seldom has to.
/// </summary>
public sealed class SqliteCheckpointTests(SqliteBeacon beacon) : IClassFixture<SqliteBeacon>
{
    [Fact]
    public async Task A_small_commit_reaches_the_database_file_itself_without_a_writer_checkpointing()
    {
        _ = beacon.Server;
        var action = "test.checkpoint-" + Guid.NewGuid().ToString("N")[..8];
        await using (var db = beacon.Db())
        {
            // A few pages: far below the 20,000 at which a committing writer would copy the log itself (decision 0045).
            db.Audit(action);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // The database file alone (copied without its -wal) holds only what was checkpointed.
        var copy = Path.Combine(beacon.DataFolder, "copy-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(15);
        long found = 0;
        while (found == 0 && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            File.Copy(Path.Combine(beacon.DataFolder, "beacon.db"), copy, overwrite: true);
            try
            {
                await using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var count = connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM audit_entries WHERE \"Action\" = $action";
                count.Parameters.AddWithValue("$action", action);
                found = (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            }
            catch (SqliteException)
            {
                // Copied while a checkpoint was writing it: try again.
            }
        }

        Assert.Equal(1, found);
    }

    [Fact]
    public async Task Every_connection_sets_wal_autocheckpoint_to_the_configured_pages()
    {
        var configured = beacon.Services.GetRequiredService<IOptions<Data.DatabaseOptions>>().Value;
        await using var db = beacon.Db();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var pragma = db.Database.GetDbConnection().CreateCommand();
        pragma.CommandText = "PRAGMA wal_autocheckpoint";
        var pages = Convert.ToInt32(await pragma.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(configured.SqliteCheckpointInterval > TimeSpan.Zero, "the test server runs the background checkpoint");
        Assert.Equal(configured.SqliteAutoCheckpointPages, pages);
        Assert.NotEqual(1000, pages);
    }

    [Fact]
    public void Without_the_background_checkpoint_the_writers_checkpoint_at_sqlites_own_1000_pages()
    {
        // Decision 0045: the background copies the log and a writer steps in only far behind; with no background, SQLite's default.
        Assert.Equal(20_000, Data.DatabaseSetup.WalAutoCheckpointPages(new Data.DatabaseOptions()));
        Assert.Equal(5_000, Data.DatabaseSetup.WalAutoCheckpointPages(new Data.DatabaseOptions { SqliteAutoCheckpointPages = 5_000 }));
        Assert.Equal(1000, Data.DatabaseSetup.WalAutoCheckpointPages(new Data.DatabaseOptions { SqliteCheckpointInterval = TimeSpan.Zero, SqliteAutoCheckpointPages = 5_000 }));
    }
}
