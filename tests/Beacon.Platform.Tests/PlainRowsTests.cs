using Beacon.Platform.Data;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// Plain rows on SQLite are bound by position (<see cref="SqlitePositionalStatement"/>, decision 0044), not through
/// Microsoft.Data.Sqlite's parameters. What reaches the file must not change: for every column of every plain table, each
/// kind of value its type can hold is stored by both and compared as SQLite holds it (its type and its exact literal).
/// </summary>
public sealed class PlainRowsTests(SqliteBeacon beacon) : LaneTests(beacon), IClassFixture<SqliteBeacon>
{
    [Fact]
    public async Task Every_plain_table_is_bound_by_position_on_sqlite()
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem();

        var plain = PlainTypes(db);

        Assert.Contains(plain, t => t.Name == "AuditEntry");
        Assert.Contains(plain, t => t.Name == "Incident");
        Assert.All(plain, t => Assert.True(PlainRows.CanInsert(db, t), $"{t.Name} goes through EF: a column's type is not bound by position ({string.Join(", ", PlainRows.ColumnsOf(db, t).Where(c => !c.Positional).Select(c => c.Name))})"));
    }

    [Fact]
    public async Task A_value_bound_by_position_is_stored_exactly_as_microsoft_data_sqlite_stores_it_for_every_column_of_every_plain_table()
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        await using var db = await WithTempTableAsync(scope, "CREATE TEMP TABLE stored (way TEXT NOT NULL, n INTEGER NOT NULL, v)");
        var compared = 0;
        var n = 0;
        foreach (var type in PlainTypes(db))
        {
            foreach (var column in PlainRows.ColumnsOf(db, type))
            {
                foreach (var value in Samples(column.ProviderType))
                {
                    n++;
                    await using (var command = db.NewCommand())
                    {
                        command.CommandText = "INSERT INTO temp.stored VALUES ('parameter', @n, @v)";
                        command.WithParameter("@n", n);
                        var parameter = column.Mapping.CreateParameter(command, "@v", null, nullable: true);
                        parameter.Value = value ?? DBNull.Value;
                        command.Parameters.Add(parameter);
                        await command.ExecuteNonQueryAsync(Ct);
                    }

                    using (var statement = SqlitePositionalStatement.Prepare(db, "INSERT INTO temp.stored VALUES ('position', ?1, ?2)"))
                    {
                        statement.Bind(1, n);
                        statement.Bind(2, value);
                        Assert.Equal(1, statement.Run());
                    }

                    compared++;
                }
            }
        }

        var differing = await db.Database.SqlQueryRaw<string>(
            "SELECT a.n || ': ' || typeof(a.v) || ' ' || quote(a.v) || ' ≠ ' || typeof(b.v) || ' ' || quote(b.v) AS Value FROM temp.stored a JOIN temp.stored b ON a.n = b.n AND b.way = 'position' " +
            "WHERE a.way = 'parameter' AND (typeof(a.v) <> typeof(b.v) OR quote(a.v) IS NOT quote(b.v) OR hex(a.v) IS NOT hex(b.v))").ToListAsync(Ct);
        Assert.True(compared > 100, $"only {compared} values compared");
        Assert.Empty(differing);
    }

    [Fact]
    public async Task A_row_refused_by_a_constraint_raises_the_sqlite_error_and_the_statement_runs_again()
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        await using var db = await WithTempTableAsync(scope, "CREATE TEMP TABLE keyed (k TEXT PRIMARY KEY)");
        using var statement = SqlitePositionalStatement.Prepare(db, "INSERT INTO temp.keyed VALUES (?1)");
        statement.Bind(1, "甲");
        statement.Run();

        statement.Bind(1, "甲");
        var refused = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => statement.Run());
        statement.Bind(1, "乙");
        statement.Run();

        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(2, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM temp.keyed").SingleAsync(Ct));
    }

    /// <summary>A context with its connection open and a temporary table on it.</summary>
    private static async Task<BeaconDb> WithTempTableAsync(AsyncServiceScope scope, string create)
    {
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem();
        await db.Database.OpenConnectionAsync(Ct);
        await db.Database.ExecuteSqlRawAsync(create, Ct);
        return db;
    }

    private static List<Type> PlainTypes(BeaconDb db) =>
        [.. db.Model.GetEntityTypes().Where(e => !e.IsOwned()).Select(e => e.ClrType).Distinct().Where(t => PlainRows.HasPlainShape(db, t)).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Values a column of <paramref name="type"/> can reach the database with, the awkward ones included; always null.</summary>
    private static IEnumerable<object?> Samples(Type type)
    {
        yield return null;
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var at = new DateTimeOffset(2026, 12, 4, 1, 2, 3, TimeSpan.Zero).AddTicks(1_234_567);
        object[] values = t switch
        {
            _ when t == typeof(string) => ["", "甲乙 丙\u0001\t\"'\\", "𝄞😀\u200d", "前\0后", "\ud800孤", "a", new string('长', 5000), new string('长', 70_000),
                // Around SQLitePCL's limit of 512 characters and bytes, past which a text is bound up to its first NUL.
                new string('a', 510) + "\0b", new string('a', 511) + "\0", new string('a', 511) + "\0b", new string('a', 512) + "\0b", new string('a', 600) + "\0b",
                new string('长', 170) + "\0b", new string('长', 171) + "\0b"],
            _ when t == typeof(long) => [0L, -1L, long.MaxValue, long.MinValue],
            _ when t == typeof(int) => [0, -7, int.MaxValue, int.MinValue],
            _ when t == typeof(short) => [(short)0, short.MinValue, short.MaxValue],
            _ when t == typeof(byte) => [(byte)0, byte.MaxValue],
            _ when t == typeof(bool) => [true, false],
            _ when t == typeof(double) => [0d, -1.5, 1e300, double.Epsilon, 40.591_234_567_891, 111.0],
            _ when t == typeof(byte[]) => [Array.Empty<byte>(), new byte[] { 0, 1, 254, 255 }],
            _ when t == typeof(Guid) => [Guid.Empty, Guid.CreateVersion7(), Guid.Parse("0a1b2c3d-4e5f-6a7b-8c9d-aebfc0d1e2f3")],
            _ when t == typeof(DateTimeOffset) => [at, at.ToOffset(TimeSpan.FromHours(8)), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.MinValue, DateTimeOffset.MaxValue],
            _ when t == typeof(DateOnly) => [new DateOnly(2026, 12, 4), DateOnly.MinValue, DateOnly.MaxValue],
            _ when t == typeof(decimal) => [0m, 12.5m, -0.0001m, 123456789.123456789m, decimal.MaxValue, decimal.MinValue, 1e-28m],
            _ when t == typeof(DateTime) => [at.UtcDateTime, DateTime.SpecifyKind(at.UtcDateTime, DateTimeKind.Unspecified), DateTime.MinValue, DateTime.MaxValue],
            _ => [],
        };
        foreach (var value in values)
        {
            yield return value;
        }
    }
}
