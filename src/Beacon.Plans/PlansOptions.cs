using Beacon.Plans.Plans;

namespace Beacon.Plans;

/// <summary>
/// Configuration <c>Beacon:Plans</c>: the default review and drill cycles and warning windows. The cycles of a plan type
/// changed on the cycles page (<c>/plans/cycles</c>, stored as <see cref="Plans.Cycles.PlanCycle"/>) take precedence.
/// </summary>
public sealed class PlansOptions
{
    public const string Section = "Beacon:Plans";

    /// <summary>Default review cycle (评估周期) in months for plans without their own: 36 (about every 3 years).</summary>
    public int ReviewCycleMonths { get; set; } = 36;

    /// <summary>
    /// Default drill cycle (演练周期) in months per plan type; a type without one is not drilled on a cycle. Special and
    /// departmental plans are drilled at least every 3 years (2013 measures, kept in 2024); the overall, local and
    /// catastrophe plans are held to the same; a unit's or enterprise's plan every year (生产安全事故应急条例); a major
    /// event's plan is drilled before its event, not on a cycle.
    /// </summary>
    public Dictionary<PlanType, int> DrillCycleMonths { get; set; } = new()
    {
        [PlanType.Overall] = 36,
        [PlanType.Special] = 36,
        [PlanType.Departmental] = 36,
        [PlanType.Local] = 36,
        [PlanType.Unit] = 12,
        [PlanType.Catastrophe] = 36,
    };

    /// <summary>How many days before its due date a review or a drill is listed as due soon.</summary>
    public int DueSoonDays { get; set; } = 90;

    /// <summary>How many days before its due date a revision task or follow-up action is listed as due soon.</summary>
    public int RevisionDueSoonDays { get; set; } = 14;

    /// <summary>
    /// The coverage window (演练覆盖率) in years: a special or departmental plan counts as drilled when a drill of it took
    /// place within this many years before today. 3 by the 2013 measures (kept in 2024); a page may ask for another.
    /// </summary>
    public int CoverageYears { get; set; } = 3;

    /// <summary>How often (seconds, on the injected clock) the scheduler looks for drill injects that are due.</summary>
    public int InjectPollSeconds { get; set; } = 15;
}
