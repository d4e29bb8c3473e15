using Beacon.Platform.Data;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Warnings.Upstream;

/// <summary>Where a push to the upstream publisher stands.</summary>
public enum UpstreamState
{
    /// <summary>Waiting for its (next) attempt: 排队.</summary>
    Queued,

    /// <summary>The publisher answered 2xx: 已受理.</summary>
    Accepted,

    /// <summary>Refused (4xx) or given up after the configured attempts: 失败.</summary>
    Failed,
}

/// <summary>
/// One signed-off message to push as CAP to the upstream publisher (<see cref="UpstreamOptions"/>). Inserted in the
/// transaction of the sign-off, so a message signed off is pushed even if the server dies right after; the
/// <see cref="UpstreamPublisher"/> posts it and records the answer. Read through its warning's scope.
/// </summary>
public sealed class UpstreamPush
{
    public const int MaxAcknowledgement = 2000, MaxError = 1000, MaxUrl = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid WarningId { get; set; }

    /// <summary>The CAP identifier of the message pushed.</summary>
    public string Identifier { get; set; } = "";

    /// <summary>Where it went: the configured URL when it was queued, then at its last attempt.</summary>
    public string Url { get; set; } = "";

    public UpstreamState State { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the next attempt is due (Queued only).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>The HTTP status of the last answer; null when there was none (timeout, connection refused).</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>Why the last attempt did not succeed; null after an accepted one.</summary>
    public string? LastError { get; set; }

    /// <summary>The publisher's answer (回执), trimmed, at most <see cref="MaxAcknowledgement"/> characters.</summary>
    public string? Acknowledgement { get; set; }

    /// <summary>The identifier of the publisher's answer when it is a CAP message (an Ack); else null.</summary>
    public string? AcknowledgementIdentifier { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was Accepted or Failed.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Queues the push of a message just signed off, in the caller's transaction (nothing when pushing is off).</summary>
    internal static void Enqueue(BeaconDb db, Warning warning, UpstreamOptions options, DateTimeOffset now)
    {
        if (!options.Enabled || string.IsNullOrWhiteSpace(options.Url) || warning.Identifier is null)
        {
            return;
        }

        db.Add(new UpstreamPush
        {
            WarningId = warning.Id,
            Identifier = warning.Identifier,
            Url = options.Url.Length > MaxUrl ? options.Url[..MaxUrl] : options.Url,
            State = UpstreamState.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }
}

internal sealed class UpstreamPushConfiguration : IEntityTypeConfiguration<UpstreamPush>
{
    public void Configure(EntityTypeBuilder<UpstreamPush> b)
    {
        b.ToTable("upstream_pushes");
        // One push per message: a message is signed off once.
        b.HasIndex(p => p.WarningId).IsUnique();
        b.HasIndex(p => new { p.State, p.NextAttemptAt });
        b.Property(p => p.Identifier).HasMaxLength(120);
        b.Property(p => p.Url).HasMaxLength(UpstreamPush.MaxUrl);
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(10);
        b.Property(p => p.LastError).HasMaxLength(UpstreamPush.MaxError);
        b.Property(p => p.Acknowledgement).HasMaxLength(UpstreamPush.MaxAcknowledgement);
        b.Property(p => p.AcknowledgementIdentifier).HasMaxLength(200);
    }
}
