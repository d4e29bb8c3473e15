using Beacon.Platform.Accounts;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Warnings;

public sealed record WarningAreaView(string Description, string? DivisionCode, string? Polygon, string? Circle);

public sealed record WarningResourceView(string Description, string MimeType, string Uri);

/// <summary>A warning as the API shows it; <see cref="Expired"/> is computed from the expiry at the time of reading.</summary>
public sealed record WarningView(
    Guid Id, Guid ChainId, Guid? PreviousId, string Change, string Stage, bool Expired, string Status, string Origin,
    string? Identifier, string Sender, DateTimeOffset? SentAt, string IssuerName, string EventCode, string EventName,
    string Level, string LevelName, string Severity, string Urgency, string Certainty,
    DateTimeOffset EffectiveAt, DateTimeOffset? OnsetAt, DateTimeOffset ExpiresAt,
    string Headline, string Description, string Instruction, string? HeadlineEn, string? DescriptionEn, string? InstructionEn,
    string? Contact, string? Web, IReadOnlyList<WarningAreaView> Areas, IReadOnlyList<WarningResourceView> Resources,
    string DraftedBy, DateTimeOffset DraftedAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewNote,
    string? SignedOffBy, DateTimeOffset? SignedOffAt, string? ImportNotes, int Version)
{
    /// <summary>Who drafted it, as people read it: display name（unit）; <see cref="DraftedBy"/> keeps the login.</summary>
    public string? DraftedByName { get; init; }

    /// <summary>Who reviewed it: display name（unit）.</summary>
    public string? ReviewedByName { get; init; }

    /// <summary>Who signed it off: display name（unit）.</summary>
    public string? SignedOffByName { get; init; }

    /// <summary>
    /// True when the caller reads it only because its areas cover their jurisdiction (decision 0036): issued by a unit
    /// outside their scope (above them), so they may read it but not edit, change, cancel or disseminate it.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>The logins of the sign-off trail, to resolve with <see cref="People"/>.</summary>
    public IEnumerable<string?> Logins() => [DraftedBy, ReviewedBy, SignedOffBy];

    /// <summary>This view with the sign-off trail's names filled in.</summary>
    public WarningView Named(PeopleNames names) =>
        this with { DraftedByName = names[DraftedBy], ReviewedByName = names[ReviewedBy], SignedOffByName = names[SignedOffBy] };

    public static WarningView Of(Warning w, DateTimeOffset now) => new(
        w.Id, w.ChainId, w.PreviousId, w.Change.ToString(), w.Stage.ToString(), w.IsExpiredAt(now), w.Status.ToString(), w.Origin.ToString(),
        w.Identifier, w.Sender, w.SentAt, w.IssuerName, w.EventCode, w.EventName,
        w.Level.ToString(), Warning.LevelName(w.Level), Warning.Severity(w.Level), w.Urgency, w.Certainty,
        w.EffectiveAt, w.OnsetAt, w.ExpiresAt,
        w.Headline, w.Description, w.Instruction, w.HeadlineEn, w.DescriptionEn, w.InstructionEn,
        w.Contact, w.Web, [.. w.Areas.OrderBy(a => a.Position).Select(a => new WarningAreaView(a.Description, a.DivisionCode, a.Polygon, a.Circle))],
        [.. w.Resources.Select(r => new WarningResourceView(r.Description, r.MimeType, r.Uri))],
        w.DraftedBy, w.DraftedAt, w.ReviewedBy, w.ReviewedAt, w.ReviewNote, w.SignedOffBy, w.SignedOffAt, w.ImportNotes, w.Version);
}

/// <summary>
/// Who may read a warning and who may act on it (decision 0036). Reading: the warnings issued in the caller's scope
/// (drafts included), and every message out of the release flow (published, received, superseded, cancelled) whose
/// areas name a jurisdiction of the caller's scope or one above it: a warning of the region or the prefecture for
/// their area reaches the duty rooms below, read-only. Acting (edit, review, sign-off, change, re-publish,
/// dissemination, statistics): the issuing jurisdiction's scope only (<see cref="Issued"/>).
/// </summary>
internal static class WarningQueries
{
    /// <summary>Warnings issued by units within the caller's scope, with their areas: what the caller may act on.</summary>
    public static IQueryable<Warning> Issued(this IQueryable<Warning> warnings, DataScope scope) =>
        warnings.Include(w => w.Areas).InScope(scope, w => w.IssuingJurisdictionId);

    /// <summary>Warnings the caller may read (see the class), with their areas.</summary>
    public static IQueryable<Warning> Visible(this IQueryable<Warning> warnings, DataScope scope, JurisdictionTree.Snapshot tree) =>
        warnings.Include(w => w.Areas).Readable(scope, tree);

    /// <summary>The filter of <see cref="Visible"/>, without loading the areas.</summary>
    public static IQueryable<Warning> Readable(this IQueryable<Warning> warnings, DataScope scope, JurisdictionTree.Snapshot tree)
    {
        if (scope.IsEverything)
        {
            return warnings;
        }

        var ids = scope.JurisdictionIds.ToList();
        // A township's 9-digit code counts by its county's 6 digits; codes above the caller only as they are (a
        // region-wide or prefecture-wide warning covers every county below it).
        var inScope = ids.Select(tree.Find).OfType<JurisdictionTree.Node>().Select(n => n.Code).Distinct().ToList();
        var above = Above(tree, scope.RootJurisdictionId).Select(n => n.Code).ToList();
        return warnings.Where(w => ids.Contains(w.IssuingJurisdictionId)
            || (w.Stage != WarningStage.Draft && w.Stage != WarningStage.InReview && w.Stage != WarningStage.Approved
                && w.Areas.Any(a => a.DivisionCode != null && (above.Contains(a.DivisionCode) || inScope.Contains(a.DivisionCode.Substring(0, 6))))));
    }

    /// <summary>
    /// The jurisdictions whose duty rooms may read <paramref name="warning"/> besides the issuing one: those its areas name
    /// (a township by its county) and every one below them. A push about the warning goes to a viewer whose scope
    /// holds one of them (with the issuing jurisdiction), which is the reading rule above.
    /// </summary>
    public static IReadOnlyCollection<Guid> Covered(Warning warning, JurisdictionTree.Snapshot tree)
    {
        var covered = new HashSet<Guid> { warning.IssuingJurisdictionId };
        if (warning.Stage is WarningStage.Draft or WarningStage.InReview or WarningStage.Approved)
        {
            return covered;
        }

        var codes = warning.Areas.Select(a => a.DivisionCode).OfType<string>().ToList();
        foreach (var node in tree.Nodes)
        {
            if (codes.Contains(node.Code, StringComparer.Ordinal))
            {
                covered.UnionWith(tree.DescendantsAndSelf(node.Id).Select(n => n.Id));
            }
            else if (codes.Any(c => c.Length > 6 && c.StartsWith(node.Code, StringComparison.Ordinal) && node.Code.Length == 6))
            {
                // A township's warning: read by its county and those above it, not by the units below the county.
                covered.Add(node.Id);
            }
        }

        return covered;
    }

    private static IEnumerable<JurisdictionTree.Node> Above(JurisdictionTree.Snapshot tree, Guid? rootId)
    {
        var node = rootId is { } id ? tree.Find(id) : null;
        while (node?.ParentId is { } parent && tree.Find(parent) is { } up)
        {
            yield return up;
            node = up;
        }
    }
}
