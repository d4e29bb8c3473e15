using Beacon.Incidents.Classification;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Incidents;

internal sealed class EventTypeConfiguration : IEntityTypeConfiguration<EventType>
{
    public void Configure(EntityTypeBuilder<EventType> b)
    {
        b.ToTable("event_types");
        b.HasIndex(t => t.Code).IsUnique();
        b.Property(t => t.Code).HasMaxLength(12);
        b.Property(t => t.Name).HasMaxLength(60);
        b.Property(t => t.NameEn).HasMaxLength(80);
        b.Property(t => t.ParentCode).HasMaxLength(12);
        b.Property(t => t.Class).HasConversion<int>();
    }
}

internal sealed class IncidentNumberCounterConfiguration : IEntityTypeConfiguration<IncidentNumberCounter>
{
    public void Configure(EntityTypeBuilder<IncidentNumberCounter> b)
    {
        b.ToTable("incident_number_counters");
        b.HasKey(c => c.Prefix);
        b.Property(c => c.Prefix).HasMaxLength(20);
    }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.ToTable("incidents");
        b.HasIndex(i => i.Number).IsUnique();
        b.HasIndex(i => new { i.OriginJurisdictionId, i.LearnedAt });

        // The one map's incident layer: a period (newest first) and a bounding box. The period leads, so the index walks
        // only the rows in it, newest first; the coordinates and the drill flag in the index filter without a table read.
        b.HasIndex(i => new { i.OccurredAt, i.Longitude, i.Latitude, i.IsDrill });
        // A box that is not the whole region: its cells' incidents of the period, newest first, without reading the table
        // (the id is in the index), then only the rows shown. Those known only by their county: by the county, likewise.
        // Level and status close both, so a box too full to send one by one is counted into clusters by cell (or county)
        // and colour from the index alone (decision 0019, "Clusters for large boxes").
        b.HasIndex(i => new { i.MapCell, i.OccurredAt, i.IsDrill, i.Longitude, i.Latitude, i.Id, i.Severity, i.Status });
        b.HasIndex(i => new { i.LocationJurisdictionId, i.Longitude, i.OccurredAt, i.IsDrill, i.Id, i.Severity, i.Status });
        b.Property(i => i.Number).HasMaxLength(30);
        b.Property(i => i.Title).HasMaxLength(200);
        b.Property(i => i.EventTypeCode).HasMaxLength(12);
        b.Property(i => i.TownshipCode).HasMaxLength(12);
        b.Property(i => i.Address).HasMaxLength(200);
        b.Property(i => i.Narrative).HasMaxLength(8000);
        b.Property(i => i.Measures).HasMaxLength(4000);
        b.Property(i => i.Severity).HasConversion<int>();
        b.Property(i => i.Source).HasConversion<int>();
        b.Property(i => i.Status).HasConversion<int>();
        b.Property(i => i.Version).IsConcurrencyToken();
        b.ComplexProperty(i => i.Casualties, c => c.Property(x => x.DirectLossTenThousandYuan).HasPrecision(18, 2));
        b.HasMany(i => i.Reports).WithOne().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IncidentReportConfiguration : IEntityTypeConfiguration<IncidentReport>
{
    public void Configure(EntityTypeBuilder<IncidentReport> b)
    {
        b.ToTable("incident_reports");
        b.HasIndex(r => new { r.IncidentId, r.Sequence }).IsUnique();
        b.Property(r => r.SubmittedBy).HasMaxLength(100);
        b.Property(r => r.Narrative).HasMaxLength(8000);
        b.Property(r => r.Measures).HasMaxLength(4000);
        b.Property(r => r.NextSteps).HasMaxLength(4000);
        b.Property(r => r.Signer).HasMaxLength(50);
        b.Property(r => r.Phone).HasMaxLength(40);
        b.Property(r => r.Kind).HasConversion<int>();
        b.Property(r => r.Severity).HasConversion<int>();
        b.Property(r => r.ProposedSeverity).HasConversion<int?>();
        b.Property(r => r.ProposedReason).HasMaxLength(40);
        b.Property(r => r.FinalConfirmation).HasMaxLength(500);
        b.ComplexProperty(r => r.Casualties, c => c.Property(x => x.DirectLossTenThousandYuan).HasPrecision(18, 2));
        b.Ignore(r => r.Title);
    }
}

internal sealed class PhoneReportConfiguration : IEntityTypeConfiguration<PhoneReport>
{
    public void Configure(EntityTypeBuilder<PhoneReport> b)
    {
        b.ToTable("phone_reports");
        b.HasIndex(p => p.IncidentId);
        b.Property(p => p.Caller).HasMaxLength(50);
        b.Property(p => p.Callee).HasMaxLength(50);
        b.Property(p => p.Summary).HasMaxLength(2000);
        b.Property(p => p.LoggedBy).HasMaxLength(100);
        b.Property(p => p.LateEntryReason).HasMaxLength(500);
    }
}

internal sealed class HandoverRecordConfiguration : IEntityTypeConfiguration<Duty.Handovers.HandoverRecord>
{
    public void Configure(EntityTypeBuilder<Duty.Handovers.HandoverRecord> b)
    {
        b.ToTable("handovers");
        b.HasIndex(h => new { h.UnitId, h.HandedOverAt });
        b.HasIndex(h => h.JurisdictionId);
        b.Property(h => h.HandedOverBy).HasMaxLength(100);
        b.Property(h => h.AcknowledgedBy).HasMaxLength(100);
        b.Property(h => h.Notes).HasMaxLength(2000);
        b.Property(h => h.AcknowledgementNote).HasMaxLength(500);
    }
}

internal sealed class ReportingRuleConfiguration : IEntityTypeConfiguration<ReportingRule>
{
    public void Configure(EntityTypeBuilder<ReportingRule> b)
    {
        b.ToTable("reporting_rules");
        b.Property(r => r.Name).HasMaxLength(100);
        b.Property(r => r.ReportTo).HasMaxLength(100);
        b.Property(r => r.MinSeverity).HasConversion<int?>();
        b.Property(r => r.EventClass).HasConversion<int?>();
        b.Property(r => r.OriginTier).HasConversion<int?>();
        b.Property(r => r.ReportToLevel).HasConversion<int?>();
        b.Property(r => r.EventTypeCode).HasMaxLength(20);
        b.Property(r => r.RetiredBy).HasMaxLength(100);
        b.Property(r => r.CreatedBy).HasMaxLength(100);
        b.Property(r => r.UpdatedBy).HasMaxLength(100);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class ReportingObligationConfiguration : IEntityTypeConfiguration<ReportingObligation>
{
    public void Configure(EntityTypeBuilder<ReportingObligation> b)
    {
        b.ToTable("reporting_obligations");
        b.HasIndex(o => new { o.IncidentId, o.RuleId, o.Channel, o.Kind, o.Sequence }).IsUnique();
        b.HasIndex(o => new { o.JurisdictionId, o.MetAt, o.DueAt });
        // The deadline scan (OverdueScanner): open obligations not yet alerted, by deadline, read as one index range each.
        b.HasIndex(o => new { o.AlertedAt, o.MetAt, o.CancelledAt, o.DueAt });
        b.HasIndex(o => new { o.DueSoonAlertedAt, o.MetAt, o.CancelledAt, o.DueAt });
        b.Property(o => o.RuleName).HasMaxLength(100);
        b.Property(o => o.ReportTo).HasMaxLength(100);
        b.Property(o => o.Channel).HasConversion<int>();
        b.Property(o => o.Kind).HasConversion<int>();
        b.Property(o => o.Reason).HasMaxLength(40);
    }
}

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Escalation.Submission>
{
    public void Configure(EntityTypeBuilder<Escalation.Submission> b)
    {
        b.ToTable("incident_submissions");
        b.HasIndex(s => new { s.IncidentId, s.ToUnitId }).IsUnique();
        b.HasIndex(s => new { s.ToUnitId, s.SignedAt });
        // The signing deadline scan (OverdueScanner): unsigned submissions not yet alerted, by submission time.
        b.HasIndex(s => new { s.SignedAt, s.SignAlertedAt, s.SubmittedAt });
        b.HasIndex(s => new { s.SignedAt, s.SignDueSoonAlertedAt, s.SubmittedAt });
        b.Property(s => s.SubmittedBy).HasMaxLength(100);
        b.Property(s => s.SignedBy).HasMaxLength(100);
        b.Property(s => s.Assessment).HasMaxLength(2000);
    }
}

internal sealed class DutyAlertConfiguration : IEntityTypeConfiguration<Deadlines.OverdueAlerts.DutyAlert>
{
    public void Configure(EntityTypeBuilder<Deadlines.OverdueAlerts.DutyAlert> b)
    {
        b.ToTable("duty_alerts");
        b.HasIndex(a => new { a.UnitId, a.AcknowledgedAt });
        b.HasIndex(a => new { a.ObligationId, a.UnitId, a.Kind }).IsUnique();
        b.HasIndex(a => new { a.VerificationRequestId, a.UnitId, a.Kind }).IsUnique();
        b.HasIndex(a => new { a.SubmissionId, a.UnitId, a.Kind }).IsUnique();
        b.HasIndex(a => a.AssignmentId);
        // The escalation scan: only alerts still waiting to escalate carry EscalateAt.
        b.HasIndex(a => a.EscalateAt);
        b.Property(a => a.Kind).HasConversion<int>();
        b.Property(a => a.Message).HasMaxLength(500);
        b.Property(a => a.AcknowledgedBy).HasMaxLength(100);
    }
}

internal sealed class VerificationRequestConfiguration : IEntityTypeConfiguration<Verification.VerificationRequest>
{
    public void Configure(EntityTypeBuilder<Verification.VerificationRequest> b)
    {
        b.ToTable("verification_requests");
        b.HasIndex(v => new { v.ToJurisdictionId, v.RequestedAt });
        b.HasIndex(v => new { v.FromUnitId, v.RequestedAt });
        // The deadline scan (OverdueScanner): unanswered requests not yet alerted, by deadline.
        b.HasIndex(v => new { v.AlertedAt, v.AnsweredAt, v.DueAt });
        b.HasIndex(v => new { v.DueSoonAlertedAt, v.AnsweredAt, v.DueAt });
        b.Property(v => v.Clue).HasMaxLength(4000);
        b.Property(v => v.Source).HasMaxLength(200);
        b.Property(v => v.RequestedBy).HasMaxLength(100);
        b.Property(v => v.AnsweredBy).HasMaxLength(100);
        b.Property(v => v.AnswerText).HasMaxLength(4000);
        b.Property(v => v.Result).HasConversion<int?>();
    }
}

internal sealed class ClueConfiguration : IEntityTypeConfiguration<Clues.Clue>
{
    public void Configure(EntityTypeBuilder<Clues.Clue> b)
    {
        b.ToTable("clues");
        b.HasIndex(c => new { c.JurisdictionId, c.CapturedAt });
        b.Property(c => c.Source).HasMaxLength(100);
        b.Property(c => c.Link).HasMaxLength(1000);
        b.Property(c => c.Excerpt).HasMaxLength(4000);
        b.Property(c => c.Judgement).HasMaxLength(16000);
        b.Property(c => c.CapturedBy).HasMaxLength(100);
        b.Property(c => c.Heat).HasConversion<int>();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class ShiftConfiguration : IEntityTypeConfiguration<Duty.Shift>
{
    public void Configure(EntityTypeBuilder<Duty.Shift> b)
    {
        b.ToTable("duty_shifts");
        b.HasIndex(s => new { s.UnitId, s.StartsAt });
        b.HasIndex(s => new { s.JurisdictionId, s.StartsAt });
        b.Property(s => s.DutyOfficers).HasMaxLength(100);
        b.Property(s => s.LeaderOnDuty).HasMaxLength(50);
        b.Property(s => s.Phone).HasMaxLength(40);
        b.Property(s => s.Note).HasMaxLength(500);
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class DutyLogEntryConfiguration : IEntityTypeConfiguration<Duty.DutyLogEntry>
{
    public void Configure(EntityTypeBuilder<Duty.DutyLogEntry> b)
    {
        b.ToTable("duty_log");
        b.HasIndex(e => new { e.UnitId, e.At });
        b.Property(e => e.By).HasMaxLength(100);
        b.Property(e => e.Text).HasMaxLength(4000);
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachments.Attachment>
{
    public void Configure(EntityTypeBuilder<Attachments.Attachment> b)
    {
        b.ToTable("incident_attachments");
        b.HasIndex(a => new { a.IncidentId, a.Sha256 }).IsUnique();
        b.HasIndex(a => a.JurisdictionId);
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.DeclaredContentType).HasMaxLength(100);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        b.Property(a => a.UploadedBy).HasMaxLength(100);
        b.HasOne<Incident>().WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<IncidentReport>().WithMany().HasForeignKey(a => a.ReportId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<Attachments.AttachmentContent>
{
    public void Configure(EntityTypeBuilder<Attachments.AttachmentContent> b)
    {
        b.ToTable("incident_attachment_contents");
        b.HasKey(c => c.AttachmentId);
        b.HasOne<Attachments.Attachment>().WithOne().HasForeignKey<Attachments.AttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
