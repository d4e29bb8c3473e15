using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Audit;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Beacon.Warnings.Cap;
using Beacon.Warnings.Drafting;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Release;

public sealed record ReviewRequest([property: Required] bool? Approve, [property: StringLength(1000)] string? Note);

/// <summary>
/// The sign-off (签发): an optional note, and the channels the leader chose (渠道选择); none given: every channel. Only
/// the chosen channels get deliveries; the choice is recorded with the sign-off in the audit trail.
/// </summary>
public sealed record SignOffRequest([property: StringLength(1000)] string? Note, IReadOnlyList<Dissemination.WarningChannel>? Channels = null);

/// <summary>
/// A change to a published warning: an update, an upgrade or downgrade of level, an extension, or the cancel (解除).
/// It starts a new draft of the chain that goes through review and sign-off like the first; <paramref name="Content"/>
/// is the new content (for a cancel: headline, description and instruction of the all-clear; the rest is kept).
/// </summary>
public sealed record ChangeRequest(
    [property: Required, EnumDataType(typeof(WarningChange), ErrorMessage = "must be Update, Upgrade, Downgrade, Extend or Cancel")] WarningChange? Change,
    WarningDraftRequest? Content);

/// <summary>The release flow: submit for review (送审), review (审核), sign-off (签发) which publishes, and changes of a published warning.</summary>
public sealed class ReleaseHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, TimeProvider clock, BeijingTime beijing,
    IOptions<WarningsOptions> options, DraftingHandler drafting, CapOut.PublicWarnings publicWarnings, Dissemination.Dispatcher dispatcher,
    Platform.Modules.IntegrationEvents integration, Platform.Workbench.WorkbenchSignal workbench, Upstream.UpstreamPublisher upstream)
{
    public async Task<IResult> SubmitAsync(Guid id, string? ifMatch, CancellationToken ct) =>
        await StepAsync(id, ifMatch, WarningStage.Draft, options.Value.DraftRoles, "submit it for review", WarningErrors.SubmitNotAllowed, (w, now) =>
        {
            w.Stage = WarningStage.InReview;
            w.ReviewNote = null;
            return Task.FromResult<IResult?>(null);
        }, ct);

    public async Task<IResult> ReviewAsync(Guid id, string? ifMatch, ReviewRequest r, CancellationToken ct) =>
        await StepAsync(id, ifMatch, WarningStage.InReview, options.Value.ReviewRoles, "review it", WarningErrors.ReviewNotAllowed, (w, now) =>
        {
            if (r.Approve == false && string.IsNullOrWhiteSpace(r.Note))
            {
                return Task.FromResult<IResult?>(ApiResults.Invalid("note", WarningErrors.ReviewNoteRequired, "say why the draft goes back"));
            }

            if (options.Value.SeparateDuties && w.DraftedBy == scopes.Actor.UserName)
            {
                return Task.FromResult<IResult?>(ApiResults.Forbidden(WarningErrors.ReviewSamePerson, "The one who wrote a warning does not review it (拟稿、审核、签发 by different people)."));
            }

            w.Stage = r.Approve == true ? WarningStage.Approved : WarningStage.Draft;
            w.ReviewedBy = scopes.Actor.UserName;
            w.ReviewedAt = now;
            w.ReviewNote = r.Note?.Trim();
            return Task.FromResult<IResult?>(null);
        }, ct);

    /// <summary>Signs off (签发) and publishes: the identifier and sent time are given, and an earlier message of the chain is superseded or, for a cancel, the chain ends.</summary>
    public async Task<IResult> SignOffAsync(Guid id, string? ifMatch, SignOffRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.SignOff, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warning = await db.Set<Warning>().Issued(scope).SingleOrDefaultAsync(w => w.Id == id, ct);
        if (warning is null)
        {
            return ApiResults.NotFound(WarningErrors.NotFound, "Warning");
        }

        var me = scopes.Actor.UserName;
        var refusal = !options.Value.SignOffRoles.Any(scopes.Actor.IsInRole) ? "no sign-off rights"
            : options.Value.SeparateDuties && (warning.DraftedBy == me || warning.ReviewedBy == me) ? "drafted or reviewed it"
            : null;
        if (refusal is not null)
        {
            // Refused attempts to publish are evidence too: they land in the audit trail.
            db.ChangeTracker.Clear();
            db.Audit("warning.sign-off", nameof(Warning), id.ToString(), new { reason = refusal, warning.Headline }, AuditOutcome.Denied);
            await db.SaveChangesAsync(ct);
            return refusal == "no sign-off rights"
                ? ApiResults.Forbidden(WarningErrors.SignOffNoRights, "Only a leader with sign-off rights (签发权限) can sign off and publish a warning.")
                : ApiResults.Forbidden(WarningErrors.SignOffSamePerson, "The one who wrote or reviewed a warning does not sign it off (拟稿、审核、签发 by different people).");
        }

        if (ApiResults.CheckIfMatch(ifMatch, warning.Version) is { } precondition)
        {
            return precondition;
        }

        if (r.Channels is { Count: 0 })
        {
            return ApiResults.Invalid("channels", WarningErrors.SignOffNoChannel, "choose at least one channel, or leave it out for every channel");
        }

        var at = r.Channels?.Select((c, i) => Enum.IsDefined(c) ? -1 : i).FirstOrDefault(i => i >= 0, -1) ?? -1;
        if (at >= 0)
        {
            return ApiResults.Invalid($"channels[{at}]", WarningErrors.SignOffNoChannel, "must be Sms, Email or Webhook");
        }

        if (warning.Stage != WarningStage.Approved)
        {
            return ApiResults.Conflict(WarningErrors.SignOffNotApproved, $"Only a reviewed warning can be signed off; this one is {warning.Stage}.");
        }

        var now = clock.GetUtcNow();
        Warning? previous = null;
        if (warning.PreviousId is { } previousId)
        {
            previous = await db.Set<Warning>().SingleAsync(w => w.Id == previousId, ct);
            if (previous.Stage != WarningStage.Published)
            {
                return ApiResults.Conflict(WarningErrors.ChainNotCurrent, $"The warning this message changes is no longer current ({previous.Stage}); start again from the current one.");
            }

            if (WarningChains.Check(warning, previous, "") is { } broken)
            {
                return broken;
            }

            previous.Stage = warning.Change == WarningChange.Cancel ? WarningStage.Cancelled : WarningStage.Superseded;
            previous.Version++;
        }

        var snapshot = await tree.GetAsync(ct);
        var areaCode = snapshot.Find(warning.IssuingJurisdictionId)?.Code ?? "000000";
        warning.SentAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        warning.Identifier = await NewIdentifierAsync(db, areaCode, warning.SentAt.Value, ct);
        warning.Stage = warning.Change == WarningChange.Cancel ? WarningStage.Cancelled : WarningStage.Published;
        warning.SignedOffBy = scopes.Actor.UserName;
        warning.SignedOffAt = now;
        if (r.Note is { Length: > 0 } note)
        {
            warning.ReviewNote = string.IsNullOrEmpty(warning.ReviewNote) ? note.Trim() : $"{warning.ReviewNote}\n签发意见：{note.Trim()}";
        }

        warning.Version++;
        var channels = r.Channels?.Distinct().Order().ToList();
        db.Audit("warning.published", nameof(Warning), warning.Id.ToString(), new
        {
            warning.Identifier,
            warning.Change,
            warning.Level,
            warning.Status,
            channels = channels?.Select(c => c.ToString()) ?? Enum.GetNames<Dissemination.WarningChannel>(),
        });
        Dissemination.DisseminationJobs.Enqueue(db, warning, channels);
        // The push to the upstream publisher (上报) is queued in the sign-off's transaction: it survives a crash after it.
        Upstream.UpstreamPush.Enqueue(db, warning, options.Value.Upstream, now);
        await db.SaveChangesAsync(ct);
        publicWarnings.Invalidate();
        dispatcher.Wake();
        upstream.Wake();
        // Open workbenches and maps of every duty room that may now read it (its areas and below, decision 0036) look again.
        var covered = WarningQueries.Covered(warning, snapshot);
        workbench.Raise(Platform.Workbench.WorkbenchChange.For([.. covered]));
        var published = new Contracts.WarningPublished(warning.Id, warning.Identifier, warning.Level.ToString(),
            warning.Stage == WarningStage.Cancelled, warning.IssuingJurisdictionId, now)
        {
            CoveredJurisdictionIds = [.. covered],
        };
        await integration.PublishAsync(published, ct);
        return TypedResults.Ok(WarningView.Of(warning, now));
    }

    /// <summary>Starts an update, a change of level, an extension or the cancel of the current message of a chain.</summary>
    public async Task<IResult> ChangeAsync(Guid id, ChangeRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.Change, id, ct);
        var change = r.Change!.Value;
        if (change == WarningChange.New)
        {
            return ApiResults.Invalid("change", WarningErrors.ChangeKind, "must be Update, Upgrade, Downgrade, Extend or Cancel");
        }

        var actor = scopes.Actor;
        if (!options.Value.DraftRoles.Any(actor.IsInRole))
        {
            return ApiResults.Forbidden(WarningErrors.NotStaff, "Only the staff of a unit write warnings.");
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var current = await db.Set<Warning>().Issued(scope).AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (current is null)
        {
            return ApiResults.NotFound(WarningErrors.NotFound, "Warning");
        }

        var now = clock.GetUtcNow();
        if (current.Stage != WarningStage.Published || current.IsExpiredAt(now))
        {
            return current.IsExpiredAt(now)
                ? ApiResults.Conflict(WarningErrors.Expired, "This warning has expired; issue a new one.")
                : ApiResults.Conflict(WarningErrors.ChangeNotCurrent, $"Only the current published message of a warning can be changed; this one is {current.Stage}.");
        }

        var draft = new Warning
        {
            ChainId = current.ChainId,
            PreviousId = current.Id,
            Change = change,
            Stage = WarningStage.Draft,
            Origin = WarningOrigin.Local,
            Sender = current.Sender,
            IssuingUnitId = current.IssuingUnitId,
            IssuingJurisdictionId = current.IssuingJurisdictionId,
            IssuerName = current.IssuerName,
            DraftedBy = actor.UserName,
            DraftedAt = now,
        };
        var content = r.Content ?? Same(current, change, beijing);
        if (await drafting.ApplyAsync(db, draft, content, r.Content is null ? "" : "content.", ct) is { } invalid)
        {
            return invalid;
        }

        if (WarningChains.Check(draft, current, "content.") is { } broken)
        {
            return broken;
        }

        db.Add(draft);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/warnings/{draft.Id}", WarningView.Of(draft, now));
    }

    /// <summary>A change's default content: the current one's, with a cancel's texts saying it is lifted.</summary>
    private static WarningDraftRequest Same(Warning w, WarningChange change, BeijingTime beijing) => new(
        w.EventCode, w.Level, w.Status, w.Urgency, w.Certainty, w.EffectiveAt, w.OnsetAt, w.ExpiresAt,
        change == WarningChange.Cancel ? $"{w.IssuerName}解除{w.EventName}{Warning.LevelName(w.Level)}预警" : w.Headline,
        change == WarningChange.Cancel ? $"{w.IssuerName}于北京时间{beijing.Format(w.SentAt ?? w.DraftedAt)}发布的{w.EventName}{Warning.LevelName(w.Level)}预警现予解除。" : w.Description,
        change == WarningChange.Cancel ? "预警解除，请继续关注后续信息。" : w.Instruction,
        w.HeadlineEn, w.DescriptionEn, w.InstructionEn, w.Contact, w.Web,
        [.. w.Areas.OrderBy(a => a.Position).Select(a => new WarningAreaRequest(a.Description, a.DivisionCode, a.Polygon, a.Circle))],
        [.. w.Resources.Select(x => new WarningResourceRequest(x.Description, x.Uri, x.MimeType))]);

    private async Task<IResult> StepAsync(Guid id, string? ifMatch, WarningStage from, IReadOnlyCollection<string> roles, string what, string deniedCode,
        Func<Warning, DateTimeOffset, Task<IResult?>> step, CancellationToken ct)
    {
        await scopes.DemandAsync(from == WarningStage.Draft ? WarningPermissions.Submit : WarningPermissions.Review, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warning = await db.Set<Warning>().Issued(scope).SingleOrDefaultAsync(w => w.Id == id, ct);
        if (warning is null)
        {
            return ApiResults.NotFound(WarningErrors.NotFound, "Warning");
        }

        if (!roles.Any(scopes.Actor.IsInRole))
        {
            return ApiResults.Forbidden(deniedCode, $"Your roles do not allow you to {what}.");
        }

        if (ApiResults.CheckIfMatch(ifMatch, warning.Version) is { } precondition)
        {
            return precondition;
        }

        if (warning.Stage != from)
        {
            return ApiResults.Conflict(WarningErrors.StageChanged, $"The warning is {warning.Stage}; to {what} it must be {from}.");
        }

        var now = clock.GetUtcNow();
        if (await step(warning, now) is { } refused)
        {
            return refused;
        }

        warning.Version++;
        await db.SaveChangesAsync(ct);
        // Submitted, reviewed or sent back: the reviewers' and signers' workbenches change.
        workbench.Raise(Platform.Workbench.WorkbenchChange.For(warning.IssuingJurisdictionId));
        return TypedResults.Ok(WarningView.Of(warning, now));
    }

    /// <summary>GB/T 35965.1: <c>{area}{agency}{unit}{extension}_{Beijing yyyyMMddHHmmss}</c>, with <c>_N</c> when that second is taken.</summary>
    private async Task<string> NewIdentifierAsync(BeaconDb db, string areaCode, DateTimeOffset sent, CancellationToken ct)
    {
        var o = options.Value;
        var stem = CapIdentifier.Create(areaCode, o.AgencyCode, o.UnitCode, o.Extension, sent);
        var taken = await db.Set<Warning>().Where(w => w.Identifier != null && w.Identifier.StartsWith(stem)).Select(w => w.Identifier!).ToListAsync(ct);
        var n = 0;
        var identifier = stem;
        while (taken.Contains(identifier))
        {
            identifier = CapIdentifier.Create(areaCode, o.AgencyCode, o.UnitCode, o.Extension, sent, ++n);
        }

        return identifier;
    }

    /// <summary>Starts a warning of our own from a received one (re-publishing it for our area): a new draft with its content, through review and sign-off.</summary>
    public async Task<IResult> RepublishAsync(Guid id, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.Republish, id, ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId || !options.Value.DraftRoles.Any(actor.IsInRole))
        {
            return ApiResults.Forbidden(WarningErrors.NotStaff, "Only the staff of a unit write warnings.");
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var received = await db.Set<Warning>().Issued(scope).AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (received is null)
        {
            return ApiResults.NotFound(WarningErrors.NotFound, "Warning");
        }

        var now = clock.GetUtcNow();
        if (received.Origin != WarningOrigin.Imported || received.Stage != WarningStage.Received || received.IsExpiredAt(now))
        {
            return ApiResults.Conflict(WarningErrors.RepublishNotCurrent, "Only a received warning that is current and not expired can be re-published.");
        }

        var snapshot = await tree.GetAsync(ct);
        var draft = new Warning
        {
            Change = WarningChange.New,
            Stage = WarningStage.Draft,
            Origin = WarningOrigin.Local,
            IssuingUnitId = unitId,
            IssuingJurisdictionId = jurisdictionId,
            IssuerName = await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct),
            Sender = $"{snapshot.Find(jurisdictionId)?.Code ?? "000000"}@{options.Value.SenderDomain}",
            DraftedBy = actor.UserName,
            DraftedAt = now,
        };
        draft.ChainId = draft.Id;
        var known = await db.Set<WarningEventType>().AnyAsync(t => t.Code == received.EventCode && t.IsActive, ct);
        if (!known)
        {
            return ApiResults.Invalid("eventCode", WarningErrors.RepublishEventUnknown, $"the received event code '{received.EventCode}' is not a known kind of warning here; draft it by hand");
        }

        if (await drafting.ApplyAsync(db, draft, Same(received, WarningChange.New, beijing), "", ct) is not null)
        {
            return ApiResults.Conflict(WarningErrors.RepublishNotCopyable, "The received warning cannot be copied as it is (its areas are outside your jurisdiction or given without a division code, or it is valid for too long); draft a warning of your own instead.");
        }

        // The received message's categories go on with it (the kind of warning gives the first).
        draft.Category = string.Join(' ', draft.Category.Split(' ').Concat(received.Category.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct());
        db.Add(draft);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/warnings/{draft.Id}", WarningView.Of(draft, now));
    }
}

internal static class ReleaseEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/warnings/{id:guid}/submit", (ReleaseHandler h, Guid id, HttpContext http, CancellationToken ct) => h.SubmitAsync(id, http.Request.Headers.IfMatch.ToString(), ct))
            .RequirePermission(WarningPermissions.Submit)
            .WithName("SubmitWarning").WithTags("Warnings")
            .Produces<WarningView>().NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).WithSummary("Submits a draft for review (送审); needs If-Match");
        api.MapPost("/warnings/{id:guid}/review", (ReleaseHandler h, Guid id, ReviewRequest r, HttpContext http, CancellationToken ct) => h.ReviewAsync(id, http.Request.Headers.IfMatch.ToString(), r, ct))
            .RequirePermission(WarningPermissions.Review)
            .WithName("ReviewWarning").WithTags("Warnings")
            .Produces<WarningView>().NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).WithSummary("Review (审核): approve for sign-off or return to draft with a note; needs If-Match");
        api.MapPost("/warnings/{id:guid}/sign-off", (ReleaseHandler h, Guid id, SignOffRequest r, HttpContext http, CancellationToken ct) => h.SignOffAsync(id, http.Request.Headers.IfMatch.ToString(), r, ct))
            .RequirePermission(WarningPermissions.SignOff)
            .WithName("SignOffWarning").WithTags("Warnings")
            .Produces<WarningView>().NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).WithSummary("Sign-off (签发) by a leader with sign-off rights: publishes to the channels chosen (channels: Sms, Email, Webhook; none given: all), recorded in the audit trail; needs If-Match");
        api.MapPost("/warnings/{id:guid}/changes", (ReleaseHandler h, Guid id, ChangeRequest r, CancellationToken ct) => h.ChangeAsync(id, r, ct))
            .RequirePermission(WarningPermissions.Change)
            .WithName("ChangeWarning").WithTags("Warnings")
            .Produces<WarningView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).WithSummary("Starts an update, upgrade, downgrade, extension or cancel (解除) of a published warning as a new draft");
        api.MapPost("/warnings/{id:guid}/republish", (ReleaseHandler h, Guid id, CancellationToken ct) => h.RepublishAsync(id, ct))
            .RequirePermission(WarningPermissions.Republish)
            .WithName("RepublishWarning").WithTags("Warnings")
            .Produces<WarningView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).WithSummary("Starts a warning of our own from a received one (its own review and sign-off)");
    }
}
