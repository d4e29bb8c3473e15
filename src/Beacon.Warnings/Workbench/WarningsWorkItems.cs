using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Beacon.Platform.Workbench;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Workbench;

/// <summary>
/// Warnings awaiting the person signed in: drafts to review (待审核) for the review roles and reviewed warnings to
/// sign off (签发) for the sign-off roles, in scope by the release handler's rule (the issuing jurisdiction), and
/// never one the person wrote or reviewed when duties are separate (拟稿、审核、签发 by different people).
/// </summary>
internal sealed class WarningsWorkItems(BeaconDbFactory dbs, IOptions<WarningsOptions> options, IStringLocalizer<WarningsWorkbenchResource> L)
    : IWorkItemSource
{
    public const string Review = "warning.review";
    public const string SignOff = "warning.sign-off";

    public async Task<IReadOnlyList<WorkItem>> GetAsync(WorkbenchViewer viewer, CancellationToken ct)
    {
        var actor = viewer.Actor;
        var o = options.Value;
        var review = o.ReviewRoles.Any(actor.IsInRole);
        var signOff = o.SignOffRoles.Any(actor.IsInRole);
        if (!review && !signOff)
        {
            return [];
        }

        var me = actor.UserName;
        await using var db = dbs.CreateDbContext();
        var inScope = db.Set<Warning>().AsNoTracking().InScope(viewer.Scope, w => w.IssuingJurisdictionId);
        var query = inScope.Where(w => (review && w.Stage == WarningStage.InReview) || (signOff && w.Stage == WarningStage.Approved));
        if (o.SeparateDuties)
        {
            query = query.Where(w => w.DraftedBy != me && (w.Stage != WarningStage.Approved || w.ReviewedBy != me));
        }

        var rows = await query.OrderBy(w => w.DraftedAt).Take(200)
            .Select(w => new { w.Id, w.Stage, w.Headline, w.IssuerName, w.DraftedAt, w.ReviewedAt, w.EffectiveAt })
            .ToListAsync(ct);
        return [.. rows.Select(w => w.Stage == WarningStage.InReview
            ? new WorkItem(Review, L["Kind.Review"], 16, w.Id.ToString(), "", w.Headline, w.IssuerName, w.DraftedAt, null, WorkItemUrgency.Normal, $"warnings/{w.Id}")
            : new WorkItem(SignOff, L["Kind.SignOff"], 12, w.Id.ToString(), "", w.Headline, w.IssuerName, w.ReviewedAt ?? w.DraftedAt, null, WorkItemUrgency.Normal, $"warnings/{w.Id}"))];
    }
}
