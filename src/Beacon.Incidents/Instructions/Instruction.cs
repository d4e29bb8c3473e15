using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Incidents.Instructions;

/// <summary>What a handling item is: the duty room's proposal, its hand-over to units, or a leader's instruction.</summary>
public enum InstructionKind
{
    /// <summary>拟办: the duty room proposes how to handle an item and which units should; it waits for a leader.</summary>
    Proposal = 1,

    /// <summary>转办: the duty room hands the item to the responsible units.</summary>
    Referral = 2,

    /// <summary>领导批示: a leader's instruction, passed down to the units concerned.</summary>
    LeaderInstruction = 3,
}

public enum InstructionStatus
{
    /// <summary>A proposal awaiting a leader's instruction (待批示).</summary>
    Proposed = 1,

    /// <summary>A proposal a leader has acted on (已批示).</summary>
    Adopted = 2,

    /// <summary>Passed down; some unit has not yet reported it carried out (落实中).</summary>
    InProgress = 3,

    /// <summary>Every unit has reported it carried out (已办结).</summary>
    Done = 4,
}

/// <summary>
/// A handling item on an incident (事件办理): a proposal (拟办), a referral (转办) or a leader's instruction (领导批示).
/// Referrals and instructions are passed down to units as <see cref="InstructionAssignment"/>s, each signed for and
/// answered with feedback (落实反馈); the issuing office may supervise them with a deadline (督办) until each is done.
/// </summary>
public sealed class Instruction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    public InstructionKind Kind { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The leader who gave the instruction (批示领导), for <see cref="InstructionKind.LeaderInstruction"/>.</summary>
    public string? LeaderName { get; set; }

    /// <summary>For a proposal: the units it proposes to hand the item to.</summary>
    public List<Guid> ProposedUnitIds { get; set; } = [];

    /// <summary>The proposal this instruction or referral acts on, if any.</summary>
    public Guid? ProposalId { get; set; }

    public Guid IssuerUnitId { get; set; }

    /// <summary>The issuing unit's jurisdiction: who above may read and supervise the item.</summary>
    public Guid IssuerJurisdictionId { get; set; }

    public string IssuedBy { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Supervision deadline (督办时限): every unit should have reported it carried out by then.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Supervision notes (督办意见), appended with who and when.</summary>
    public string? SupervisionNotes { get; set; }

    public InstructionStatus Status { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public int Version { get; set; } = 1;

    public List<InstructionAssignment> Assignments { get; set; } = [];
}

/// <summary>An instruction or referral as one unit receives it: signed for (签收), then carried out with feedback (落实反馈).</summary>
public sealed class InstructionAssignment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid InstructionId { get; set; }

    public Guid IncidentId { get; set; }

    public Guid ToUnitId { get; set; }

    /// <summary>The receiving unit's jurisdiction, for scope.</summary>
    public Guid ToJurisdictionId { get; set; }

    public DateTimeOffset? SignedAt { get; set; }

    public string? SignedBy { get; set; }

    /// <summary>When the unit reported the instruction fully carried out (final feedback).</summary>
    public DateTimeOffset? DoneAt { get; set; }

    /// <summary>The supervision deadline the overdue scan last alerted for; a new deadline (督办 again) alerts again.</summary>
    public DateTimeOffset? AlertedDueAt { get; set; }

    /// <summary>The supervision deadline the due-soon alert (临期提醒) was last raised for; a new deadline alerts again.</summary>
    public DateTimeOffset? DueSoonAlertedDueAt { get; set; }

    public List<InstructionFeedback> Feedback { get; set; } = [];
}

/// <summary>One report of how an instruction is being carried out (落实情况反馈); the final one closes the unit's part.</summary>
public sealed class InstructionFeedback
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AssignmentId { get; set; }

    public string Text { get; set; } = "";

    public bool IsFinal { get; set; }

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = "";
}

internal sealed class InstructionConfiguration : IEntityTypeConfiguration<Instruction>
{
    public void Configure(EntityTypeBuilder<Instruction> b)
    {
        b.ToTable("instructions");
        b.HasIndex(i => new { i.IncidentId, i.IssuedAt });
        b.HasIndex(i => new { i.IssuerJurisdictionId, i.Status });
        // The deadline scan (OverdueScanner) reads supervised instructions by their deadline, in a bounded window.
        b.HasIndex(i => i.DueAt);
        b.Property(i => i.Text).HasMaxLength(4000);
        b.Property(i => i.LeaderName).HasMaxLength(50);
        b.Property(i => i.IssuedBy).HasMaxLength(100);
        b.Property(i => i.SupervisionNotes).HasMaxLength(16000);
        b.Property(i => i.Kind).HasConversion<int>();
        b.Property(i => i.Status).HasConversion<int>();
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasMany(i => i.Assignments).WithOne().HasForeignKey(a => a.InstructionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InstructionAssignmentConfiguration : IEntityTypeConfiguration<InstructionAssignment>
{
    public void Configure(EntityTypeBuilder<InstructionAssignment> b)
    {
        b.ToTable("instruction_assignments");
        b.HasIndex(a => new { a.InstructionId, a.ToUnitId }).IsUnique();
        b.HasIndex(a => new { a.ToUnitId, a.DoneAt });
        b.HasIndex(a => new { a.ToJurisdictionId, a.DoneAt });
        b.Property(a => a.SignedBy).HasMaxLength(100);
        b.HasMany(a => a.Feedback).WithOne().HasForeignKey(f => f.AssignmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InstructionFeedbackConfiguration : IEntityTypeConfiguration<InstructionFeedback>
{
    public void Configure(EntityTypeBuilder<InstructionFeedback> b)
    {
        b.ToTable("instruction_feedback");
        b.Property(f => f.Text).HasMaxLength(4000);
        b.Property(f => f.By).HasMaxLength(100);
    }
}
