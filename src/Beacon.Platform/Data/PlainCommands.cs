using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Beacon.Platform.Data;

/// <summary>The few plain commands of hot paths (plain rows, counters, the chain head, key lookups).</summary>
public static class PlainCommands
{
    /// <summary>A command on <paramref name="db"/>'s connection, in its current transaction if there is one.</summary>
    public static DbCommand NewCommand(this BeaconDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    /// <summary>Adds the parameter <paramref name="name"/> with <paramref name="value"/>; returns the command.</summary>
    public static DbCommand WithParameter(this DbCommand command, string name, object value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in order on <paramref name="db"/>'s connection and current transaction, then gives
    /// each its row count (<see cref="SaveStatement.CheckRows"/>, in order). On PostgreSQL several go in one batch: one round
    /// trip, the statements still run one after another in the transaction. SQLite is in process: one command each.
    /// </summary>
    public static async Task RunAsync(this BeaconDb db, IReadOnlyList<SaveStatement> statements, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(statements);
        if (db.IsSqlite || statements.Count == 1)
        {
            await using var command = db.NewCommand();
            foreach (var statement in statements)
            {
                command.CommandText = statement.Sql;
                command.Parameters.Clear();
                foreach (var (name, value) in statement.Parameters)
                {
                    command.WithParameter(name, value);
                }

                statement.CheckRows(await command.ExecuteNonQueryAsync(ct));
            }

            return;
        }

        var connection = db.Database.GetDbConnection();
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var factory = connection.CreateCommand();
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, value) in statement.Parameters)
            {
                var parameter = factory.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
        for (var i = 0; i < statements.Count; i++)
        {
            statements[i].CheckRows(batch.BatchCommands[i].RecordsAffected);
        }
    }
}

/// <summary>
/// One statement run before a save (<see cref="BeaconDb.BeforeSave(SaveStatement)"/>): its SQL, its parameters by name,
/// and what to do with the number of rows it changed (throw to fail the save).
/// </summary>
public sealed record SaveStatement(string Sql, IReadOnlyList<(string Name, object Value)> Parameters, Action<int> CheckRows);
