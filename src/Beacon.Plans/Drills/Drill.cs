using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Plans.Drills;

/// <summary>Drill type (演练类型).</summary>
public enum DrillType
{
    /// <summary>桌面推演.</summary>
    Tabletop = 1,

    /// <summary>实战演练.</summary>
    Field = 2,

    /// <summary>远程指挥调度演练.</summary>
    RemoteDispatch = 3,

    /// <summary>无脚本双盲演练: the participants know neither the time nor the scenario before the inject arrives.</summary>
    DoubleBlind = 4,
}

/// <summary>
/// A drill (应急演练) of one or more plans, organised by a unit, with participating units and a scenario delivered as
/// injects (情景注入) into the participants' real duty boards, marked as drill.
/// </summary>
public sealed class Drill
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Title { get; set; } = "";

    public DrillType Type { get; set; }

    public Guid OrganiserUnitId { get; set; }

    /// <summary>The organiser's jurisdiction: who may read the drill (participants of a double-blind drill excepted).</summary>
    public Guid JurisdictionId { get; set; }

    public List<Guid> PlanIds { get; set; } = [];

    public List<Guid> ParticipantUnitIds { get; set; } = [];

    /// <summary>情景设定 (kept from double-blind participants until every inject has arrived).</summary>
    public string Scenario { get; set; } = "";

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    /// <summary>Minutes within which a participant should sign for an inject (签收时限) on the timing sheet.</summary>
    public int SignWithinMinutes { get; set; }

    /// <summary>Minutes within which a participant should report in writing (书面报告时限), as the reporting rules ask.</summary>
    public int ReportWithinMinutes { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public List<DrillInject> Injects { get; set; } = [];
}

/// <summary>One scenario inject, delivered at <see cref="ScheduledAt"/> (given, or drawn at random in the drill's window).</summary>
public sealed class DrillInject
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DrillId { get; set; }

    public string Title { get; set; } = "";

    public string EventTypeCode { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTimeOffset ScheduledAt { get; set; }

    public bool RandomTime { get; set; }

    /// <summary>Set when the scheduler claimed the inject for delivery.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    public int Version { get; set; } = 1;
}

/// <summary>An inject as one participant received it: the drill incident on its duty board.</summary>
public sealed class DrillDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DrillId { get; set; }

    public Guid InjectId { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>The participant's jurisdiction, for scope.</summary>
    public Guid JurisdictionId { get; set; }

    public Guid IncidentId { get; set; }

    public DateTimeOffset DeliveredAt { get; set; }
}

internal sealed class DrillConfiguration : IEntityTypeConfiguration<Drill>
{
    public void Configure(EntityTypeBuilder<Drill> b)
    {
        b.ToTable("drills");
        b.HasIndex(d => new { d.JurisdictionId, d.StartsAt });
        b.Property(d => d.Title).HasMaxLength(200);
        b.Property(d => d.Scenario).HasMaxLength(8000);
        b.Property(d => d.CreatedBy).HasMaxLength(100);
        b.Property(d => d.Type).HasConversion<int>();
        b.HasMany(d => d.Injects).WithOne().HasForeignKey(i => i.DrillId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DrillInjectConfiguration : IEntityTypeConfiguration<DrillInject>
{
    public void Configure(EntityTypeBuilder<DrillInject> b)
    {
        b.ToTable("drill_injects");
        b.HasIndex(i => new { i.DeliveredAt, i.ScheduledAt });
        b.Property(i => i.Title).HasMaxLength(200);
        b.Property(i => i.EventTypeCode).HasMaxLength(12);
        b.Property(i => i.Text).HasMaxLength(4000);
        b.Property(i => i.Version).IsConcurrencyToken();
    }
}

internal sealed class DrillDeliveryConfiguration : IEntityTypeConfiguration<DrillDelivery>
{
    public void Configure(EntityTypeBuilder<DrillDelivery> b)
    {
        b.ToTable("drill_deliveries");
        b.HasIndex(d => new { d.DrillId, d.UnitId });
        b.HasIndex(d => d.IncidentId);
    }
}
