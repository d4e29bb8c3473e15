using Beacon.Platform.Accounts;
using Beacon.Platform.ApiTokens;
using Beacon.Platform.Audit;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Platform.Data;

internal sealed class JurisdictionConfiguration : IEntityTypeConfiguration<Jurisdiction>
{
    public void Configure(EntityTypeBuilder<Jurisdiction> b)
    {
        b.ToTable("jurisdictions");
        b.HasIndex(j => j.Code).IsUnique();
        b.Property(j => j.Code).HasMaxLength(12);
        b.Property(j => j.Name).HasMaxLength(100);
        b.Property(j => j.Kind).HasMaxLength(20);
        b.Property(j => j.Path).HasMaxLength(200);
        b.Property(j => j.Level).HasConversion<int>();
        b.Property(j => j.Version).IsConcurrencyToken();
        b.HasOne(j => j.Parent).WithMany().HasForeignKey(j => j.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(j => j.IsAdministrative);
    }
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.ToTable("units");
        b.Property(u => u.Name).HasMaxLength(100);
        b.Property(u => u.DutyPhone).HasMaxLength(40);
        b.Property(u => u.Fax).HasMaxLength(40);
        b.Property(u => u.Address).HasMaxLength(200);
        b.Property(u => u.Kind).HasConversion<int>();
        b.Property(u => u.Version).IsConcurrencyToken();
        b.HasIndex(u => new { u.JurisdictionId, u.Name });
        b.HasOne(u => u.Jurisdiction).WithMany().HasForeignKey(u => u.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(u => u.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(u => u.NameHistory).WithOne().HasForeignKey(n => n.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UnitNameChangeConfiguration : IEntityTypeConfiguration<UnitNameChange>
{
    public void Configure(EntityTypeBuilder<UnitNameChange> b)
    {
        b.ToTable("unit_name_changes");
        b.Property(n => n.OldName).HasMaxLength(100);
        b.Property(n => n.NewName).HasMaxLength(100);
    }
}

internal sealed class BeaconUserConfiguration : IEntityTypeConfiguration<BeaconUser>
{
    public void Configure(EntityTypeBuilder<BeaconUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(50);
        b.Property(u => u.ProtectedTotpSecret).HasMaxLength(1000);
        b.Property(u => u.PasswordHistory).HasMaxLength(4000);
        b.Property(u => u.RecoveryCodes).HasMaxLength(2000);
        b.Property(u => u.Version).IsConcurrencyToken();
        b.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("user_sessions");
        b.Property(s => s.ClientAddress).HasMaxLength(64);
        b.Property(s => s.UserAgent).HasMaxLength(200);
        b.Property(s => s.EndReason).HasMaxLength(40);
        b.HasIndex(s => new { s.UserId, s.EndedAt });
        b.HasOne<BeaconUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Roles).HasMaxLength(200);
        b.Property(t => t.SecretHash).HasMaxLength(64);
        b.Property(t => t.Hint).HasMaxLength(12);
        b.HasIndex(t => t.SecretHash).IsUnique();
        b.HasOne<Unit>().WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(t => t.RoleList);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        // Unique once sealed; the sealer finds the rows still to seal through the nulls of this index.
        b.HasIndex(e => e.Sequence).IsUnique();
        b.Property(e => e.UserName).HasMaxLength(100);
        b.Property(e => e.Action).HasMaxLength(80);
        b.Property(e => e.EntityType).HasMaxLength(80);
        b.Property(e => e.EntityId).HasMaxLength(200);
        b.Property(e => e.ClientAddress).HasMaxLength(64);
        b.Property(e => e.Outcome).HasMaxLength(16);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.Property(e => e.KeyId).HasMaxLength(40);
        b.Property(e => e.Mark).HasMaxLength(64);
        b.HasIndex(e => e.OccurredAt);
        b.HasIndex(e => new { e.JurisdictionId, e.OccurredAt });
        b.HasIndex(e => new { e.UserId, e.OccurredAt });
        b.HasIndex(e => new { e.Action, e.OccurredAt });
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.ToTable("audit_chain_head");
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.LastHash).HasMaxLength(64);
        b.HasData(new AuditChainHead { Id = 1, LastSequence = 0, LastHash = AuditChain.GenesisHash });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_records");
        b.Property(r => r.Caller).HasMaxLength(64);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.ContentType).HasMaxLength(100);
        b.Property(r => r.Location).HasMaxLength(400);
        b.Property(r => r.ETag).HasMaxLength(100);
        b.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
        b.HasIndex(r => r.CreatedAt);
    }
}
