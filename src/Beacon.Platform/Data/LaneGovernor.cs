namespace Beacon.Platform.Data;

/// <summary>
/// The bounds within which the group commit adapts (configuration <c>Beacon:Database:GroupCommit…</c>, decision 0034).
/// </summary>
/// <param name="MinBatch">The fewest writes a batch may be limited to.</param>
/// <param name="MaxBatch">The most writes one batch (one transaction) takes.</param>
/// <param name="MinLanes">Lanes at start and the fewest the governor keeps.</param>
/// <param name="MaxLanes">The most lanes the governor opens (1 on SQLite: one writer per file).</param>
/// <param name="TargetWait">How long a write may wait in its lane before its batch begins before the lane counts as behind.</param>
/// <param name="Settle">How long a lane count is kept before it is judged (and how often the governor decides).</param>
public sealed record GroupCommitBounds(int MinBatch, int MaxBatch, int MinLanes, int MaxLanes, TimeSpan TargetWait, TimeSpan Settle)
{
    /// <summary>The bounds of <paramref name="options"/>, made consistent (every minimum at least 1 and at most its maximum).</summary>
    public static GroupCommitBounds From(DatabaseOptions options)
    {
        var maxBatch = Math.Max(1, options.GroupCommitMaxBatch);
        var minLanes = options.IsPostgres ? Math.Max(1, options.PostgresWriteLanes) : 1;
        var maxLanes = options.IsPostgres ? Math.Max(minLanes, options.PostgresMaxWriteLanes) : 1;
        return new GroupCommitBounds(Math.Clamp(options.GroupCommitMinBatch, 1, maxBatch), maxBatch, minLanes, maxLanes,
            options.GroupCommitTargetWait > TimeSpan.Zero ? options.GroupCommitTargetWait : TimeSpan.FromMilliseconds(50),
            options.GroupCommitSettle > TimeSpan.Zero ? options.GroupCommitSettle : TimeSpan.FromSeconds(2));
    }
}

/// <summary>
/// Decides, from what the lanes of the group commit measure, how many writes a batch takes and how many lanes take writes,
/// instead of constants tuned on one machine (decision 0034). Fed one observation per saved batch (from every lane);
/// deterministic: time is read from the given <see cref="TimeProvider"/> only.
/// <list type="bullet">
/// <item><b>Batch limit</b>: doubles (up to <see cref="GroupCommitBounds.MaxBatch"/>) whenever a lane left writes behind after
/// filling a batch, halves (down to <see cref="GroupCommitBounds.MinBatch"/>) when batches use a quarter of it or less. A
/// backlog is thus swallowed in few commits, and a quiet lane keeps short transactions.</item>
/// <item><b>Lanes</b> (PostgreSQL): every <see cref="GroupCommitBounds.Settle"/> the governor looks at the window past. When most
/// batches began with a write that had waited longer than <see cref="GroupCommitBounds.TargetWait"/>, it opens one more lane,
/// remembering the rate it committed at. If the lanes are still behind a window later and commit no faster (less than 10% more),
/// the lane is closed again and that count is not tried for 15 windows: on a machine where lanes only queue for each
/// other (the chain head, the flush, the CPU) more of them are refused by measurement, not by a constant. After five
/// quiet windows (no batch behind) one lane is closed, down to <see cref="GroupCommitBounds.MinLanes"/>.</item>
/// </list>
/// </summary>
public sealed class LaneGovernor
{
    private const int TrialWindows = 15;
    private const int QuietWindows = 5;
    private const double TrialGain = 1.1;

    private readonly GroupCommitBounds _bounds;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private int _batchLimit;
    private int _activeLanes;
    private int _ceiling;
    private long _ceilingUntil;
    private long _windowStart;
    private long _lastBehind;
    private int _windowWrites;
    private int _windowBatches;
    private int _windowBehind;
    private double? _rateBeforeTrial;

    public LaneGovernor(GroupCommitBounds bounds, TimeProvider clock)
    {
        _bounds = bounds;
        _clock = clock;
        _batchLimit = Math.Clamp(200, bounds.MinBatch, bounds.MaxBatch);
        _activeLanes = bounds.MinLanes;
        _ceiling = bounds.MaxLanes;
        _windowStart = _lastBehind = clock.GetTimestamp();
    }

    public GroupCommitBounds Bounds => _bounds;

    /// <summary>The most writes the next batch of a lane takes.</summary>
    public int BatchLimit => Volatile.Read(ref _batchLimit);

    /// <summary>How many lanes new writes are spread over (lane keys hashed over this many).</summary>
    public int ActiveLanes => Volatile.Read(ref _activeLanes);

    /// <summary>
    /// One saved batch: <paramref name="taken"/> writes, <paramref name="left"/> still queued in its lane when it was taken,
    /// <paramref name="oldestWait"/> the longest any of them had waited, <paramref name="duration"/> from first statement to commit.
    /// Returns what changed, if anything, for the log and the tests.
    /// </summary>
    public GovernorChange Observe(int taken, int left, TimeSpan oldestWait, TimeSpan duration)
    {
        _ = duration; // Recorded by the meter; the decisions follow waits and committed rates, which include it.
        lock (_lock)
        {
            var now = _clock.GetTimestamp();
            var change = GovernorChange.None;
            if (left > 0 && taken >= _batchLimit && _batchLimit < _bounds.MaxBatch)
            {
                _batchLimit = Math.Min(_bounds.MaxBatch, _batchLimit * 2);
                change |= GovernorChange.BatchLimitRaised;
            }
            else if (left == 0 && taken * 4 <= _batchLimit && _batchLimit > _bounds.MinBatch)
            {
                _batchLimit = Math.Max(_bounds.MinBatch, _batchLimit / 2);
                change |= GovernorChange.BatchLimitLowered;
            }

            _windowWrites += taken;
            _windowBatches++;
            if (oldestWait > _bounds.TargetWait)
            {
                _windowBehind++;
                _lastBehind = now;
            }

            var window = _clock.GetElapsedTime(_windowStart, now);
            if (window < _bounds.Settle)
            {
                return change;
            }

            change |= DecideLanes(now, _windowWrites / window.TotalSeconds, _windowBehind * 2 > _windowBatches);
            _windowStart = now;
            _windowWrites = _windowBatches = _windowBehind = 0;
            return change;
        }
    }

    private GovernorChange DecideLanes(long now, double rate, bool behind)
    {
        if (_ceiling < _bounds.MaxLanes && now >= _ceilingUntil)
        {
            _ceiling = _bounds.MaxLanes;
        }

        if (_rateBeforeTrial is { } before)
        {
            _rateBeforeTrial = null;
            if (behind && rate < before * TrialGain)
            {
                // The extra lane did not commit more: lanes here only queue for each other. Back, and not again for a while.
                _activeLanes--;
                _ceiling = _activeLanes;
                _ceilingUntil = now + (long)(_bounds.Settle.TotalSeconds * TrialWindows * _clock.TimestampFrequency);
                return GovernorChange.LaneClosed | GovernorChange.TrialFailed;
            }
        }

        if (behind && _activeLanes < _ceiling)
        {
            _rateBeforeTrial = rate;
            _activeLanes++;
            return GovernorChange.LaneOpened;
        }

        if (!behind && _activeLanes > _bounds.MinLanes
            && _clock.GetElapsedTime(_lastBehind, now) >= _bounds.Settle * QuietWindows)
        {
            _activeLanes--;
            _lastBehind = now; // the next lane closes only after another quiet stretch
            return GovernorChange.LaneClosed;
        }

        return GovernorChange.None;
    }
}

/// <summary>What one observation changed.</summary>
[Flags]
public enum GovernorChange
{
    None = 0,
    BatchLimitRaised = 1,
    BatchLimitLowered = 2,
    LaneOpened = 4,
    LaneClosed = 8,
    TrialFailed = 16,
}
