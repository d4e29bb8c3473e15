using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Dissemination;

/// <summary>
/// A recipient as written: at least one of phone (SMS), e-mail and webhook; a webhook needs https (http only on
/// localhost) and a secret of at least 16 characters (on an update, leave it out to keep the current one); areas are
/// division codes within the caller's scope (150200 means all of 包头市); a location (latitude and longitude, WGS 84)
/// is where warnings given by polygon or circle find the recipient. At least one area or a location.
/// </summary>
public sealed record RecipientRequest(
    [property: Required, EnumDataType(typeof(RecipientKind), ErrorMessage = "must be Unit, Person or Subscriber")] RecipientKind? Kind,
    [property: Required, StringLength(200, MinimumLength = 2)] string Name,
    Guid? UnitId,
    [property: StringLength(20)] string? Phone,
    [property: StringLength(200)] string? Email,
    [property: StringLength(500)] string? WebhookUrl,
    [property: StringLength(200)] string? WebhookSecret,
    [property: MaxLength(200)] IReadOnlyList<string>? Areas,
    [property: Range(-90, 90)] double? Latitude = null,
    [property: Range(-180, 180)] double? Longitude = null);

/// <summary>A recipient as shown; the webhook secret is never shown. <see cref="UnitName"/> is filled on lists.</summary>
public sealed record RecipientView(
    Guid Id, string Kind, string Name, Guid? UnitId, Guid OwnerJurisdictionId, string? Phone, string? Email, string? WebhookUrl,
    bool HasWebhookSecret, IReadOnlyList<string> Areas, bool IsActive, int Version, double? Latitude = null, double? Longitude = null,
    DateTimeOffset? CreatedAt = null, string? UnitName = null)
{
    internal static RecipientView Of(Recipient r) => new(
        r.Id, r.Kind.ToString(), r.Name, r.UnitId, r.OwnerJurisdictionId, r.Phone, r.Email, r.WebhookUrl,
        r.WebhookSecret is not null, [.. r.Areas.Select(a => a.Code).Order(StringComparer.Ordinal)], r.IsActive, r.Version, r.Latitude, r.Longitude, r.CreatedAt);
}

/// <summary>Which recipients a list shows: active (the default), inactive or all.</summary>
public enum RecipientState
{
    Active,
    Inactive,
    All,
}

/// <summary>
/// The filters of the recipients list (and of its Excel export): <see cref="Q"/> searches name, phone and e-mail;
/// <see cref="Channel"/> keeps those reachable by it; <see cref="Division"/> (6 or 9 digits) keeps those with an area
/// within that division.
/// </summary>
public sealed record RecipientFilter(string? Q = null, WarningChannel? Channel = null, string? Division = null, RecipientState State = RecipientState.Active);

/// <summary>Recipients of warnings (预警接收对象), managed by a jurisdiction and visible to it and the ones above.</summary>
public sealed partial class RecipientsHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, TimeProvider clock, IOptions<WarningsOptions> options)
{
    /// <summary>One page of the recipients in scope, by name, then by id.</summary>
    public Task<Paged<RecipientView>> ListAsync(bool includeInactive, PageRequest page, CancellationToken ct) =>
        ListAsync(new RecipientFilter(State: includeInactive ? RecipientState.All : RecipientState.Active), page, ct);

    /// <summary>One page of the filtered recipients in scope, by name, then by id, with their units' names.</summary>
    public async Task<Paged<RecipientView>> ListAsync(RecipientFilter filter, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await Filtered(db, scope, filter).ToPagedAsync(page, ct);
        var units = await UnitNamesAsync(db, rows.Items, ct);
        return rows.Select(r => RecipientView.Of(r) with { UnitName = r.UnitId is { } u ? units.GetValueOrDefault(u) : null });
    }

    /// <summary>Every filtered recipient in scope (for the export), in the list's order.</summary>
    public async Task<IReadOnlyList<RecipientView>> AllAsync(RecipientFilter filter, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await Filtered(db, scope, filter).ToListAsync(ct);
        var units = await UnitNamesAsync(db, rows, ct);
        return [.. rows.Select(r => RecipientView.Of(r) with { UnitName = r.UnitId is { } u ? units.GetValueOrDefault(u) : null })];
    }

    /// <summary>The 400 for a filter that cannot be read (a division that is not 6 or 9 digits), else null.</summary>
    public static IResult? CheckFilter(RecipientFilter filter) =>
        filter.Division is { Length: > 0 } d && !Division().IsMatch(d.Trim())
            ? ApiResults.Invalid("division", WarningErrors.RecipientFilterDivision, "must be a division code of 6 or 9 digits")
            : null;

    private static IQueryable<Recipient> Filtered(BeaconDb db, DataScope scope, RecipientFilter filter)
    {
        var query = db.Set<Recipient>().AsNoTracking().Include(r => r.Areas).InScope(scope, r => r.OwnerJurisdictionId);
        query = filter.State switch
        {
            RecipientState.Inactive => query.Where(r => !r.IsActive),
            RecipientState.All => query,
            _ => query.Where(r => r.IsActive),
        };
        if (Blank(filter.Q) is { } q)
        {
            query = query.Where(r => r.Name.Contains(q) || (r.Phone != null && r.Phone.Contains(q)) || (r.Email != null && r.Email.Contains(q)));
        }

        query = filter.Channel switch
        {
            WarningChannel.Sms => query.Where(r => r.Phone != null),
            WarningChannel.Email => query.Where(r => r.Email != null),
            WarningChannel.Webhook => query.Where(r => r.WebhookUrl != null),
            _ => query,
        };
        if (Blank(filter.Division) is { } division)
        {
            // Areas within the division: its prefix and the prefixes after it up to the next one (digits only, so any collation orders them alike).
            var prefix = AreaCodes.Prefix(division);
            // EF translates string.Compare to the SQL operators (as Targeting does); it never runs in .NET.
            var next = AreaCodes.Next(prefix) ?? "~";
#pragma warning disable CA1309, CA1310
            query = query.Where(r => r.Areas.Any(a => string.Compare(a.Prefix, prefix) >= 0 && string.Compare(a.Prefix, next) < 0));
#pragma warning restore CA1309, CA1310
        }

        return query.OrderBy(r => r.Name).ThenBy(r => r.Id);
    }

    private static async Task<Dictionary<Guid, string>> UnitNamesAsync(BeaconDb db, IEnumerable<Recipient> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.UnitId is not null).Select(r => r.UnitId!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
    }

    public async Task<IResult> GetAsync(Guid id, HttpContext http, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var r = await db.Set<Recipient>().AsNoTracking().Include(x => x.Areas).InScope(scope, x => x.OwnerJurisdictionId).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return ApiResults.NotFound(WarningErrors.RecipientNotFound, "Recipient");
        }

        ApiResults.SetETag(http, r.Version);
        return TypedResults.Ok(RecipientView.Of(r));
    }

    public async Task<IResult> CreateAsync(RecipientRequest request, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.ManageRecipients, ct: ct);
        var actor = scopes.Actor;
        if (actor.JurisdictionId is not { } owner || !options.Value.DraftRoles.Any(actor.IsInRole))
        {
            return ApiResults.Forbidden(WarningErrors.RecipientNotStaff, "Only the staff of a unit manage recipients.");
        }

        await using var db = dbs.CreateDbContext();
        var recipient = new Recipient { OwnerJurisdictionId = owner, CreatedAt = clock.GetUtcNow() };
        if (await ApplyAsync(db, recipient, request, ct) is { } invalid)
        {
            return invalid;
        }

        db.Add(recipient);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/recipients/{recipient.Id}", RecipientView.Of(recipient));
    }

    public async Task<IResult> UpdateAsync(Guid id, string? ifMatch, RecipientRequest request, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.ManageRecipients, id, ct);
        var (db, recipient, refused) = await LoadForChangeAsync(id, ifMatch, ct);
        await using (db)
        {
            if (refused is not null)
            {
                return refused;
            }

            if (await ApplyAsync(db, recipient!, request, ct) is { } invalid)
            {
                return invalid;
            }

            recipient!.Version++;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(RecipientView.Of(recipient));
        }
    }

    /// <summary>Stops all further deliveries to the recipient (queued ones are not sent); it stays for the delivery reports.</summary>
    public async Task<IResult> DeactivateAsync(Guid id, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.ManageRecipients, id, ct);
        var (db, recipient, refused) = await LoadForChangeAsync(id, "*", ct);
        await using (db)
        {
            if (refused is not null)
            {
                return refused;
            }

            recipient!.IsActive = false;
            recipient.Version++;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(RecipientView.Of(recipient));
        }
    }

    /// <summary>Lets an inactive recipient receive warnings again (重新启用).</summary>
    public async Task<IResult> ReactivateAsync(Guid id, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.ManageRecipients, id, ct);
        var (db, recipient, refused) = await LoadForChangeAsync(id, "*", ct);
        await using (db)
        {
            if (refused is not null)
            {
                return refused;
            }

            recipient!.IsActive = true;
            recipient.Version++;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(RecipientView.Of(recipient));
        }
    }

    /// <summary>
    /// A new recipient of the caller's jurisdiction checked as <see cref="CreateAsync"/> checks it, not stored: the
    /// refusals naming their fields, or the recipient (for an import, which stores all of them or none).
    /// </summary>
    internal async Task<(FieldError? Refusal, Recipient? Recipient)> PrepareAsync(BeaconDb db, RecipientRequest request, CancellationToken ct)
    {
        if (scopes.Actor.JurisdictionId is not { } owner)
        {
            return (new FieldError("kind", WarningErrors.RecipientNotStaff, "Only the staff of a unit manage recipients."), null);
        }

        var recipient = new Recipient { OwnerJurisdictionId = owner, CreatedAt = clock.GetUtcNow() };
        return await CheckAsync(db, recipient, request, ct) is { } refusal ? (refusal, null) : (null, recipient);
    }

    /// <summary>True when the caller is staff who may keep recipients (a role of <c>DraftRoles</c> in a jurisdiction).</summary>
    internal bool IsStaff => scopes.Actor.JurisdictionId is not null && options.Value.DraftRoles.Any(scopes.Actor.IsInRole);

    private async Task<(BeaconDb Db, Recipient? Recipient, IResult? Refused)> LoadForChangeAsync(Guid id, string? ifMatch, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var db = dbs.CreateDbContext();
        var recipient = await db.Set<Recipient>().Include(r => r.Areas).InScope(scope, r => r.OwnerJurisdictionId).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (recipient is null)
        {
            return (db, null, ApiResults.NotFound(WarningErrors.RecipientNotFound, "Recipient"));
        }

        if (!options.Value.DraftRoles.Any(scopes.Actor.IsInRole))
        {
            return (db, null, ApiResults.Forbidden(WarningErrors.RecipientNotStaff, "Only the staff of a unit manage recipients."));
        }

        return (db, recipient, ApiResults.CheckIfMatch(ifMatch, recipient.Version));
    }

    /// <summary>Checks <paramref name="r"/> and copies it onto <paramref name="recipient"/>; a 400 naming the field when it is wrong.</summary>
    private async Task<IResult?> ApplyAsync(BeaconDb db, Recipient recipient, RecipientRequest r, CancellationToken ct) =>
        await CheckAsync(db, recipient, r, ct) is { } e ? ApiResults.Invalid(e.Field, e.Code, e.Reason) : null;

    /// <summary>Checks <paramref name="r"/> and copies it onto <paramref name="recipient"/>; the first wrong field, if any.</summary>
    private async Task<FieldError?> CheckAsync(BeaconDb db, Recipient recipient, RecipientRequest r, CancellationToken ct)
    {
        var phone = Blank(r.Phone);
        var email = Blank(r.Email);
        var webhook = Blank(r.WebhookUrl);
        var secret = Blank(r.WebhookSecret) ?? (webhook is not null ? recipient.WebhookSecret : null);
        if (phone is null && email is null && webhook is null)
        {
            return new FieldError("phone", WarningErrors.RecipientContactMissing, "give a phone number, an e-mail address or a webhook URL");
        }

        if (phone is not null && !Mobile().IsMatch(phone))
        {
            return new FieldError("phone", WarningErrors.RecipientPhone, "must be a mobile number of 11 digits (SMS)");
        }

        if (email is not null && (!MailAddress.TryCreate(email, out var address) || address.Address != email || !email.Contains('.', StringComparison.Ordinal)))
        {
            return new FieldError("email", WarningErrors.RecipientEmail, "is not an e-mail address");
        }

        if (webhook is not null)
        {
            if (!Uri.TryCreate(webhook, UriKind.Absolute, out var url)
                || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            {
                return new FieldError("webhookUrl", WarningErrors.RecipientWebhookUrl, "must be an https URL (http only for localhost)");
            }

            if (secret is not { Length: >= 16 })
            {
                return new FieldError("webhookSecret", WarningErrors.RecipientWebhookSecret, "give a secret of at least 16 characters to sign the webhook's requests");
            }
        }

        if (r.Latitude.HasValue != r.Longitude.HasValue)
        {
            var missing = r.Latitude.HasValue ? "longitude" : "latitude";
            return new FieldError(missing, WarningErrors.RecipientLocation, "give both latitude and longitude, or neither");
        }

        var areas = r.Areas ?? [];
        if (areas.Count == 0 && r.Latitude is null)
        {
            return new FieldError("areas", WarningErrors.RecipientArea, "give at least one area or a location (latitude and longitude)");
        }

        var scope = await scopes.GetAsync(ct);
        var snapshot = await tree.GetAsync(ct);
        var codes = new List<string>();
        for (var i = 0; i < areas.Count; i++)
        {
            var code = areas[i]?.Trim() ?? "";
            var node = Division().IsMatch(code) ? snapshot.Nodes.FirstOrDefault(n => n.Code == code[..6] && !n.IsRetired) : null;
            if (node is null || !scope.Contains(node.Id))
            {
                return new FieldError($"areas[{i}]", WarningErrors.RecipientArea, "is not a division code (6 or 9 digits) of a jurisdiction in your scope");
            }

            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        if (r.UnitId is { } unitId)
        {
            var unitJurisdiction = await db.Units.Where(u => u.Id == unitId).Select(u => (Guid?)u.JurisdictionId).SingleOrDefaultAsync(ct);
            if (!scope.Contains(unitJurisdiction))
            {
                return new FieldError("unitId", WarningErrors.RecipientUnit, "is not a unit in your scope");
            }
        }

        recipient.Kind = r.Kind!.Value;
        recipient.Name = r.Name.Trim();
        recipient.UnitId = r.UnitId;
        recipient.Phone = phone;
        recipient.Email = email;
        recipient.WebhookUrl = webhook;
        recipient.WebhookSecret = webhook is null ? null : secret;
        recipient.Latitude = r.Latitude is { } lat ? Math.Round(lat, 6) : null;
        recipient.Longitude = r.Longitude is { } lon ? Math.Round(lon, 6) : null;
        var gone = recipient.Areas.Where(a => !codes.Contains(a.Code)).ToList();
        db.RemoveRange(gone);
        foreach (var a in gone)
        {
            recipient.Areas.Remove(a);
        }

        foreach (var code in codes.Where(c => recipient.Areas.All(a => a.Code != c)))
        {
            recipient.Areas.Add(new RecipientArea { RecipientId = recipient.Id, Code = code, Prefix = AreaCodes.Prefix(code) });
        }

        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex(@"^(\+?86)?1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex("^([0-9]{6}|[0-9]{9})$")]
    private static partial Regex Division();
}

internal static class RecipientEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/recipients", async Task<IResult> (RecipientsHandler h, HttpContext http, bool? includeInactive, string? q, WarningChannel? channel, string? division, RecipientState? state,
                int? page, int? pageSize, CancellationToken ct) =>
            {
                var filter = new RecipientFilter(q, channel, division, state ?? (includeInactive == true ? RecipientState.All : RecipientState.Active));
                return RecipientsHandler.CheckFilter(filter) is { } refused ? refused : await Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(filter, p, ct));
            })
            .WithName("ListRecipients").WithTags("Dissemination").Produces<Paged<RecipientView>>().ProducesProblems()
            .WithSummary("Recipients of warnings (预警接收对象) in the caller's scope, by name, then id; filtered by q (name, phone, e-mail), channel, division (areas within it) and state (Active, Inactive, All; includeInactive=true is All); paged");
        api.MapGet("/recipients/{id:guid}", (RecipientsHandler h, Guid id, HttpContext http, CancellationToken ct) => h.GetAsync(id, http, ct))
            .WithName("GetRecipient").WithTags("Dissemination")
            .Produces<RecipientView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("One recipient, with its ETag");
        api.MapPost("/recipients", (RecipientsHandler h, RecipientRequest r, CancellationToken ct) => h.CreateAsync(r, ct))
            .RequirePermission(WarningPermissions.ManageRecipients)
            .WithName("CreateRecipient").WithTags("Dissemination").Produces<RecipientView>(StatusCodes.Status201Created).WithSummary("Adds a recipient (unit, person or subscriber) with its channels and areas of interest");
        api.MapPut("/recipients/{id:guid}", (RecipientsHandler h, Guid id, RecipientRequest r, HttpContext http, CancellationToken ct) => h.UpdateAsync(id, http.Request.Headers.IfMatch.ToString(), r, ct))
            .RequirePermission(WarningPermissions.ManageRecipients)
            .WithName("UpdateRecipient").WithTags("Dissemination")
            .Produces<RecipientView>().NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("Changes a recipient; needs If-Match");
        api.MapPost("/recipients/{id:guid}/deactivate", (RecipientsHandler h, Guid id, CancellationToken ct) => h.DeactivateAsync(id, ct))
            .RequirePermission(WarningPermissions.ManageRecipients)
            .WithName("DeactivateRecipient").WithTags("Dissemination")
            .Produces<RecipientView>().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("Stops all further deliveries to a recipient");
        api.MapPost("/recipients/{id:guid}/reactivate", (RecipientsHandler h, Guid id, CancellationToken ct) => h.ReactivateAsync(id, ct))
            .RequirePermission(WarningPermissions.ManageRecipients)
            .WithName("ReactivateRecipient").WithTags("Dissemination")
            .Produces<RecipientView>().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("Lets an inactive recipient receive warnings again");
    }
}
