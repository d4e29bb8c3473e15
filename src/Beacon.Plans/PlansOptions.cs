namespace Beacon.Plans;

/// <summary>Configuration <c>Beacon:Plans</c>: review cycle and warning windows.</summary>
public sealed class PlansOptions
{
    public const string Section = "Beacon:Plans";

    /// <summary>Default review cycle (评估周期) in months for plans without their own: 36 (about every 3 years).</summary>
    public int ReviewCycleMonths { get; set; } = 36;

    /// <summary>How many days before its due date a review is listed as due soon.</summary>
    public int DueSoonDays { get; set; } = 90;

    /// <summary>How often (seconds, on the injected clock) the scheduler looks for drill injects that are due.</summary>
    public int InjectPollSeconds { get; set; } = 15;
}
