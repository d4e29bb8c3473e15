namespace Beacon.Plans;

/// <summary>
/// Stable codes of the refusals of the plans module; each has its text <c>Error.&lt;code&gt;</c> in PlansResource
/// (zh-CN and en-US). A published code never changes.
/// </summary>
public static class PlansErrors
{
    /// <summary>403: the caller belongs to no unit.</summary>
    public const string NoUnit = "plan.no-unit";

    /// <summary>404: no such plan visible to the caller.</summary>
    public const string NotFound = "plan.not-found";

    /// <summary>An activation criteria rule does not parse.</summary>
    public const string CriteriaUnparsable = "plan.criteria.unparsable";

    /// <summary>A response level has no command group.</summary>
    public const string LevelWithoutGroups = "plan.level.no-groups";

    /// <summary>A response level appears twice.</summary>
    public const string LevelDuplicate = "plan.level.duplicate";

    /// <summary>A command group names no member unit.</summary>
    public const string GroupWithoutUnits = "plan.group.no-units";

    /// <summary>A member unit is not an active unit in the caller's scope.</summary>
    public const string GroupUnitsUnknown = "plan.group.units-unknown";

    /// <summary>Two versions of the plan are in force on the same day.</summary>
    public const string VersionsOverlap = "plan.versions.overlap";

    /// <summary>A version ends before it starts.</summary>
    public const string VersionPeriod = "plan.version.period";

    /// <summary>An event type code is not of the form 11B03.</summary>
    public const string EventTypeFormat = "plan.event-type.format";

    /// <summary>A special plan (专项预案) names no event type.</summary>
    public const string EventTypesRequired = "plan.event-types.required";

    /// <summary>A plan in force has no response level.</summary>
    public const string LevelsRequired = "plan.levels.required";

    /// <summary>The last review date lies in the future.</summary>
    public const string ReviewedInFuture = "plan.reviewed-on.in-future";

    /// <summary>404: no such incident visible to the caller.</summary>
    public const string IncidentNotFound = "plan.incident.not-found";

    /// <summary>The plan is not in force, or does not apply to the incident's jurisdiction.</summary>
    public const string PlanNotApplicable = "plan.activation.not-applicable";

    /// <summary>The plan has no such response level.</summary>
    public const string LevelUnknown = "plan.activation.level-unknown";

    /// <summary>409: the plan is already active on the incident.</summary>
    public const string AlreadyActive = "plan.activation.already-active";

    /// <summary>404: no such activation visible to the caller.</summary>
    public const string ActivationNotFound = "plan.activation.not-found";

    /// <summary>409: the response is already terminated.</summary>
    public const string ActivationTerminated = "plan.activation.terminated";

    /// <summary>The new level is the current one.</summary>
    public const string LevelUnchanged = "plan.activation.level-unchanged";

    /// <summary>404: no such task visible to the caller.</summary>
    public const string TaskNotFound = "plan.task.not-found";

    /// <summary>403: the task belongs to another unit.</summary>
    public const string TaskNotYours = "plan.task.not-yours";

    /// <summary>409: the task is already signed for.</summary>
    public const string TaskAlreadySigned = "plan.task.already-signed";

    /// <summary>A drill names no participating unit.</summary>
    public const string DrillParticipantsRequired = "drill.participants.required";

    /// <summary>A participant is not an active unit in the caller's scope.</summary>
    public const string DrillParticipantsUnknown = "drill.participants.unknown";

    /// <summary>The organiser's own unit is a participant of its double-blind drill.</summary>
    public const string DrillOrganiserParticipates = "drill.participants.organiser";

    /// <summary>An exercised plan is not visible to the caller.</summary>
    public const string DrillPlansUnknown = "drill.plans.unknown";

    /// <summary>A drill has no scenario inject.</summary>
    public const string DrillInjectsRequired = "drill.injects.required";

    /// <summary>An inject's time falls outside the drill's window.</summary>
    public const string DrillInjectTime = "drill.inject.time";

    /// <summary>The drill's window ends before it starts or starts in the past.</summary>
    public const string DrillPeriod = "drill.period";

    /// <summary>404: no such drill visible to the caller.</summary>
    public const string DrillNotFound = "drill.not-found";

    /// <summary>A plan type the cycles page does not know.</summary>
    public const string CycleTypeUnknown = "plan.cycle.type-unknown";

    /// <summary>409: the task is already done.</summary>
    public const string TaskAlreadyDone = "plan.task.already-done";

    /// <summary>409: the drill has not taken place yet (its window is not over, or no inject arrived): nothing to evaluate.</summary>
    public const string DrillNotHeld = "drill.evaluation.not-held";

    /// <summary>A scoring template is not visible to the caller.</summary>
    public const string TemplateUnknown = "drill.template.unknown";

    /// <summary>A scoring template has no item.</summary>
    public const string TemplateItemsRequired = "drill.template.items.required";

    /// <summary>A scoring item has no name, or a maximum score or weight out of range (1–1000, 1–100).</summary>
    public const string TemplateItem = "drill.template.item";

    /// <summary>A score sheet does not give one score per item of the template.</summary>
    public const string ScoresCount = "drill.scores.count";

    /// <summary>A score lies below 0 or above its item's maximum.</summary>
    public const string ScoreRange = "drill.score.range";

    /// <summary>A score sheet names a unit that is not a participant, or a unit (or the overall sheet) twice.</summary>
    public const string SheetUnit = "drill.sheet.unit";

    /// <summary>A finding names a unit that is not a participant of the drill.</summary>
    public const string FindingUnit = "drill.finding.unit";

    /// <summary>A finding to become a plan revision task names no plan the drill exercised.</summary>
    public const string FindingPlan = "drill.finding.plan";

    /// <summary>A revision task's or follow-up action's owner is not an active unit in the caller's scope.</summary>
    public const string RevisionOwner = "plan.revision.owner";

    /// <summary>A revision task's or follow-up action's due date is missing or in the past.</summary>
    public const string RevisionDue = "plan.revision.due";

    /// <summary>404: no such revision task visible to the caller.</summary>
    public const string RevisionNotFound = "plan.revision.not-found";

    /// <summary>409: the revision task is already done.</summary>
    public const string RevisionDone = "plan.revision.done";

    /// <summary>The coverage window is not between 1 and 10 years.</summary>
    public const string CoverageWindow = "plan.coverage.window";
}
