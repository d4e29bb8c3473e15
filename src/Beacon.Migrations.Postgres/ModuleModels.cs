namespace Beacon.Migrations.Postgres;

/// <summary>Registers the model of every business module, so migrations cover the whole database.</summary>
internal static class ModuleModels
{
    public static void Register()
    {
        // Business modules register here as they are added, e.g. BeaconModules.RegisterModel(typeof(IncidentsModule).Assembly).
    }
}
