using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore.Design;

namespace Beacon.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BeaconDb>
{
    public BeaconDb CreateDbContext(string[] args)
    {
        var options = DatabaseSetup.Build(
            new DatabaseOptions { Provider = "Sqlite", ConnectionString = "Data Source=design-time.db" }, Path.GetTempPath(), Beacon.Modules.ModuleCatalog.All);
        return new BeaconDb(options, Actor.System, TimeProvider.System);
    }
}
