using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Beacon.Incidents.Incidents;

/// <summary>
/// The last incident number given per unit and year (事件编号计数), e.g. prefix <c>150203-2026-</c> → 42. One row
/// per prefix, incremented inside the transaction that stores the incident: concurrent first reports of one
/// unit wait for each other's row lock (PostgreSQL) or write lock (SQLite) and get distinct, consecutive numbers.
/// </summary>
internal sealed class IncidentNumberCounter
{
    public string Prefix { get; set; } = "";

    public int Last { get; set; }
}

internal static class IncidentNumbers
{
    /// <summary>
    /// Takes the next number of <paramref name="prefix"/>; must run inside the saving transaction so a rollback
    /// gives the number back. A prefix seen for the first time starts after the highest number already stored
    /// (databases from before the counter existed).
    /// </summary>
    public static async Task<string> NextAsync(BeaconDb db, string prefix, CancellationToken ct)
    {
        // The common case touches the counter row only, as one plain statement (this runs for every first report,
        // inside the one-writer section on SQLite); the highest stored number is looked up (a scan of the unit's
        // incidents) just once per new prefix.
        await using (var bump = db.Database.GetDbConnection().CreateCommand())
        {
            bump.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            bump.CommandText = """UPDATE incident_number_counters SET "Last" = "Last" + 1 WHERE "Prefix" = @prefix RETURNING "Last" """;
            var parameter = bump.CreateParameter();
            parameter.ParameterName = "@prefix";
            parameter.Value = prefix;
            bump.Parameters.Add(parameter);
            if (await bump.ExecuteScalarAsync(ct) is { } last and not DBNull)
            {
                return $"{prefix}{Convert.ToInt32(last, System.Globalization.CultureInfo.InvariantCulture):D4}";
            }
        }

        var start = prefix.Length + 1;
        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO incident_number_counters ("Prefix", "Last")
            VALUES ({prefix}, 1 + COALESCE((SELECT MAX(CAST(substr("Number", {start}) AS INTEGER)) FROM incidents WHERE substr("Number", 1, {prefix.Length}) = {prefix}), 0))
            ON CONFLICT ("Prefix") DO UPDATE SET "Last" = incident_number_counters."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct);
        return $"{prefix}{next[0]:D4}";
    }
}
