using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Beacon.Platform.Data;

/// <summary>
/// Inserts and updates rows of plain entities (complex properties flattened; no owned, shadow or store-generated parts)
/// with plain SQL built from the EF model: its table, its columns and each column's type mapping, so values are stored
/// exactly as EF stores them. For the rows written on every request under load (a group commit's new rows, audit rows,
/// their seals, idempotency answers): through EF's change tracker, generating the SQL of each row was most of a busy
/// save, all of it inside SQLite's one-writer section. Runs in the context's current transaction. Decisions 0009, 0010.
/// </summary>
internal static class PlainRows
{
    /// <summary>Rows per PostgreSQL statement, well inside its parameter limit.</summary>
    private const int RowsPerStatement = 100;

    /// <summary>Rows from which PostgreSQL gets them by binary COPY rather than as statements.</summary>
    private const int CopyFrom = 50;

    private static readonly ConcurrentDictionary<(IModel, Type), Table> Tables = new();

    /// <summary>Inserts <paramref name="rows"/> with every mapped column.</summary>
    public static Task InsertAsync<T>(BeaconDb db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class => InsertAsync(db, [(typeof(T), rows)], ct);

    /// <summary>
    /// Whether rows of <paramref name="type"/> can be inserted as plain rows: every column is a value the entity holds
    /// (no shadow or store-generated values, no owned or optional complex parts) and, on SQLite, every column's values can be
    /// bound by position (<see cref="SqlitePositionalStatement"/>). Others are saved through EF.
    /// </summary>
    public static bool CanInsert(BeaconDb db, Type type) => TableOf(db, type) is { Plain: true } table && (table.Positional || !db.IsSqlite);

    /// <summary>
    /// Inserts groups of rows, each group all of one entity type, in the order given, with every mapped column. On
    /// PostgreSQL every group goes in one round trip (a batch of many-row statements).
    /// </summary>
    public static async Task InsertAsync(BeaconDb db, IReadOnlyList<(Type Type, IReadOnlyList<object> Rows)> groups, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            foreach (var (type, rows) in groups)
            {
                InsertEach(db, TableOf(db, type), rows, ct);
            }

            return;
        }

        if (groups.Sum(g => g.Rows.Count) >= CopyFrom)
        {
            foreach (var (type, rows) in groups)
            {
                await CopyAsync(db, TableOf(db, type), rows, ct);
            }

            return;
        }

        var connection = db.Database.GetDbConnection();
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var factory = connection.CreateCommand();
        AddInserts(db, batch, factory, groups);
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Whether <paramref name="rows"/> rows go to PostgreSQL as statements of a batch (fewer than COPY is used for).</summary>
    public static bool FitInBatch(int rows) => rows < CopyFrom;

    /// <summary>
    /// PostgreSQL: adds the many-row INSERT statements of <paramref name="groups"/> to <paramref name="batch"/>
    /// (<paramref name="factory"/> makes the parameters), for a caller that sends other statements in the same round trip.
    /// </summary>
    public static void AddInserts(BeaconDb db, DbBatch batch, DbCommand factory, IReadOnlyList<(Type Type, IReadOnlyList<object> Rows)> groups)
    {
        foreach (var (type, rows) in groups)
        {
            var table = TableOf(db, type);
            for (var start = 0; start < rows.Count; start += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, rows.Count - start);
                var command = batch.CreateBatchCommand();
                var sql = new StringBuilder(table.InsertHead);
                for (var r = 0; r < count; r++)
                {
                    sql.Append(r == 0 ? "(" : ",(");
                    for (var c = 0; c < table.Columns.Count; c++)
                    {
                        var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                        sql.Append(c == 0 ? name : "," + name);
                        command.Parameters.Add(Parameter(factory, table.Columns[c], name, rows[start + r]));
                    }

                    sql.Append(')');
                }

                command.CommandText = sql.ToString();
                batch.BatchCommands.Add(command);
            }
        }
    }

    /// <summary>
    /// PostgreSQL, many rows: binary COPY, which the server takes without parsing, planning or one parameter per value
    /// (a batch of a hundred first reports is about a thousand rows).
    /// </summary>
    private static async Task CopyAsync(BeaconDb db, Table table, IReadOnlyList<object> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            foreach (var column in table.Columns)
            {
                var value = column.ValueOf(row);
                if (value is not null && column.Mapping.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(value, column.Mapping.StoreTypeNameBase, ct);
                }
            }
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>
    /// SQLite, in-process: one prepared single-row statement run per row, its values bound by position
    /// (<see cref="SqlitePositionalStatement"/>, decision 0044; Microsoft.Data.Sqlite binds each parameter by name through
    /// the whole list, so a many-row statement would cost the square of its parameters). Only tables of
    /// <see cref="CanInsert"/> come here.
    /// </summary>
    private static void InsertEach(BeaconDb db, Table table, IReadOnlyList<object> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var statement = SqlitePositionalStatement.Prepare(db, table.InsertHead + "(" + string.Join(",", table.Columns.Select((_, c) => Position(c))) + ")");
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var c = 0; c < table.Columns.Count; c++)
            {
                statement.Bind(c + 1, table.Columns[c].ProviderValueOf(row));
            }

            statement.Run();
        }
    }

    private static string Position(int index) => string.Create(CultureInfo.InvariantCulture, $"?{index + 1}");

    /// <summary>Stores <paramref name="properties"/> of <paramref name="rows"/>, found by their single-column key.</summary>
    public static async Task UpdateAsync<T>(BeaconDb db, IReadOnlyList<T> rows, IReadOnlyList<string> properties, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableOf(db, typeof(T));
        var key = table.Key ?? throw new InvalidOperationException($"{typeof(T).Name} has no single-column key to update rows by.");
        var set = properties.Select(p => table.Columns.Single(c => c.Property.Name == p)).ToList();
        if (db.IsSqlite)
        {
            // In-process: one prepared statement run per row costs less than a join, which SQLite may plan as a scan.
            if (!table.Positional)
            {
                throw new InvalidOperationException($"{typeof(T).Name} has a column whose values are not bound by position (SqlitePositionalStatement.Binds).");
            }

            using var statement = SqlitePositionalStatement.Prepare(db,
                $"UPDATE {table.Name} SET {string.Join(", ", set.Select((c, i) => $"{c.Name} = {Position(i + 1)}"))} WHERE {key.Name} = ?1");
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                statement.Bind(1, key.ProviderValueOf(row));
                for (var i = 0; i < set.Count; i++)
                {
                    statement.Bind(i + 2, set[i].ProviderValueOf(row));
                }

                statement.Run();
            }

            return;
        }

        // PostgreSQL names the columns of VALUES column1, column2 …: the key first, then the values to set.
        var assignments = string.Join(", ", set.Select((c, i) => $"{c.Name} = v.column{i + 2}"));
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            await using var command = db.NewCommand();
            var sql = new StringBuilder($"UPDATE {table.Name} SET {assignments} FROM (VALUES ");
            for (var r = 0; r < count; r++)
            {
                var row = rows[start + r];
                sql.Append(r == 0 ? "(" : ",(").Append(CultureInfo.InvariantCulture, $"@k{r}");
                Bind(command, key, $"@k{r}", row);
                for (var i = 0; i < set.Count; i++)
                {
                    sql.Append(CultureInfo.InvariantCulture, $",@p{r}_{i}");
                    Bind(command, set[i], $"@p{r}_{i}", row);
                }

                sql.Append(')');
            }

            sql.Append(CultureInfo.InvariantCulture, $") AS v WHERE {table.Name}.{key.Name} = v.column1");
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static void Bind(DbCommand command, Column column, string name, object row) => command.Parameters.Add(Parameter(command, column, name, row));

    /// <summary>A parameter holding <paramref name="row"/>'s value of <paramref name="column"/>, as EF would store it (value converters included).</summary>
    private static DbParameter Parameter(DbCommand factory, Column column, string name, object row) =>
        column.Mapping.CreateParameter(factory, name, column.ValueOf(row), column.Property.IsNullable);

    private static Table TableOf(BeaconDb db, Type type) => Tables.GetOrAdd((db.Model, type), static (k, db) =>
    {
        var entity = db.Model.FindEntityType(k.Item2) ?? throw new InvalidOperationException($"{k.Item2.Name} is not in the model.");
        if (entity.GetTableName() is not { } tableName)
        {
            return new Table(k.Item2.Name, [], null, Plain: false);
        }

        var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = entity.GetFlattenedProperties().ToList();
        var columns = properties
            .Select(p => new Column(p, sql.DelimitIdentifier(p.GetColumnName(store)!), p.GetRelationalTypeMapping())).ToList();
        var plain = properties.All(p => !p.IsShadowProperty() && p.ValueGenerated == ValueGenerated.Never)
            && entity.GetComplexProperties().All(c => !c.IsNullable && !c.IsCollection)
            && !entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
            && entity.BaseType is null && !entity.GetDirectlyDerivedTypes().Any();
        var key = entity.FindPrimaryKey()?.Properties is [var single] ? columns.Single(c => c.Property == single) : null;
        return new Table(sql.DelimitIdentifier(tableName, entity.GetSchema()), columns, key, plain)
        {
            Positional = db.IsSqlite && columns.All(BindsByPosition),
        };
    }, db);

    /// <summary>Whether <paramref name="column"/>'s values can be bound by position (SQLite): its provider type and the parameter its mapping makes.</summary>
    private static bool BindsByPosition(Column column)
    {
        using var factory = new Microsoft.Data.Sqlite.SqliteCommand();
        var parameter = (Microsoft.Data.Sqlite.SqliteParameter)column.Mapping.CreateParameter(factory, "@p", null, nullable: true);
        return SqlitePositionalStatement.Binds(ProviderType(column), parameter.SqliteType);
    }

    /// <summary>Whether <paramref name="type"/> has the shape of a plain row, whatever its column types (for tests).</summary>
    internal static bool HasPlainShape(BeaconDb db, Type type) => TableOf(db, type).Plain;

    /// <summary>
    /// The columns of <paramref name="type"/>'s table: name, the type its values reach the database as, its mapping and
    /// whether it is bound by position on SQLite (for tests).
    /// </summary>
    internal static IReadOnlyList<(string Name, Type ProviderType, RelationalTypeMapping Mapping, bool Positional)> ColumnsOf(BeaconDb db, Type type) =>
        [.. TableOf(db, type).Columns.Select(c => (c.Name, ProviderType(c), c.Mapping, BindsByPosition(c)))];

    private static Type ProviderType(Column column) => column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType;

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping)
    {
        /// <summary>The entity's own (CLR) value of this column, reached through a complex property where there is one.</summary>
        public object? ValueOf(object row) => Property.GetGetter().GetClrValueUsingContainingEntity(row);

        /// <summary>The value as it goes to the database: <see cref="ValueOf"/> through the mapping's converter, if any.</summary>
        public object? ProviderValueOf(object row)
        {
            var value = ValueOf(row);
            return value is not null && Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }

    private sealed record Table(string Name, IReadOnlyList<Column> Columns, Column? Key, bool Plain)
    {
        /// <summary>SQLite: every column's values can be bound by position (<see cref="SqlitePositionalStatement"/>).</summary>
        public bool Positional { get; init; }

        public string ColumnList { get; } = string.Join(", ", Columns.Select(c => c.Name));

        public string InsertHead { get; } = $"INSERT INTO {Name} ({string.Join(", ", Columns.Select(c => c.Name))}) VALUES ";

    }
}
