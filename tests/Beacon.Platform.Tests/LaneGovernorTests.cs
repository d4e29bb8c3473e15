using Beacon.Platform.Data;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// The group commit's governor (decision 0034): what it decides from the batches it is told about, on a fake clock.
/// No database, no sleeps: each test feeds batches and moves the clock.
/// </summary>
public sealed class LaneGovernorTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Behind = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan OnTime = TimeSpan.FromMilliseconds(5);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    private LaneGovernor Governor(int minLanes = 1, int maxLanes = 4, int minBatch = 50, int maxBatch = 1000) =>
        new(new GroupCommitBounds(minBatch, maxBatch, minLanes, maxLanes, Target, Settle), _clock);

    /// <summary>Batches of <paramref name="taken"/> writes every <paramref name="every"/> for <paramref name="span"/>; the changes seen.</summary>
    private GovernorChange Feed(LaneGovernor governor, TimeSpan span, TimeSpan every, int taken, int left, TimeSpan wait)
    {
        var changes = GovernorChange.None;
        for (var t = TimeSpan.Zero; t < span; t += every)
        {
            _clock.Advance(every);
            changes |= governor.Observe(taken, left, wait, every);
        }

        return changes;
    }

    [Fact]
    public void It_starts_with_the_fewest_lanes_and_a_batch_limit_within_the_bounds()
    {
        Assert.Equal(1, Governor().ActiveLanes);
        Assert.Equal(200, Governor().BatchLimit);
        Assert.Equal(2, Governor(minLanes: 2).ActiveLanes);
        Assert.Equal(64, Governor(maxBatch: 64).BatchLimit);
        Assert.Equal(300, Governor(minBatch: 300).BatchLimit);
    }

    [Fact]
    public void A_full_batch_with_writes_left_behind_doubles_the_limit_up_to_the_most_allowed()
    {
        var governor = Governor(maxBatch: 500);

        Assert.Equal(GovernorChange.BatchLimitRaised, governor.Observe(200, 350, OnTime, OnTime));
        Assert.Equal(400, governor.BatchLimit);
        governor.Observe(400, 10, OnTime, OnTime);
        Assert.Equal(500, governor.BatchLimit);
        Assert.Equal(GovernorChange.None, governor.Observe(500, 900, OnTime, OnTime));
        Assert.Equal(500, governor.BatchLimit);
    }

    [Fact]
    public void A_batch_under_its_limit_leaves_it_and_a_quiet_lane_halves_it_down_to_the_fewest()
    {
        var governor = Governor(minBatch: 60);

        Assert.Equal(GovernorChange.None, governor.Observe(120, 0, OnTime, OnTime)); // used more than a quarter
        Assert.Equal(200, governor.BatchLimit);
        Assert.Equal(GovernorChange.BatchLimitLowered, governor.Observe(10, 0, OnTime, OnTime));
        Assert.Equal(100, governor.BatchLimit);
        governor.Observe(3, 0, OnTime, OnTime);
        governor.Observe(3, 0, OnTime, OnTime);
        Assert.Equal(60, governor.BatchLimit);
    }

    [Fact]
    public void Lanes_that_keep_up_stay_as_they_are()
    {
        var governor = Governor();

        var changes = Feed(governor, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20), taken: 20, left: 0, OnTime);

        Assert.Equal(GovernorChange.None, changes & (GovernorChange.LaneOpened | GovernorChange.LaneClosed));
        Assert.Equal(1, governor.ActiveLanes);
    }

    [Fact]
    public void Writes_waiting_past_the_target_open_a_lane_only_once_a_window_has_settled()
    {
        var governor = Governor();

        // Under the settle time nothing is decided, however far behind.
        Feed(governor, Settle - TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind);
        Assert.Equal(1, governor.ActiveLanes);

        var changes = Feed(governor, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind);

        Assert.True(changes.HasFlag(GovernorChange.LaneOpened));
        Assert.Equal(2, governor.ActiveLanes);
    }

    [Fact]
    public void A_lane_that_commits_more_is_kept_and_more_are_opened_up_to_the_most_allowed()
    {
        var governor = Governor(maxLanes: 3);
        Feed(governor, Settle, TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind); // 1,000/s committed, behind
        Assert.Equal(2, governor.ActiveLanes);

        // Two lanes commit 1,600/s, still behind: kept, and a third is tried.
        Feed(governor, Settle, TimeSpan.FromMilliseconds(50), taken: 80, left: 100, Behind);
        Assert.Equal(3, governor.ActiveLanes);

        // Faster again (2,400/s): kept; no fourth, the bound is three.
        Feed(governor, Settle, TimeSpan.FromMilliseconds(25), taken: 60, left: 100, Behind);
        Feed(governor, Settle, TimeSpan.FromMilliseconds(25), taken: 60, left: 100, Behind);
        Assert.Equal(3, governor.ActiveLanes);
    }

    [Fact]
    public void A_lane_that_does_not_commit_more_is_closed_again_and_not_tried_for_fifteen_windows()
    {
        var governor = Governor();
        Feed(governor, Settle, TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind); // 1,000/s
        Assert.Equal(2, governor.ActiveLanes);

        // Two lanes, still behind, and no faster (1,040/s: under 10% more): back to one.
        var changes = Feed(governor, Settle, TimeSpan.FromMilliseconds(50), taken: 52, left: 100, Behind);
        Assert.True(changes.HasFlag(GovernorChange.TrialFailed));
        Assert.Equal(1, governor.ActiveLanes);

        // Still behind, but the second lane is not tried again within fifteen windows…
        Feed(governor, Settle * 14, TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind);
        Assert.Equal(1, governor.ActiveLanes);

        // …and is tried again after them (the machine may have changed).
        Feed(governor, Settle, TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind);
        Assert.Equal(2, governor.ActiveLanes);
    }

    [Fact]
    public void A_lane_that_catches_up_is_kept_though_it_commits_no_faster_than_the_arrivals()
    {
        var governor = Governor();
        Feed(governor, Settle, TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind);
        Assert.Equal(2, governor.ActiveLanes);

        // Not behind any more: the rate is the arrival rate, and the lane stays.
        var changes = Feed(governor, Settle, TimeSpan.FromMilliseconds(20), taken: 20, left: 0, OnTime);

        Assert.Equal(GovernorChange.None, changes & (GovernorChange.LaneOpened | GovernorChange.LaneClosed));
        Assert.Equal(2, governor.ActiveLanes);
    }

    [Fact]
    public void After_five_quiet_windows_one_lane_is_closed_at_a_time_down_to_the_fewest()
    {
        var governor = Governor(minLanes: 1);
        Feed(governor, Settle, TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind);
        Feed(governor, Settle, TimeSpan.FromMilliseconds(40), taken: 100, left: 100, Behind);
        Assert.Equal(3, governor.ActiveLanes);

        Feed(governor, Settle * 4, TimeSpan.FromMilliseconds(20), taken: 5, left: 0, OnTime);
        Assert.Equal(3, governor.ActiveLanes);
        Feed(governor, Settle * 2, TimeSpan.FromMilliseconds(20), taken: 5, left: 0, OnTime);
        Assert.Equal(2, governor.ActiveLanes);
        Feed(governor, Settle * 5, TimeSpan.FromMilliseconds(20), taken: 5, left: 0, OnTime);
        Assert.Equal(1, governor.ActiveLanes);
        Feed(governor, Settle * 20, TimeSpan.FromMilliseconds(20), taken: 5, left: 0, OnTime);
        Assert.Equal(1, governor.ActiveLanes);
    }

    [Fact]
    public void Sqlite_always_has_one_lane_whatever_is_configured()
    {
        var bounds = GroupCommitBounds.From(new DatabaseOptions { Provider = "Sqlite", PostgresWriteLanes = 3, PostgresMaxWriteLanes = 8 });
        var governor = new LaneGovernor(bounds, _clock);

        Feed(governor, Settle * 5, TimeSpan.FromMilliseconds(100), taken: 100, left: 100, Behind);

        Assert.Equal((1, 1), (bounds.MinLanes, bounds.MaxLanes));
        Assert.Equal(1, governor.ActiveLanes);
    }

    [Fact]
    public void Bounds_from_configuration_are_made_consistent()
    {
        var bounds = GroupCommitBounds.From(new DatabaseOptions
        {
            Provider = "Postgres",
            PostgresWriteLanes = 3,
            PostgresMaxWriteLanes = 2,
            GroupCommitMinBatch = 5000,
            GroupCommitMaxBatch = 400,
            GroupCommitTargetWait = TimeSpan.Zero,
        });

        Assert.Equal((3, 3), (bounds.MinLanes, bounds.MaxLanes));
        Assert.Equal((400, 400), (bounds.MinBatch, bounds.MaxBatch));
        Assert.Equal(TimeSpan.FromMilliseconds(50), bounds.TargetWait);
    }
}
