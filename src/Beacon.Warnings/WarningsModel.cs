using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Warnings;

internal sealed class WarningConfiguration : IEntityTypeConfiguration<Warning>
{
    public void Configure(EntityTypeBuilder<Warning> b)
    {
        b.ToTable("warnings");
        // One row per sender, identifier, content and receiving jurisdiction: our own identifiers are unique (empty
        // hash; the sender names the jurisdiction), a received message is stored once by each jurisdiction that
        // receives it; a different message under a taken identifier is kept as a correction.
        b.HasIndex(w => new { w.Sender, w.Identifier, w.ContentHash, w.IssuingJurisdictionId }).IsUnique();
        b.Property(w => w.ContentHash).HasMaxLength(64);
        b.HasIndex(w => new { w.IssuingJurisdictionId, w.Stage });
        b.HasIndex(w => new { w.Stage, w.Status, w.ExpiresAt });
        b.HasIndex(w => w.ChainId);
        b.Property(w => w.Change).HasConversion<string>().HasMaxLength(12);
        b.Property(w => w.Stage).HasConversion<string>().HasMaxLength(12);
        b.Property(w => w.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(w => w.Origin).HasConversion<string>().HasMaxLength(10);
        b.Property(w => w.Level).HasConversion<string>().HasMaxLength(8);
        b.Property(w => w.Identifier).HasMaxLength(120);
        b.Property(w => w.Sender).HasMaxLength(200);
        b.Property(w => w.IssuerName).HasMaxLength(200);
        b.Property(w => w.EventCode).HasMaxLength(20);
        b.Property(w => w.EventName).HasMaxLength(100);
        b.Property(w => w.EventNameEn).HasMaxLength(100);
        b.Property(w => w.Category).HasMaxLength(100);
        b.Property(w => w.ImportNotes).HasMaxLength(2000);
        b.Property(w => w.Urgency).HasMaxLength(12);
        b.Property(w => w.Certainty).HasMaxLength(12);
        b.Property(w => w.Headline).HasMaxLength(300);
        b.Property(w => w.HeadlineEn).HasMaxLength(300);
        b.Property(w => w.Contact).HasMaxLength(200);
        b.Property(w => w.Web).HasMaxLength(500);
        b.Property(w => w.DraftedBy).HasMaxLength(100);
        b.Property(w => w.ReviewedBy).HasMaxLength(100);
        b.Property(w => w.SignedOffBy).HasMaxLength(100);
        b.Property(w => w.ReviewNote).HasMaxLength(1000);
        b.Property(w => w.Version).IsConcurrencyToken();
        b.HasMany(w => w.Areas).WithOne().HasForeignKey(a => a.WarningId).OnDelete(DeleteBehavior.Cascade);
        b.OwnsMany(w => w.Resources, r => r.ToJson());
    }
}

internal sealed class WarningAreaConfiguration : IEntityTypeConfiguration<WarningArea>
{
    public void Configure(EntityTypeBuilder<WarningArea> b)
    {
        b.ToTable("warning_areas");
        b.HasIndex(a => new { a.WarningId, a.Position });
        b.HasIndex(a => a.DivisionCode);
        b.Property(a => a.Description).HasMaxLength(300);
        b.Property(a => a.DivisionCode).HasMaxLength(12);
    }
}

internal sealed class WarningEventTypeConfiguration : IEntityTypeConfiguration<WarningEventType>
{
    public void Configure(EntityTypeBuilder<WarningEventType> b)
    {
        b.ToTable("warning_event_types");
        b.HasKey(t => t.Code);
        b.Property(t => t.Code).HasMaxLength(20);
        b.Property(t => t.Name).HasMaxLength(60);
        b.Property(t => t.NameEn).HasMaxLength(80);
        b.Property(t => t.Category).HasMaxLength(12);
    }
}
