namespace Beacon.Migrations.Sqlite;

/// <summary>Registers the model of every business module, so migrations cover the whole database.</summary>
internal static class ModuleModels
{
    public static void Register()
    {
        // Every business module with tables registers here, so its migrations are part of this assembly.
        Beacon.Platform.Data.BeaconModules.RegisterModel(typeof(Beacon.Incidents.IncidentsModule).Assembly);
        Beacon.Platform.Data.BeaconModules.RegisterModel(typeof(Beacon.Warnings.WarningsModule).Assembly);
    }
}
