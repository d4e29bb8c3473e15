using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Resources.Allocation;

public enum AllocationStatus
{
    /// <summary>待审批: awaiting the approving level.</summary>
    Requested = 1,

    /// <summary>已批准: stock reserved, awaiting dispatch.</summary>
    Approved = 2,

    /// <summary>已发运: stock has left the warehouse, awaiting the receiver's confirmation.</summary>
    Dispatched = 3,

    /// <summary>已接收.</summary>
    Received = 4,

    /// <summary>已驳回 (any reservation released).</summary>
    Rejected = 5,
}

/// <summary>
/// An allocation request (物资调拨申请): a unit asks a warehouse for supplies for an incident or a preparedness need.
/// The approving level is the lowest jurisdiction above both the requester and the warehouse (their common upper
/// level; the warehouse's own level when the requester is below it). Approval reserves stock (possibly less than asked:
/// partial fulfilment), dispatch moves it out, the requester confirms receipt; rejection gives reasons and releases
/// what was reserved.
/// </summary>
public sealed class AllocationRequest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Number { get; set; } = "";

    public Guid RequesterUnitId { get; set; }

    public Guid RequesterJurisdictionId { get; set; }

    public Guid WarehouseId { get; set; }

    public Guid WarehouseJurisdictionId { get; set; }

    /// <summary>Common upper level of the requester and the warehouse: who approves.</summary>
    public Guid ApproverJurisdictionId { get; set; }

    public Guid? IncidentId { get; set; }

    public string? IncidentNumber { get; set; }

    public string? IncidentTitle { get; set; }

    public string Purpose { get; set; } = "";

    public string DeliverTo { get; set; } = "";

    public AllocationStatus Status { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public string RequestedBy { get; set; } = "";

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecisionNote { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public string? DispatchedBy { get; set; }

    public DateTimeOffset? ReceivedAt { get; set; }

    public string? ReceivedBy { get; set; }

    public int Version { get; set; } = 1;

    public List<AllocationLine> Lines { get; set; } = [];
}

/// <summary>One supply of a request: asked, approved (≤ asked), dispatched, received.</summary>
public sealed class AllocationLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public Guid ItemId { get; set; }

    public long Requested { get; set; }

    public long Approved { get; set; }

    public long Received { get; set; }

    /// <summary>Per batch, what approval reserved (batch id → quantity), earliest expiry first.</summary>
    public List<AllocationReservation> Reservations { get; set; } = [];
}

public sealed class AllocationReservation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid LineId { get; set; }

    public Guid BatchId { get; set; }

    public long Quantity { get; set; }
}

internal sealed class AllocationRequestConfiguration : IEntityTypeConfiguration<AllocationRequest>
{
    public void Configure(EntityTypeBuilder<AllocationRequest> b)
    {
        b.ToTable("allocations");
        b.HasIndex(a => a.Number).IsUnique();
        b.HasIndex(a => new { a.RequesterJurisdictionId, a.Status });
        b.HasIndex(a => new { a.ApproverJurisdictionId, a.Status });
        b.HasIndex(a => new { a.WarehouseJurisdictionId, a.Status });
        b.Property(a => a.Number).HasMaxLength(40);
        b.Property(a => a.IncidentNumber).HasMaxLength(40);
        b.Property(a => a.IncidentTitle).HasMaxLength(200);
        b.Property(a => a.Purpose).HasMaxLength(1000);
        b.Property(a => a.DeliverTo).HasMaxLength(300);
        b.Property(a => a.DecisionNote).HasMaxLength(1000);
        b.Property(a => a.RequestedBy).HasMaxLength(100);
        b.Property(a => a.DecidedBy).HasMaxLength(100);
        b.Property(a => a.DispatchedBy).HasMaxLength(100);
        b.Property(a => a.ReceivedBy).HasMaxLength(100);
        b.Property(a => a.Status).HasConversion<int>();
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne<Registry.Resource>().WithMany().HasForeignKey(a => a.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Lines).WithOne().HasForeignKey(l => l.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AllocationLineConfiguration : IEntityTypeConfiguration<AllocationLine>
{
    public void Configure(EntityTypeBuilder<AllocationLine> b)
    {
        b.ToTable("allocation_lines");
        b.HasOne<Stock.SupplyItem>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(l => l.Reservations).WithOne().HasForeignKey(r => r.LineId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AllocationReservationConfiguration : IEntityTypeConfiguration<AllocationReservation>
{
    public void Configure(EntityTypeBuilder<AllocationReservation> b)
    {
        b.ToTable("allocation_reservations");
        b.HasOne<Stock.StockBatch>().WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
