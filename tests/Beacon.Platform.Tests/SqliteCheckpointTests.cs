using Beacon.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
            // A few pages: far below the 1,000 at which a committing writer would copy the log itself.
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
    public async Task A_committing_writer_leaves_the_log_to_the_background_until_it_is_far_behind()
    {
        _ = beacon.Server;
        await using var db = beacon.Db();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var pragma = db.Database.GetDbConnection().CreateCommand();
        pragma.CommandText = "PRAGMA wal_autocheckpoint";

        // Decision 0045: SQLite's 1,000 pages were reached within one background interval under load, so the one writer copied.
        Assert.Equal(new Data.DatabaseOptions().SqliteAutoCheckpointPages, Convert.ToInt32(await pragma.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(new Data.DatabaseOptions().SqliteAutoCheckpointPages >= 10_000);
    }
}
