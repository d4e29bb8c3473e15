using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Warnings.Dissemination;

internal sealed class RecipientConfiguration : IEntityTypeConfiguration<Recipient>
{
    public void Configure(EntityTypeBuilder<Recipient> b)
    {
        b.ToTable("recipients");
        b.HasIndex(r => r.OwnerJurisdictionId);
        // Warnings given by polygon or circle pre-select recipients by the bounding box of the shape on this index.
        b.HasIndex(r => new { r.Latitude, r.Longitude });
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(r => r.Name).HasMaxLength(200);
        b.Property(r => r.Phone).HasMaxLength(20);
        b.Property(r => r.Email).HasMaxLength(200);
        b.Property(r => r.WebhookUrl).HasMaxLength(500);
        b.Property(r => r.WebhookSecret).HasMaxLength(200);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasMany(r => r.Areas).WithOne().HasForeignKey(a => a.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecipientAreaConfiguration : IEntityTypeConfiguration<RecipientArea>
{
    public void Configure(EntityTypeBuilder<RecipientArea> b)
    {
        b.ToTable("recipient_areas");
        b.HasKey(a => new { a.RecipientId, a.Code });
        b.Property(a => a.Code).HasMaxLength(12);
        b.Property(a => a.Prefix).HasMaxLength(12);
        b.HasIndex(a => a.Code);
        b.HasIndex(a => new { a.Prefix, a.RecipientId });
    }
}

internal sealed class DisseminationJobConfiguration : IEntityTypeConfiguration<DisseminationJob>
{
    public void Configure(EntityTypeBuilder<DisseminationJob> b)
    {
        b.ToTable("dissemination_jobs");
        b.HasIndex(j => j.WarningId).IsUnique();
        b.HasIndex(j => j.ExpandedAt);
        b.Property(j => j.Channels).HasMaxLength(40);
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.ToTable("deliveries");
        b.Property(d => d.Id).ValueGeneratedOnAdd();
        b.HasIndex(d => new { d.WarningId, d.RecipientId, d.Channel }).IsUnique();
        // The dispatcher's queue: due deliveries by status and time.
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.RecipientId, d.Channel });
        b.Property(d => d.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(d => d.LastError).HasMaxLength(500);
        b.Property(d => d.Answer).HasMaxLength(500);
        b.Property(d => d.ExternalId).HasMaxLength(64);
        // Delivery reports (an SMS gateway's 状态报告) find their delivery by the far end's message id.
        b.HasIndex(d => new { d.Channel, d.ExternalId });
    }
}

internal sealed class RecordedMessageConfiguration : IEntityTypeConfiguration<RecordedMessage>
{
    public void Configure(EntityTypeBuilder<RecordedMessage> b)
    {
        b.ToTable("outbound_messages");
        b.Property(m => m.Id).ValueGeneratedOnAdd();
        b.HasIndex(m => m.DeliveryId).IsUnique();
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(m => m.To).HasMaxLength(200);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.Body).HasMaxLength(4000);
    }
}
