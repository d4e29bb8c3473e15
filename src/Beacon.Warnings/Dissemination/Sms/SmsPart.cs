using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Warnings.Dissemination.Sms;

/// <summary>
/// One part of an SMS the gateway accepted, with the gateway's Msg_Id: how a status report (状态报告), which names
/// one part, finds its delivery. A delivery is delivered when every part is, failed when one part fails.
/// </summary>
public sealed class SmsPart
{
    public long DeliveryId { get; set; }

    /// <summary>1-based, as Pk_number.</summary>
    public int Number { get; set; }

    public int Total { get; set; }

    /// <summary>The gateway's Msg_Id (an unsigned 64-bit number, stored with the same bits).</summary>
    public long MsgId { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The status report's Stat (DELIVRD, UNDELIV, EXPIRED …), once it came.</summary>
    public string? Stat { get; set; }

    public DateTimeOffset? ReportedAt { get; set; }
}

internal sealed class SmsPartConfiguration : IEntityTypeConfiguration<SmsPart>
{
    public void Configure(EntityTypeBuilder<SmsPart> b)
    {
        b.ToTable("sms_parts");
        b.HasKey(p => new { p.DeliveryId, p.Number });
        b.HasIndex(p => p.MsgId);
        b.Property(p => p.Stat).HasMaxLength(7);
    }
}
