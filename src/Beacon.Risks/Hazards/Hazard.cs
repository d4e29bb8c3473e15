using Beacon.Risks.Grading;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Risks.Hazards;

/// <summary>How a hazard's place is drawn: a point (a tank farm), a line (a gas pipeline) or an area (a fire-risk zone).</summary>
public enum LocationKind
{
    Point = 1,
    Line = 2,
    Area = 3,
}

/// <summary>Where a hazard stands in its life.</summary>
public enum HazardStatus
{
    /// <summary>Registered and controlled (在控).</summary>
    Active = 1,

    /// <summary>A rectification is open on it (整改中).</summary>
    Rectifying = 2,

    /// <summary>Eliminated or closed (已销号).</summary>
    Closed = 3,
}

/// <summary>How an assessment was made.</summary>
public enum AssessmentMethod
{
    /// <summary>风险矩阵法 R = L × S.</summary>
    Matrix = 1,

    /// <summary>危险化学品重大危险源分级 R = α·Σβq/Q (GB 18218).</summary>
    MajorHazard = 2,
}

/// <summary>
/// A hazard site or installation (风险隐患点): its kind, owner (enterprise or unit), responsible department, jurisdiction
/// and place, with its current risk from the latest assessment.
/// </summary>
public sealed class Hazard
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public string KindCode { get; set; } = "";

    /// <summary>The enterprise or unit that owns it (责任主体).</summary>
    public string Owner { get; set; } = "";

    /// <summary>The department that supervises it (监管部门).</summary>
    public string ResponsibleDepartment { get; set; } = "";

    public Guid JurisdictionId { get; set; }

    public Guid UnitId { get; set; }

    public LocationKind LocationKind { get; set; }

    /// <summary>The vertices as <c>lng,lat;lng,lat…</c> (WGS-84); one pair for a point.</summary>
    public string Coordinates { get; set; } = "";

    /// <summary>The representative point (the point, or the first vertex) for the map.</summary>
    public double Longitude { get; set; }

    public double Latitude { get; set; }

    public string? Description { get; set; }

    public HazardStatus Status { get; set; } = HazardStatus.Active;

    /// <summary>The level of the latest assessment; null until assessed.</summary>
    public RiskLevel? Level { get; set; }

    /// <summary>The major-hazard grade (1–4) of the latest assessment by that method.</summary>
    public int? MajorGrade { get; set; }

    public double? RiskValue { get; set; }

    public DateTimeOffset? AssessedAt { get; set; }

    public string? ControlMeasures { get; set; }

    public string? ResponsiblePerson { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; } = 1;

    public List<HazardAssessment> Assessments { get; set; } = [];
}

/// <summary>One assessment (评估) of a hazard, kept for its history: method, inputs, result, measures, assessor and date.</summary>
public sealed class HazardAssessment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid HazardId { get; set; }

    public AssessmentMethod Method { get; set; }

    public int? Likelihood { get; set; }

    public int? Severity { get; set; }

    public int? PeopleWithin500m { get; set; }

    public double? Alpha { get; set; }

    /// <summary>The substances as <c>name:tonnes/Q×β</c> lines, as they were at the time.</summary>
    public string? Substances { get; set; }

    public double RiskValue { get; set; }

    public RiskLevel Level { get; set; }

    public int? MajorGrade { get; set; }

    /// <summary>The version of the matrix bands it was graded with.</summary>
    public int BandsVersion { get; set; }

    public string ControlMeasures { get; set; } = "";

    public string ResponsiblePerson { get; set; } = "";

    public string AssessedBy { get; set; } = "";

    public DateTimeOffset AssessedAt { get; set; }
}

internal sealed class HazardConfiguration : IEntityTypeConfiguration<Hazard>
{
    public void Configure(EntityTypeBuilder<Hazard> b)
    {
        b.ToTable("hazards");
        b.HasIndex(h => new { h.JurisdictionId, h.Level });
        b.HasIndex(h => h.KindCode);
        b.Property(h => h.Name).HasMaxLength(100);
        b.Property(h => h.KindCode).HasMaxLength(40);
        b.Property(h => h.Owner).HasMaxLength(100);
        b.Property(h => h.ResponsibleDepartment).HasMaxLength(100);
        b.Property(h => h.Coordinates).HasMaxLength(4000);
        b.Property(h => h.Description).HasMaxLength(2000);
        b.Property(h => h.ControlMeasures).HasMaxLength(2000);
        b.Property(h => h.ResponsiblePerson).HasMaxLength(50);
        b.Property(h => h.CreatedBy).HasMaxLength(100);
        b.Property(h => h.LocationKind).HasConversion<int>();
        b.Property(h => h.Status).HasConversion<int>();
        b.Property(h => h.Level).HasConversion<int?>();
        b.Property(h => h.Version).IsConcurrencyToken();
        b.HasMany(h => h.Assessments).WithOne().HasForeignKey(a => a.HazardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HazardAssessmentConfiguration : IEntityTypeConfiguration<HazardAssessment>
{
    public void Configure(EntityTypeBuilder<HazardAssessment> b)
    {
        b.ToTable("assessments");
        b.HasIndex(a => new { a.HazardId, a.AssessedAt });
        b.Property(a => a.Method).HasConversion<int>();
        b.Property(a => a.Level).HasConversion<int>();
        b.Property(a => a.Substances).HasMaxLength(4000);
        b.Property(a => a.ControlMeasures).HasMaxLength(2000);
        b.Property(a => a.ResponsiblePerson).HasMaxLength(50);
        b.Property(a => a.AssessedBy).HasMaxLength(100);
    }
}
