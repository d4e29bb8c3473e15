namespace Beacon.Platform.Seeding;

/// <summary>
/// A module's start-up seed (code lists, default rules), run after the kernel's seed on every start.
/// Must be idempotent: it adds what is missing and never overwrites what administrators changed.
/// </summary>
public interface IModuleSeed
{
    Task SeedAsync(bool demo, CancellationToken ct);
}
