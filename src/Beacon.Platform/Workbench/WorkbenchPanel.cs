namespace Beacon.Platform.Workbench;

/// <summary>
/// A panel a module adds beside the to-do items (who is on duty, current warnings, today's counters). Register as a
/// singleton: <c>services.AddSingleton(new WorkbenchPanel(typeof(MyPanel), 20))</c>.
/// </summary>
/// <param name="Component">A Razor component. It may declare <c>[Parameter] public int Revision { get; set; }</c>: the
/// workbench increases it whenever <see cref="WorkbenchSignal"/> reports a change the viewer may see, so the panel
/// reloads then. The panel reads through its module's scoped handlers, like any page.</param>
/// <param name="Order">Position among panels, lower first.</param>
public sealed record WorkbenchPanel(Type Component, int Order);
