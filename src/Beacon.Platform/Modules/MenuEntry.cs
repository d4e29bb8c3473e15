namespace Beacon.Platform.Modules;

/// <summary>
/// A menu entry a module contributes, so the menu shows only what exists. <see cref="TitleKey"/> is a key in
/// the module's resources (<see cref="Resources"/>, set from <see cref="BeaconModule.Resources"/>; the kernel's
/// own entries use the shared resources); <see cref="Roles"/> empty means every signed-in user. An entry that leads to
/// an action names its <see cref="Permission"/> instead, so the menu offers it to exactly those who may take it.
/// </summary>
public sealed record MenuEntry(string Group, string TitleKey, string Href, string Icon, int Order, params string[] Roles)
{
    /// <summary>The marker type of the resources holding <see cref="TitleKey"/>; null for the kernel's shared resources.</summary>
    public Type? Resources { get; init; }

    /// <summary>The action the entry leads to; when set, it decides visibility (its roles) instead of <see cref="Roles"/>.</summary>
    public Permissions.Permission? Permission { get; init; }

    public bool IsVisibleTo(System.Security.Claims.ClaimsPrincipal user) =>
        Permission is { } permission ? permission.Roles.Any(user.IsInRole) : Roles.Length == 0 || Roles.Any(user.IsInRole);

    /// <summary>The title in the current language, from the module's resources or, for the kernel's entries, the shared ones.</summary>
    public string Title(Microsoft.Extensions.Localization.IStringLocalizerFactory localizers, Microsoft.Extensions.Localization.IStringLocalizer shared) =>
        Resources is null ? shared[TitleKey] : localizers.Create(Resources)[TitleKey];
}
