namespace Beacon.Incidents.Classification;

/// <summary>The four classes of emergencies (突发事件类别).</summary>
public enum EventClass
{
    /// <summary>Natural disaster (自然灾害).</summary>
    NaturalDisaster = 1,

    /// <summary>Accident (事故灾难).</summary>
    Accident = 2,

    /// <summary>Public health event (公共卫生事件).</summary>
    PublicHealth = 3,

    /// <summary>Social security event (社会安全事件).</summary>
    SocialSecurity = 4,
}

/// <summary>
/// A node of the event classification tree (突发事件分类, after GB/T 35561-2017): a class, or a type under it.
/// The tree is data: administrators add or retire types without a release.
/// </summary>
public sealed class EventType
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Code as used in practice, e.g. <c>11B03</c> (暴雨); classes are <c>1</c>–<c>4</c>.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string? NameEn { get; set; }

    public EventClass Class { get; set; }

    public string? ParentCode { get; set; }

    public bool IsActive { get; set; } = true;

    public int SortOrder { get; set; }
}
