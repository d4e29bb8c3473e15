using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Contracts;

/// <summary>The warnings module's side of <see cref="IWarningQueries"/>: the warnings the caller may read, as on the warnings pages (decision 0036).</summary>
internal sealed class WarningQueries(BeaconDbFactory dbs, ScopeService scopes, Platform.Jurisdictions.JurisdictionTree tree, TimeProvider clock) : IWarningQueries
{
    public async Task<IReadOnlyList<WarningSummary>> CurrentAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<Warning>().AsNoTracking().Visible(scope, await tree.GetAsync(ct))
            .Where(w => (w.Stage == WarningStage.Published || w.Stage == WarningStage.Received) && w.ExpiresAt > now)
            .OrderBy(w => w.Level).ThenByDescending(w => w.SentAt).ThenBy(w => w.Id).Take(500).ToListAsync(ct);
        return [.. rows.Select(w => new WarningSummary(w.Id, w.Identifier ?? "", w.Headline, w.EventCode, w.Level.ToString(),
            w.Status != WarningStatus.Actual, w.IssuingJurisdictionId,
            [.. w.Areas.OrderBy(a => a.Position).Select(a => a.DivisionCode).OfType<string>()], w.SentAt ?? w.DraftedAt, w.ExpiresAt))];
    }
}
