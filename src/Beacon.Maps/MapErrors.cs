namespace Beacon.Maps;

/// <summary>
/// Stable codes (<c>module.subject.reason</c>) of the refusals of the one map. Each is given in the ProblemDetails as
/// <c>code</c>; its text is <c>Error.&lt;code&gt;</c> in MapsResource (zh-CN and en-US). A published code never changes.
/// </summary>
public static class MapErrors
{
    /// <summary>The layer asked for is not one the modules registered.</summary>
    public const string LayerUnknown = "map.layer.unknown";

    /// <summary>The bounding box is not four numbers west,south,east,north with west &lt; east and south &lt; north within ±180/±90.</summary>
    public const string BoxInvalid = "map.bbox.invalid";

    /// <summary>The period ends before it starts.</summary>
    public const string PeriodInvalid = "map.period.invalid";

    /// <summary>At most 10,000 features are asked for at once.</summary>
    public const string TakeInvalid = "map.take.invalid";

    /// <summary>The clusters switch is not true or false.</summary>
    public const string ClustersInvalid = "map.clusters.invalid";
}
