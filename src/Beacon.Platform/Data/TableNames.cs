using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Beacon.Platform.Data;

/// <summary>
/// The delimited, schema-qualified name of an entity's table for hand-written SQL (<c>"incidents"."incidents"</c> on
/// PostgreSQL, <c>"incidents_incidents"</c> on SQLite): a module's tables live in its schema or under its prefix
/// (<see cref="BeaconModelExtension"/>), so SQL never spells a table name itself.
/// </summary>
public static class TableNames
{
    public static string TableOf<T>(this DbContext db) => TableOf(db, typeof(T));

    public static string TableOf(this DbContext db, Type entity)
    {
        var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity.Name} is not in the model.");
        return db.GetService<ISqlGenerationHelper>().DelimitIdentifier(type.GetTableName()!, type.GetSchema());
    }
}
