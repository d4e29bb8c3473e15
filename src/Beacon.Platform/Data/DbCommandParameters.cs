using System.Data.Common;

namespace Beacon.Platform.Data;

/// <summary>Named parameters on the few plain commands of hot paths (counters, the chain head, key lookups).</summary>
public static class DbCommandParameters
{
    /// <summary>Adds the parameter <paramref name="name"/> with <paramref name="value"/>; returns the command.</summary>
    public static DbCommand WithParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }
}
