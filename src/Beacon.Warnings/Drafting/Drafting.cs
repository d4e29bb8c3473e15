using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Drafting;

public sealed record WarningAreaRequest(
    [property: StringLength(200)] string? Description,
    [property: RegularExpression("^[0-9]{6}([0-9]{3})?$", ErrorMessage = "must be a 6-digit county or 9-digit township code")] string? DivisionCode,
    [property: StringLength(20000)] string? Polygon,
    [property: StringLength(200)] string? Circle);

public sealed record WarningResourceRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string Description,
    [property: Required, Url, StringLength(1000)] string Uri,
    [property: StringLength(100), RegularExpression("^[a-z]+/[a-z0-9.+-]+$", ErrorMessage = "must be a media type such as application/pdf")] string? MimeType);

/// <summary>The content of a warning: what a draft holds and what an update or change of level starts from.</summary>
public sealed record WarningDraftRequest(
    [property: Required, StringLength(20)] string EventCode,
    [property: Required, EnumDataType(typeof(WarningLevel), ErrorMessage = "must be Red, Orange, Yellow or Blue")] WarningLevel? Level,
    [property: EnumDataType(typeof(WarningStatus), ErrorMessage = "must be Actual, Exercise or Test")] WarningStatus? Status,
    [property: RegularExpression("^(Immediate|Expected|Future|Past|Unknown)$", ErrorMessage = "must be Immediate, Expected, Future, Past or Unknown")] string? Urgency,
    [property: RegularExpression("^(Observed|Likely|Possible|Unlikely|Unknown)$", ErrorMessage = "must be Observed, Likely, Possible, Unlikely or Unknown")] string? Certainty,
    DateTimeOffset? EffectiveAt,
    DateTimeOffset? OnsetAt,
    [property: Required] DateTimeOffset? ExpiresAt,
    [property: Required, StringLength(300, MinimumLength = 4)] string Headline,
    [property: Required, StringLength(4000, MinimumLength = 4)] string Description,
    [property: Required, StringLength(4000, MinimumLength = 2)] string Instruction,
    [property: StringLength(300)] string? HeadlineEn,
    [property: StringLength(4000)] string? DescriptionEn,
    [property: StringLength(4000)] string? InstructionEn,
    [property: StringLength(200)] string? Contact,
    [property: Url, StringLength(500)] string? Web,
    [property: Required, MinLength(1, ErrorMessage = "give at least one area"), MaxLength(200)] IReadOnlyList<WarningAreaRequest>? Areas,
    [property: MaxLength(10)] IReadOnlyList<WarningResourceRequest>? Resources = null);

/// <summary>Writes warnings: a new draft (拟稿), edits of a draft, and its submission for review (送审).</summary>
public sealed class DraftingHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, TimeProvider clock, IOptions<WarningsOptions> options)
{
    public async Task<IResult> CreateAsync(WarningDraftRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.Draft, ct: ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId || !options.Value.DraftRoles.Any(actor.IsInRole))
        {
            return ApiResults.Forbidden(WarningErrors.NotStaff, "Only the staff of a unit (duty officers, leaders, liaisons) write warnings.");
        }

        await using var db = dbs.CreateDbContext();
        var warning = new Warning
        {
            ChainId = Guid.Empty,
            Change = WarningChange.New,
            Stage = WarningStage.Draft,
            Origin = WarningOrigin.Local,
            IssuingUnitId = unitId,
            IssuingJurisdictionId = jurisdictionId,
        };
        warning.ChainId = warning.Id;
        if (await ApplyAsync(db, warning, r, "", ct) is { } invalid)
        {
            return invalid;
        }

        var snapshot = await tree.GetAsync(ct);
        var now = clock.GetUtcNow();
        warning.IssuerName = await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct);
        warning.Sender = $"{snapshot.Find(jurisdictionId)?.Code ?? "000000"}@{options.Value.SenderDomain}";
        warning.DraftedBy = actor.UserName;
        warning.DraftedAt = now;
        db.Add(warning);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/warnings/{warning.Id}", WarningView.Of(warning, now));
    }

    public async Task<IResult> UpdateAsync(Guid id, string? ifMatch, WarningDraftRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.Draft, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warning = await db.Set<Warning>().Issued(scope).SingleOrDefaultAsync(w => w.Id == id, ct);
        if (warning is null)
        {
            return ApiResults.NotFound(WarningErrors.NotFound, "Warning");
        }

        if (!options.Value.DraftRoles.Any(scopes.Actor.IsInRole))
        {
            return ApiResults.Forbidden(WarningErrors.NotStaff, "Only the staff of a unit edit warnings.");
        }

        if (ApiResults.CheckIfMatch(ifMatch, warning.Version) is { } precondition)
        {
            return precondition;
        }

        if (warning.Stage != WarningStage.Draft)
        {
            return ApiResults.Conflict(WarningErrors.EditNotDraft, $"Only a draft can be edited; this warning is {warning.Stage}.");
        }

        if (await ApplyAsync(db, warning, r, "", ct) is { } invalid)
        {
            return invalid;
        }

        // A change stays a change of its kind, however it is edited.
        if (warning.PreviousId is { } previousId
            && WarningChains.Check(warning, await db.Set<Warning>().AsNoTracking().SingleAsync(w => w.Id == previousId, ct), "") is { } broken)
        {
            return broken;
        }

        warning.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(WarningView.Of(warning, clock.GetUtcNow()));
    }

    /// <summary>
    /// Checks <paramref name="r"/> (all of it, its areas included) and copies it onto <paramref name="warning"/>; a 400
    /// naming the field, after <paramref name="prefix"/> (e.g. <c>content.</c>), when it is wrong. Areas must lie within
    /// the issuing unit's jurisdiction.
    /// </summary>
    internal async Task<IResult?> ApplyAsync(BeaconDb db, Warning warning, WarningDraftRequest? r, string prefix, CancellationToken ct)
    {
        if (r is null)
        {
            return ApiResults.Invalid(prefix.Length > 0 ? prefix.TrimEnd('.') : "body", Platform.Http.PlatformErrors.ValidationRequired, "is required");
        }

        var errors = ValidationFilter.Check(r, prefix);
        for (var i = 0; i < (r.Areas?.Count ?? 0); i++)
        {
            if (r.Areas![i] is { } area)
            {
                errors.AddRange(ValidationFilter.Check(area, $"{prefix}areas[{i}]."));
            }
        }

        for (var i = 0; i < (r.Resources?.Count ?? 0); i++)
        {
            if (r.Resources![i] is { } resource)
            {
                errors.AddRange(ValidationFilter.Check(resource, $"{prefix}resources[{i}]."));
            }
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var type = await db.Set<WarningEventType>().AsNoTracking().SingleOrDefaultAsync(t => t.Code == r.EventCode && t.IsActive, ct);
        if (type is null)
        {
            return ApiResults.Invalid($"{prefix}eventCode", WarningErrors.EventUnknown, "is not a known kind of warning");
        }

        var now = clock.GetUtcNow();
        var effective = (r.EffectiveAt ?? now).ToUniversalTime();
        var expires = r.ExpiresAt!.Value.ToUniversalTime();
        if (expires <= effective)
        {
            return ApiResults.Invalid($"{prefix}expiresAt", WarningErrors.ExpiresBeforeEffective, "must be after effectiveAt");
        }

        if (expires - effective > options.Value.MaxValidity)
        {
            return ApiResults.Invalid($"{prefix}expiresAt", WarningErrors.ValidityTooLong, $"a warning is valid for at most {options.Value.MaxValidity.TotalDays:0} days; extend it later if needed");
        }

        if (r.OnsetAt is { } onset && onset.ToUniversalTime() > expires)
        {
            return ApiResults.Invalid($"{prefix}onsetAt", WarningErrors.OnsetAfterExpiry, "must be before expiresAt");
        }

        var snapshot = await tree.GetAsync(ct);
        var scope = snapshot.ScopeOf(warning.IssuingJurisdictionId);
        var areas = new List<WarningArea>();
        for (var i = 0; i < r.Areas!.Count; i++)
        {
            var a = r.Areas[i];
            var field = $"{prefix}areas[{i}]";
            if (a is null || (a.DivisionCode is null && a.Polygon is null && a.Circle is null))
            {
                return ApiResults.Invalid(field, WarningErrors.AreaEmpty, "give a divisionCode, a polygon or a circle");
            }

            string? name = null;
            if (a.DivisionCode is { } code)
            {
                var county = snapshot.Nodes.FirstOrDefault(n => n.Code == code[..6] && !n.IsRetired);
                if (county is null || !scope.Contains(county.Id))
                {
                    return ApiResults.Invalid($"{field}.divisionCode", WarningErrors.AreaNotInScope, "is not a jurisdiction of the issuing unit (its own or one below it)");
                }

                name = county.Name;
            }

            if (a.Polygon is { } polygon && AreaShapes.CheckPolygon(polygon.Trim()) is { } polygonError)
            {
                return ApiResults.Invalid($"{field}.polygon", polygonError.Code, polygonError.Reason);
            }

            if (a.Circle is { } circle && AreaShapes.CheckCircle(circle.Trim()) is { } circleError)
            {
                return ApiResults.Invalid($"{field}.circle", circleError.Code, circleError.Reason);
            }

            var description = a.Description?.Trim() is { Length: > 0 } d ? d : name ?? "指定区域";
            areas.Add(new WarningArea
            {
                WarningId = warning.Id,
                Position = i,
                Description = description,
                DivisionCode = a.DivisionCode,
                Polygon = a.Polygon?.Trim(),
                Circle = a.Circle?.Trim(),
            });
        }

        warning.EventCode = type.Code;
        warning.EventName = type.Name;
        warning.EventNameEn = type.NameEn;
        warning.Category = type.Category;
        warning.Level = r.Level!.Value;
        warning.Status = r.Status ?? WarningStatus.Actual;
        warning.Urgency = r.Urgency ?? "Expected";
        warning.Certainty = r.Certainty ?? "Likely";
        warning.EffectiveAt = effective;
        warning.OnsetAt = r.OnsetAt?.ToUniversalTime();
        warning.ExpiresAt = expires;
        warning.Headline = r.Headline.Trim();
        warning.Description = r.Description.Trim();
        warning.Instruction = r.Instruction.Trim();
        warning.HeadlineEn = Blank(r.HeadlineEn);
        warning.DescriptionEn = Blank(r.DescriptionEn);
        warning.InstructionEn = Blank(r.InstructionEn);
        warning.Contact = Blank(r.Contact);
        warning.Web = Blank(r.Web);
        warning.Resources = [.. (r.Resources ?? []).OfType<WarningResourceRequest>()
            .Select(x => new WarningResource { Description = x.Description.Trim(), Uri = x.Uri.Trim(), MimeType = x.MimeType ?? "text/html" })];
        db.RemoveRange(warning.Areas);
        warning.Areas.Clear();
        warning.Areas.AddRange(areas);
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

internal static class DraftingEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/warnings", (DraftingHandler h, WarningDraftRequest r, CancellationToken ct) => h.CreateAsync(r, ct))
            .RequirePermission(WarningPermissions.Draft)
            .WithName("DraftWarning").WithTags("Warnings").Produces<WarningView>(StatusCodes.Status201Created).WithSummary("A new warning draft (拟稿); honours Idempotency-Key");
        api.MapPut("/warnings/{id:guid}", (DraftingHandler h, Guid id, WarningDraftRequest r, HttpContext http, CancellationToken ct) =>
                h.UpdateAsync(id, http.Request.Headers.IfMatch.ToString(), r, ct))
            .RequirePermission(WarningPermissions.Draft)
            .WithName("EditWarningDraft").WithTags("Warnings")
            .Produces<WarningView>().NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).WithSummary("Edits a draft; needs If-Match");
    }
}
