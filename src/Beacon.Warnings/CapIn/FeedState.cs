using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Warnings.CapIn;

/// <summary>
/// What the polls of one configured CAP feed (<c>Beacon:Warnings:Feeds</c>) did: one row per feed URL and receiving
/// jurisdiction, written by <see cref="FeedPoller"/> after every poll. It belongs to the receiving jurisdiction: a
/// county sees the feeds its own duty room receives (and the ones below it), never a neighbour's.
/// </summary>
public sealed class FeedState
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Url { get; set; } = "";

    /// <summary>The jurisdiction whose duty room receives the feed's warnings.</summary>
    public Guid JurisdictionId { get; set; }

    public DateTimeOffset? LastPolledAt { get; set; }

    public DateTimeOffset? LastSucceededAt { get; set; }

    /// <summary>What went wrong in the last poll (unreachable, not XML, broken entries); null when it went well.</summary>
    public string? LastError { get; set; }

    /// <summary>Entries the feed listed in the last poll.</summary>
    public int EntriesLastPoll { get; set; }

    /// <summary>Messages received (new, not duplicates) in the last poll.</summary>
    public int ReceivedLastPoll { get; set; }

    /// <summary>Messages received from this feed since it was first polled.</summary>
    public int ReceivedTotal { get; set; }

    public const int MaxUrl = 500, MaxError = 1000;
}

internal sealed class FeedStateConfiguration : IEntityTypeConfiguration<FeedState>
{
    public void Configure(EntityTypeBuilder<FeedState> b)
    {
        b.ToTable("feed_states");
        b.HasIndex(f => new { f.Url, f.JurisdictionId }).IsUnique();
        b.HasIndex(f => f.JurisdictionId);
        b.Property(f => f.Url).HasMaxLength(FeedState.MaxUrl);
        b.Property(f => f.LastError).HasMaxLength(FeedState.MaxError);
    }
}
