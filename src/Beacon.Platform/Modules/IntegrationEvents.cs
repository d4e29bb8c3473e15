using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beacon.Platform.Modules;

/// <summary>
/// Names an integration event for good: <see cref="Name"/> (<c>module.thing-happened</c>) and <see cref="Version"/> say
/// what its fields mean, for the modules of this instance and, later, for the Beacon instances at the other levels
/// (互联互通). A change of meaning is a new version; a field may be added without one.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class IntegrationEventAttribute(string name, int version) : Attribute
{
    public string Name { get; } = name;

    public int Version { get; } = version;
}

/// <summary>
/// Something a module did that others may act on, published only after the change is committed. <see cref="Id"/> is
/// unique for ever (receivers deduplicate by it); <see cref="JurisdictionId"/> is the jurisdiction the record belongs to,
/// so a receiver can keep to its scope. Each concrete event carries <see cref="IntegrationEventAttribute"/>.
/// </summary>
public abstract record IntegrationEvent(Guid JurisdictionId, DateTimeOffset OccurredAt)
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public string Name => Describe(GetType()).Name;

    public int Version => Describe(GetType()).Version;

    public static IntegrationEventAttribute Describe(Type type) =>
        type.GetCustomAttribute<IntegrationEventAttribute>()
        ?? throw new InvalidOperationException($"{type.Name} needs [IntegrationEvent(name, version)].");
}

/// <summary>A module's reaction to another module's event (registered as a singleton; runs after the publisher's commit).</summary>
public interface IIntegrationEventHandler<in T>
    where T : IntegrationEvent
{
    Task HandleAsync(T e, CancellationToken ct);
}

/// <summary>
/// Publishes integration events in this process, after commit, to every registered handler of the event's type.
/// Delivery is best effort and at most once per node (a handler's failure is logged and never reaches the publisher,
/// whose change is already committed); a reader that must not miss anything also reads the publisher's contract
/// queries. Cross-instance delivery will go through the outbox (decision 0012).
/// </summary>
public sealed class IntegrationEvents(IServiceProvider services, ILogger<IntegrationEvents> logger)
{
    public async Task PublishAsync<T>(T e, CancellationToken ct = default)
        where T : IntegrationEvent
    {
        foreach (var handler in services.GetServices<IIntegrationEventHandler<T>>())
        {
            try
            {
                await handler.HandleAsync(e, ct);
            }
#pragma warning disable CA1031 // The change is committed: a failing reader is logged, never turned into the publisher's error.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                logger.LogWarning(failure, "A handler of {Event} v{Version} ({Id}) failed", e.Name, e.Version, e.Id);
            }
        }
    }
}
