using Beacon.Platform.Jurisdictions;

namespace Beacon.Platform.Units;

/// <summary>What a unit (单位) is within its jurisdiction.</summary>
public enum UnitKind
{
    /// <summary>Government emergency office / general duty room (应急办 / 总值班室).</summary>
    DutyRoom = 1,

    /// <summary>Emergency management department (应急管理局/厅).</summary>
    EmergencyManagement = 2,

    /// <summary>Line department (委办厅局).</summary>
    LineDepartment = 3,

    /// <summary>Coordination partner: military unit, enterprise, social organisation.</summary>
    Partner = 4,
}

/// <summary>A unit (单位) inside a jurisdiction; every account belongs to one.</summary>
public sealed class Unit
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid JurisdictionId { get; set; }

    public Jurisdiction? Jurisdiction { get; set; }

    public string Name { get; set; } = "";

    public UnitKind Kind { get; set; }

    /// <summary>Duty phone (值班电话).</summary>
    public string? DutyPhone { get; set; }

    public string? Fax { get; set; }

    public string? Address { get; set; }

    public bool IsRetired { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>The unit this one was merged into; its records keep pointing here for history.</summary>
    public Guid? MergedIntoId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Concurrency version, exposed as the ETag.</summary>
    public int Version { get; set; } = 1;

    public List<UnitNameChange> NameHistory { get; set; } = [];

    public void Rename(string newName, DateTimeOffset at)
    {
        if (newName == Name)
        {
            return;
        }

        NameHistory.Add(new UnitNameChange { UnitId = Id, OldName = Name, NewName = newName, ChangedAt = at });
        Name = newName;
    }
}

/// <summary>One rename of a unit, kept so old documents still resolve to the unit's former name.</summary>
public sealed class UnitNameChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UnitId { get; set; }

    public string OldName { get; set; } = "";

    public string NewName { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }
}
