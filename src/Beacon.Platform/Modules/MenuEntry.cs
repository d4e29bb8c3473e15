namespace Beacon.Platform.Modules;

/// <summary>
/// A menu entry a module contributes, so the menu shows only what exists. <see cref="TitleKey"/> is a key in
/// the module's resources (<see cref="Resources"/>, set from <see cref="BeaconModule.Resources"/>; the kernel's
/// own entries use the shared resources); <see cref="Roles"/> empty means every signed-in user.
/// </summary>
public sealed record MenuEntry(string Group, string TitleKey, string Href, string Icon, int Order, params string[] Roles)
{
    /// <summary>The marker type of the resources holding <see cref="TitleKey"/>; null for the kernel's shared resources.</summary>
    public Type? Resources { get; init; }

    public bool IsVisibleTo(System.Security.Claims.ClaimsPrincipal user) =>
        Roles.Length == 0 || Roles.Any(user.IsInRole);
}
