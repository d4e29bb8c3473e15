using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Risks.Bulletins;

/// <summary>
/// An issue of the periodic bulletin 《应急管理动态信息》: issue number (期号) per office and year, date, editor and
/// signer, the period it covers, its ordered sections and the distribution list (报、送、发). Compiled from the
/// period's material, edited in the browser, exported as DOCX and PDF; past issues are kept and searchable.
/// </summary>
public sealed class Bulletin
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The compiling office's jurisdiction: it and the levels above read the issue.</summary>
    public Guid JurisdictionId { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>The masthead (《包头市应急管理动态信息》).</summary>
    public string Title { get; set; } = "";

    public int Year { get; set; }

    /// <summary>期号 within the year.</summary>
    public int Number { get; set; }

    public DateOnly IssueDate { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    /// <summary>The issuing office (编印单位).</summary>
    public string IssuingOffice { get; set; } = "";

    public string Editor { get; set; } = "";

    public string? Signer { get; set; }

    /// <summary>报、送、发: the distribution list, one line each.</summary>
    public string? Distribution { get; set; }

    /// <summary>All section text, for search.</summary>
    public string SearchText { get; set; } = "";

    public string CompiledBy { get; set; } = "";

    public DateTimeOffset CompiledAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; } = 1;

    public List<BulletinSection> Sections { get; set; } = [];
}

/// <summary>One section of an issue: a heading and its text (paragraphs separated by line breaks), in order.</summary>
public sealed class BulletinSection
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid BulletinId { get; set; }

    public int Order { get; set; }

    public string Heading { get; set; } = "";

    public string Body { get; set; } = "";
}

internal sealed class BulletinConfiguration : IEntityTypeConfiguration<Bulletin>
{
    public void Configure(EntityTypeBuilder<Bulletin> b)
    {
        b.ToTable("bulletins");
        b.HasIndex(x => new { x.JurisdictionId, x.Year, x.Number }).IsUnique();
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.IssuingOffice).HasMaxLength(100);
        b.Property(x => x.Editor).HasMaxLength(50);
        b.Property(x => x.Signer).HasMaxLength(50);
        b.Property(x => x.Distribution).HasMaxLength(2000);
        b.Property(x => x.SearchText).HasMaxLength(64000);
        b.Property(x => x.CompiledBy).HasMaxLength(100);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasMany(x => x.Sections).WithOne().HasForeignKey(s => s.BulletinId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BulletinSectionConfiguration : IEntityTypeConfiguration<BulletinSection>
{
    public void Configure(EntityTypeBuilder<BulletinSection> b)
    {
        b.ToTable("bulletin_sections");
        b.HasIndex(s => new { s.BulletinId, s.Order });
        b.Property(s => s.Heading).HasMaxLength(200);
        b.Property(s => s.Body).HasMaxLength(20000);
    }
}
