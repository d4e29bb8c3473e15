namespace Beacon.Platform.Permissions;

/// <summary>
/// A named action a person may take (签收, 转报上级, 签发 …): a stable <see cref="Code"/> that refusals name, the
/// <see cref="Roles"/> that hold it, and the key of its title in the declaring module's resources. A module
/// declares its permissions as static fields of one class (<c>IncidentPermissions</c>) and registers that class
/// with <see cref="PermissionRegistration.AddPermissions"/>; pages and endpoints ask <see cref="PermissionCheck"/>,
/// never the roles themselves.
/// </summary>
public sealed class Permission
{
    public Permission(string code, Type resource, string titleKey, params string[] roles)
    {
        Code = code;
        Resource = resource;
        TitleKey = titleKey;
        Roles = roles;
    }

    /// <summary>Stable identifier (<c>incident.sign</c>): API answers and the audit trail carry it; never reworded.</summary>
    public string Code { get; }

    /// <summary>The resource class (resx) that holds <see cref="TitleKey"/>.</summary>
    public Type Resource { get; }

    public string TitleKey { get; }

    /// <summary>The roles that hold it unless configuration says otherwise (<see cref="PermissionOptions"/>).</summary>
    public IReadOnlyList<string> Roles { get; }

    public override string ToString() => Code;
}

/// <summary>
/// Configured holders of permissions (<c>Beacon:Permissions:Roles:&lt;code&gt;</c>, an array of role names),
/// replacing a permission's default roles. Modules with older role settings map them here.
/// </summary>
public sealed class PermissionOptions
{
    public const string Section = "Beacon:Permissions";

    public Dictionary<string, List<string>> Roles { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Thrown by <see cref="PermissionCheck.DemandAsync(Permission, object?, CancellationToken)"/>; the API answers it with 403 <c>permission.denied</c>.</summary>
public sealed class PermissionDeniedException(Permission permission)
    : Exception($"The permission '{permission.Code}' is needed for this.")
{
    public Permission Permission { get; } = permission;
}
