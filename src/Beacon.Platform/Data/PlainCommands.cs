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
}
