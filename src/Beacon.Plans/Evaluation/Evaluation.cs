using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Plans.Evaluation;

/// <summary>One scoring item of a template (评估指标): its maximum score and its weight in the total.</summary>
public sealed record ScoreItem(string Name, int MaxScore, int Weight);

/// <summary>The scores of one participant (or, with no unit, of the drill as a whole) against a template's items, in its order.</summary>
public sealed record ScoreSheet(Guid? UnitId, IReadOnlyList<decimal> Scores, string? Comment);

/// <summary>
/// A scoring template for drill evaluation (演练评估模板), kept by a unit for its jurisdiction: used there, below, and by
/// the counties under it. Items carry a maximum score and a weight; a total is the weighted share of the maximum, out of 100.
/// </summary>
public sealed class EvaluationTemplate
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Title { get; set; } = "";

    public Guid JurisdictionId { get; set; }

    public List<ScoreItem> Items { get; set; } = [];

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The evaluation (演练评估) of one drill that took place: the template's items as scored, per participant and overall.</summary>
public sealed class DrillEvaluation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DrillId { get; set; }

    /// <summary>The drill's jurisdiction.</summary>
    public Guid JurisdictionId { get; set; }

    public Guid TemplateId { get; set; }

    public string TemplateTitle { get; set; } = "";

    /// <summary>The template's items as they were when scored (a later template change does not rewrite an evaluation).</summary>
    public List<ScoreItem> Items { get; set; } = [];

    public List<ScoreSheet> Sheets { get; set; } = [];

    /// <summary>总体评价.</summary>
    public string Summary { get; set; } = "";

    public string EvaluatedBy { get; set; } = "";

    public DateTimeOffset EvaluatedAt { get; set; }

    public int Version { get; set; } = 1;

    /// <summary>The weighted total out of 100 of one sheet.</summary>
    public static decimal Total(IReadOnlyList<ScoreItem> items, IReadOnlyList<decimal> scores)
    {
        var weight = items.Sum(i => i.Weight);
        if (weight == 0 || scores.Count != items.Count)
        {
            return 0;
        }

        return Math.Round(items.Select((item, i) => scores[i] / item.MaxScore * item.Weight).Sum() / weight * 100, 1);
    }
}

/// <summary>A problem the drill exposed (发现问题), for one participant or the drill as a whole, and the task it became.</summary>
public sealed class DrillFinding
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DrillId { get; set; }

    /// <summary>The drill's jurisdiction.</summary>
    public Guid JurisdictionId { get; set; }

    /// <summary>The participant it concerns; null for the drill as a whole.</summary>
    public Guid? UnitId { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The plan revision task or follow-up action it became, if any.</summary>
    public Guid? TaskId { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What a revision task asks for.</summary>
public enum RevisionKind
{
    /// <summary>预案修订: revise a plan.</summary>
    Revision = 1,

    /// <summary>整改落实: a follow-up action of a drill finding.</summary>
    FollowUp = 2,
}

/// <summary>Why a plan is to be revised (修订事由): DOMAIN, plans are revised when laws, command bodies change, or a drill or response exposes problems.</summary>
public enum RevisionTrigger
{
    /// <summary>法律法规变化.</summary>
    LawChange = 1,

    /// <summary>演练发现问题.</summary>
    DrillFinding = 2,

    /// <summary>突发事件应对暴露问题.</summary>
    IncidentLesson = 3,

    /// <summary>机构调整.</summary>
    OrganisationChange = 4,
}

/// <summary>
/// A plan revision task (预案修订任务) or a drill's follow-up action (整改任务), owned by a unit with a due date; on the
/// owner's workbench until done. It belongs to the owner unit's jurisdiction.
/// </summary>
public sealed class RevisionTask
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public RevisionKind Kind { get; set; }

    public RevisionTrigger Trigger { get; set; }

    /// <summary>The plan to revise (a revision task always names one; a follow-up action may).</summary>
    public Guid? PlanId { get; set; }

    public Guid? DrillId { get; set; }

    public Guid? FindingId { get; set; }

    public string Description { get; set; } = "";

    public Guid OwnerUnitId { get; set; }

    /// <summary>The owner unit's jurisdiction.</summary>
    public Guid JurisdictionId { get; set; }

    public DateOnly DueOn { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public string? DoneBy { get; set; }

    public string? Outcome { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; } = 1;
}

internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Configure<TEntity, T>(EntityTypeBuilder<TEntity> b, System.Linq.Expressions.Expression<Func<TEntity, List<T>>> property)
        where TEntity : class =>
        b.Property(property).HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            s => JsonSerializer.Deserialize<List<T>>(s, Json) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, c) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(c, Json),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Json), Json)!));
}

internal sealed class EvaluationTemplateConfiguration : IEntityTypeConfiguration<EvaluationTemplate>
{
    public void Configure(EntityTypeBuilder<EvaluationTemplate> b)
    {
        b.ToTable("evaluation_templates");
        b.HasIndex(t => t.JurisdictionId);
        b.Property(t => t.Title).HasMaxLength(200);
        b.Property(t => t.CreatedBy).HasMaxLength(100);
        JsonColumn.Configure(b, t => t.Items);
    }
}

internal sealed class DrillEvaluationConfiguration : IEntityTypeConfiguration<DrillEvaluation>
{
    public void Configure(EntityTypeBuilder<DrillEvaluation> b)
    {
        b.ToTable("drill_evaluations");
        b.HasIndex(e => e.DrillId).IsUnique();
        b.HasIndex(e => e.JurisdictionId);
        b.Property(e => e.TemplateTitle).HasMaxLength(200);
        b.Property(e => e.Summary).HasMaxLength(4000);
        b.Property(e => e.EvaluatedBy).HasMaxLength(100);
        b.Property(e => e.Version).IsConcurrencyToken();
        JsonColumn.Configure(b, e => e.Items);
        JsonColumn.Configure(b, e => e.Sheets);
    }
}

internal sealed class DrillFindingConfiguration : IEntityTypeConfiguration<DrillFinding>
{
    public void Configure(EntityTypeBuilder<DrillFinding> b)
    {
        b.ToTable("drill_findings");
        b.HasIndex(f => f.DrillId);
        b.HasIndex(f => f.JurisdictionId);
        b.Property(f => f.Text).HasMaxLength(2000);
        b.Property(f => f.CreatedBy).HasMaxLength(100);
    }
}

internal sealed class RevisionTaskConfiguration : IEntityTypeConfiguration<RevisionTask>
{
    public void Configure(EntityTypeBuilder<RevisionTask> b)
    {
        b.ToTable("revision_tasks");
        b.HasIndex(t => new { t.JurisdictionId, t.DoneAt, t.DueOn });
        b.HasIndex(t => new { t.OwnerUnitId, t.DoneAt });
        b.HasIndex(t => t.PlanId);
        b.Property(t => t.Kind).HasConversion<int>();
        b.Property(t => t.Trigger).HasConversion<int>();
        b.Property(t => t.Description).HasMaxLength(2000);
        b.Property(t => t.Outcome).HasMaxLength(2000);
        b.Property(t => t.DoneBy).HasMaxLength(100);
        b.Property(t => t.CreatedBy).HasMaxLength(100);
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}
