namespace Beacon.Platform.Jurisdictions;

/// <summary>Tier of a jurisdiction (行政区划层级).</summary>
public enum JurisdictionLevel
{
    /// <summary>Region (自治区), province level.</summary>
    Region = 1,

    /// <summary>Prefecture (盟 / 市).</summary>
    Prefecture = 2,

    /// <summary>County (旗 / 县 / 区 / 县级市).</summary>
    County = 3,

    /// <summary>Functional area (开发区 / 管理区) with a statistical code but no GB/T 2260 code.</summary>
    FunctionalArea = 4,
}

/// <summary>A jurisdiction (行政区划) identified by its GB/T 2260 code.</summary>
public sealed class Jurisdiction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Six-digit GB/T 2260 code, or the statistical code of a functional area.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public JurisdictionLevel Level { get; set; }

    /// <summary>Kind as the code list names it: 自治区, 地级市, 盟, 市辖区, 县, 县级市, 旗, 自治旗, 功能区.</summary>
    public string Kind { get; set; } = "";

    public Guid? ParentId { get; set; }

    public Jurisdiction? Parent { get; set; }

    /// <summary>Codes from the root down to this one, separated by '/', for ordering and display.</summary>
    public string Path { get; set; } = "";

    public bool IsRetired { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    public int Version { get; set; } = 1;

    public bool IsAdministrative => Level != JurisdictionLevel.FunctionalArea;
}
