using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore.Design;

namespace Beacon.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BeaconDb>
{
    public BeaconDb CreateDbContext(string[] args)
    {
        var options = DatabaseSetup.Build(
            new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=localhost;Database=beacon_design" }, Path.GetTempPath(), Beacon.Modules.ModuleCatalog.All);
        return new BeaconDb(options, Actor.System, TimeProvider.System);
    }
}
