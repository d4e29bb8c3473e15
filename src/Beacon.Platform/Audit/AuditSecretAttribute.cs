namespace Beacon.Platform.Audit;

/// <summary>
/// Marks a property whose value the audit trail must never hold (a shared secret, a key): its changes are recorded as
/// <c>***</c> or <c>{ changed: true }</c>. Modules mark their own secrets with it; the kernel knows none of them by name.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class AuditSecretAttribute : Attribute
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<System.Reflection.PropertyInfo, bool> Marked = new();

    /// <summary>Whether <paramref name="property"/> carries the attribute (cached: it is asked for every property of every save).</summary>
    public static bool IsOn(System.Reflection.PropertyInfo? property) =>
        property is not null && Marked.GetOrAdd(property, p => p.IsDefined(typeof(AuditSecretAttribute), true));
}
