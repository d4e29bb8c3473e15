using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Resources.Stock;

/// <summary>A category of the supply catalogue (物资分类), after GB/T 38565-2020, kept as data: code, name, parent.</summary>
public sealed class SupplyCategory
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string? ParentCode { get; set; }
}

/// <summary>A supply of the catalogue (物资目录): name, category, unit of measure, specification, minimum stock per warehouse.</summary>
public sealed class SupplyItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string CategoryCode { get; set; } = "";

    /// <summary>Unit of measure (计量单位): 顶, 件, 套, 箱 …</summary>
    public string Unit { get; set; } = "";

    public string Specification { get; set; } = "";

    /// <summary>Minimum stock per warehouse (最低储备量): below it the warehouse is alerted.</summary>
    public int MinimumStock { get; set; }
}

/// <summary>
/// A batch of one supply in one warehouse (批次): its balance and how much of it is reserved for approved allocations.
/// <see cref="Quantity"/> only changes together with a <see cref="StockMovement"/> in the same transaction, by a conditional
/// update that never takes it below <see cref="Reserved"/> (nor that below zero), so the ledger sums to the balance.
/// </summary>
public sealed class StockBatch
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid WarehouseId { get; set; }

    /// <summary>The warehouse's jurisdiction (scope).</summary>
    public Guid JurisdictionId { get; set; }

    public Guid ItemId { get; set; }

    public string BatchNo { get; set; } = "";

    public DateOnly? ProducedOn { get; set; }

    public DateOnly? ExpiresOn { get; set; }

    public long Quantity { get; set; }

    public long Reserved { get; set; }
}

public enum MovementKind
{
    /// <summary>入库.</summary>
    In = 1,

    /// <summary>出库.</summary>
    Out = 2,

    /// <summary>调出 (the leaving half of a transfer between warehouses).</summary>
    TransferOut = 3,

    /// <summary>调入 (the arriving half).</summary>
    TransferIn = 4,

    /// <summary>盘点调整 (count correction, either sign).</summary>
    Adjustment = 5,

    /// <summary>调拨发运 (an allocation leaves the warehouse).</summary>
    Dispatch = 6,
}

/// <summary>One line of the stock ledger (出入库台账): a signed change of one batch.</summary>
public sealed class StockMovement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid BatchId { get; set; }

    public Guid WarehouseId { get; set; }

    public Guid JurisdictionId { get; set; }

    public Guid ItemId { get; set; }

    public MovementKind Kind { get; set; }

    public long Delta { get; set; }

    public string Note { get; set; } = "";

    /// <summary>The allocation request or the other half of a transfer.</summary>
    public Guid? ReferenceId { get; set; }

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = "";
}

internal sealed class SupplyCategoryConfiguration : IEntityTypeConfiguration<SupplyCategory>
{
    public void Configure(EntityTypeBuilder<SupplyCategory> b)
    {
        b.ToTable("supply_categories");
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(20);
        b.Property(c => c.ParentCode).HasMaxLength(20);
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.NameEn).HasMaxLength(100);
    }
}

internal sealed class SupplyItemConfiguration : IEntityTypeConfiguration<SupplyItem>
{
    public void Configure(EntityTypeBuilder<SupplyItem> b)
    {
        b.ToTable("supply_items");
        b.HasIndex(i => i.Code).IsUnique();
        b.Property(i => i.Code).HasMaxLength(30);
        b.Property(i => i.Name).HasMaxLength(100);
        b.Property(i => i.CategoryCode).HasMaxLength(20);
        b.Property(i => i.Unit).HasMaxLength(20);
        b.Property(i => i.Specification).HasMaxLength(200);
    }
}

internal sealed class StockBatchConfiguration : IEntityTypeConfiguration<StockBatch>
{
    public void Configure(EntityTypeBuilder<StockBatch> b)
    {
        b.ToTable("stock_batches");
        b.HasIndex(s => new { s.WarehouseId, s.ItemId, s.BatchNo }).IsUnique();
        b.HasIndex(s => new { s.JurisdictionId, s.ExpiresOn });
        b.Property(s => s.BatchNo).HasMaxLength(60);
        b.HasOne<Registry.Resource>().WithMany().HasForeignKey(s => s.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SupplyItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("CK_stock_batches_balance", "\"Reserved\" >= 0 AND \"Quantity\" >= \"Reserved\""));
    }
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> b)
    {
        b.ToTable("stock_movements");
        b.HasIndex(m => new { m.BatchId, m.At });
        b.HasIndex(m => new { m.WarehouseId, m.At });
        b.Property(m => m.Kind).HasConversion<int>();
        b.Property(m => m.Note).HasMaxLength(500);
        b.Property(m => m.By).HasMaxLength(100);
        b.HasOne<StockBatch>().WithMany().HasForeignKey(m => m.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
