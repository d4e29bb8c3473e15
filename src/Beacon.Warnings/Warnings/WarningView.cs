using Beacon.Platform.Accounts;
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

internal static class WarningQueries
{
    /// <summary>Warnings of issuing units within the caller's scope, with their areas.</summary>
    public static IQueryable<Warning> Visible(this IQueryable<Warning> warnings, DataScope scope) =>
        warnings.Include(w => w.Areas).InScope(scope, w => w.IssuingJurisdictionId);
}
