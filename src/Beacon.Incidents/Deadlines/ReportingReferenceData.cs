using Beacon.Incidents.Classification;
using Beacon.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Deadlines;

/// <summary>
/// The active event types, reporting rules and leader-approval rules, read on every report and changed rarely: kept in memory for a
/// minute, and dropped at once when a rule is changed through this node (<see cref="Invalidate"/>). Another node's
/// change is seen here within the minute.
/// </summary>
public sealed class ReportingReferenceData(DbContextOptions<BeaconDb> dbOptions, TimeProvider clock)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    private volatile Entry? _entry;

    public async Task<EventType?> EventTypeAsync(string code, CancellationToken ct) =>
        (await GetAsync(ct)).Types.GetValueOrDefault(code);

    public async Task<IReadOnlyList<ReportingRule>> ActiveRulesAsync(CancellationToken ct) => (await GetAsync(ct)).Rules;

    /// <summary>
    /// The jurisdiction's rule that 上报 needs the leader on duty's approval (decision 0039), or null when it has none
    /// switched on: read from the same cached snapshot, so the first-report path reads no row for it.
    /// </summary>
    public async Task<Reporting.LeaderApproval.ReportApprovalRule?> ApprovalRuleAsync(Guid jurisdictionId, CancellationToken ct) =>
        (await GetAsync(ct)).Approvals.GetValueOrDefault(jurisdictionId);

    public void Invalidate() => _entry = null;

    private async Task<Entry> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_entry is { } entry && now - entry.LoadedAt < KeepFor)
        {
            return entry;
        }

        await using var db = new BeaconDb(dbOptions, Platform.Scope.Actor.System, clock);
        var types = await db.Set<EventType>().AsNoTracking().Where(t => t.IsActive).ToDictionaryAsync(t => t.Code, StringComparer.Ordinal, ct);
        var rules = await db.Set<ReportingRule>().AsNoTracking().Where(r => r.IsActive).ToListAsync(ct);
        var approvals = await db.Set<Reporting.LeaderApproval.ReportApprovalRule>().AsNoTracking().Where(r => r.IsRequired).ToDictionaryAsync(r => r.JurisdictionId, ct);
        var loaded = new Entry(types, rules, approvals, now);
        _entry = loaded;
        return loaded;
    }

    private sealed record Entry(
        Dictionary<string, EventType> Types, IReadOnlyList<ReportingRule> Rules, Dictionary<Guid, Reporting.LeaderApproval.ReportApprovalRule> Approvals, DateTimeOffset LoadedAt);
}
