using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Resources.Registry;

/// <summary>The kinds of emergency resource (应急资源) kept in the register.</summary>
public enum ResourceKind
{
    /// <summary>储备库: a reserve warehouse of supplies.</summary>
    Warehouse = 1,

    /// <summary>应急救援队伍: a rescue team.</summary>
    RescueTeam = 2,

    /// <summary>专家: an expert of the expert pool (专家库).</summary>
    Expert = 3,

    /// <summary>社会化应急服务: a social emergency service provider.</summary>
    ServiceProvider = 4,

    /// <summary>应急避难场所: a shelter.</summary>
    Shelter = 5,
}

/// <summary>Whether a resource can be called on now (战备状态 / 可用状态).</summary>
public enum Readiness
{
    /// <summary>随时可用 / 战备值班.</summary>
    Ready = 1,

    /// <summary>待命: available at notice.</summary>
    Standby = 2,

    /// <summary>不可用: under repair, on another task, term ended.</summary>
    Unavailable = 3,
}

/// <summary>
/// One emergency resource with a place (储备库、救援队伍、专家、社会化服务机构、避难场所): what every kind shares — who owns
/// it, where it is, what it is good for (specialities mapped to event types), whether it is ready and whether it is
/// offered for sharing with other jurisdictions (资源共享) — and the fields of its kind. <see cref="Cell"/> is the
/// grid cell of its point (<see cref="Nearest.GeoGrid"/>), the index the nearest-resource search reads ring by ring.
/// </summary>
public sealed class Resource
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public ResourceKind Kind { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The jurisdiction the resource belongs to (scope).</summary>
    public Guid JurisdictionId { get; set; }

    /// <summary>Owning unit (所属单位 / 工作单位 for an expert).</summary>
    public string OwnerUnit { get; set; } = "";

    /// <summary>Sub-kind: the team kind (综合性消防救援、专业、社会), warehouse level, provider kind, shelter kind, expert's title.</summary>
    public string Category { get; set; } = "";

    /// <summary>Speciality codes (<see cref="Specialities"/>), stored as <c>,flood,medical,</c> so a filter is one LIKE.</summary>
    public string Specialities { get; set; } = ",";

    public string Address { get; set; } = "";

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>Grid cell of the point (<see cref="Nearest.GeoGrid.CellOf"/>).</summary>
    public long Cell { get; set; }

    public Readiness Readiness { get; set; } = Readiness.Ready;

    /// <summary>Offered for sharing (资源共享): counties outside the owning jurisdiction may read it.</summary>
    public bool IsShared { get; set; }

    /// <summary>Keeper, commander, manager, or the expert's own name for contact.</summary>
    public string Contact { get; set; } = "";

    /// <summary>24-hour phone (24小时值班电话).</summary>
    public string Phone { get; set; } = "";

    /// <summary>Capacity: m³ of a warehouse, persons of a shelter.</summary>
    public int? Capacity { get; set; }

    /// <summary>Headcount of a team.</summary>
    public int? Headcount { get; set; }

    /// <summary>Area in m² (shelters).</summary>
    public double? AreaSquareMetres { get; set; }

    /// <summary>Expert's term of appointment ends on (聘期); re-appointment (换届) extends it.</summary>
    public DateOnly? TermEndsOn { get; set; }

    /// <summary>Equipment list (装备), facilities (设施), capabilities and coverage (服务能力、覆盖范围), free text.</summary>
    public string Details { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public int Version { get; set; } = 1;

    public IReadOnlyList<string> SpecialityList => Registry.Specialities.Split(Specialities);
}

/// <summary>A training or exercise of a rescue team (训练记录).</summary>
public sealed class TrainingRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ResourceId { get; set; }

    public DateOnly On { get; set; }

    public string Subject { get; set; } = "";

    public int Participants { get; set; }

    public string RecordedBy { get; set; } = "";
}

/// <summary>An expert consulted on an incident (专家会商), with the written opinion.</summary>
public sealed class Consultation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ResourceId { get; set; }

    public Guid IncidentId { get; set; }

    public string IncidentNumber { get; set; } = "";

    public string Opinion { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string RecordedBy { get; set; } = "";
}

/// <summary>A government purchase contract with a social service provider (政府购买服务合同).</summary>
public sealed class PurchaseContract
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ResourceId { get; set; }

    public string Number { get; set; } = "";

    public DateOnly From { get; set; }

    public DateOnly To { get; set; }

    public decimal Amount { get; set; }

    public string ServiceScope { get; set; } = "";

    public string RecordedBy { get; set; } = "";
}

internal sealed class ResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> b)
    {
        b.ToTable("resources");
        // Covers the nearest search's columns (decision 0018): the rows of a cell are read from the index alone, in cell
        // order, instead of one lookup of the table per row scattered over the whole file.
        b.HasIndex(r => new { r.Cell, r.Latitude, r.Longitude, r.JurisdictionId, r.IsShared, r.Kind, r.Readiness, r.Id }).HasDatabaseName("IX_resources_nearest");
        b.HasIndex(r => new { r.JurisdictionId, r.Kind, r.Name });
        b.HasIndex(r => new { r.Kind, r.Name });
        b.Property(r => r.Kind).HasConversion<int>();
        b.Property(r => r.Readiness).HasConversion<int>();
        b.Property(r => r.Name).HasMaxLength(200);
        b.Property(r => r.OwnerUnit).HasMaxLength(200);
        b.Property(r => r.Category).HasMaxLength(60);
        b.Property(r => r.Specialities).HasMaxLength(300);
        b.Property(r => r.Address).HasMaxLength(300);
        b.Property(r => r.Contact).HasMaxLength(60);
        b.Property(r => r.Phone).HasMaxLength(40);
        b.Property(r => r.Details).HasMaxLength(4000);
        b.Property(r => r.CreatedBy).HasMaxLength(100);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Ignore(r => r.SpecialityList);
    }
}

internal sealed class TrainingRecordConfiguration : IEntityTypeConfiguration<TrainingRecord>
{
    public void Configure(EntityTypeBuilder<TrainingRecord> b)
    {
        b.ToTable("training_records");
        b.HasIndex(t => new { t.ResourceId, t.On });
        b.Property(t => t.Subject).HasMaxLength(300);
        b.Property(t => t.RecordedBy).HasMaxLength(100);
        b.HasOne<Resource>().WithMany().HasForeignKey(t => t.ResourceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> b)
    {
        b.ToTable("consultations");
        b.HasIndex(c => new { c.ResourceId, c.At });
        b.Property(c => c.IncidentNumber).HasMaxLength(40);
        b.Property(c => c.Opinion).HasMaxLength(4000);
        b.Property(c => c.RecordedBy).HasMaxLength(100);
        b.HasOne<Resource>().WithMany().HasForeignKey(c => c.ResourceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PurchaseContractConfiguration : IEntityTypeConfiguration<PurchaseContract>
{
    public void Configure(EntityTypeBuilder<PurchaseContract> b)
    {
        b.ToTable("purchase_contracts");
        b.HasIndex(c => new { c.ResourceId, c.From });
        b.Property(c => c.Number).HasMaxLength(60);
        b.Property(c => c.ServiceScope).HasMaxLength(1000);
        b.Property(c => c.Amount).HasPrecision(14, 2);
        b.Property(c => c.RecordedBy).HasMaxLength(100);
        b.HasOne<Resource>().WithMany().HasForeignKey(c => c.ResourceId).OnDelete(DeleteBehavior.Restrict);
    }
}
