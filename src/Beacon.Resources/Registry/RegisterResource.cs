using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Modules;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Resources.Nearest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources.Registry;

/// <summary>A resource as registered or changed; the fields of other kinds are ignored.</summary>
public sealed record ResourceRequest(
    [property: Required] ResourceKind? Kind,
    [property: Required, StringLength(200, MinimumLength = 2)] string Name,
    [property: Required, StringLength(200, MinimumLength = 2)] string OwnerUnit,
    [property: StringLength(60)] string? Category,
    IReadOnlyList<string>? Specialities,
    [property: StringLength(300)] string? Address,
    [property: Required, Range(-90, 90)] double? Latitude,
    [property: Required, Range(-180, 180)] double? Longitude,
    Readiness? Readiness,
    bool IsShared,
    [property: StringLength(60)] string? Contact,
    [property: StringLength(40)] string? Phone,
    [property: Range(0, 10_000_000)] int? Capacity,
    [property: Range(0, 100_000)] int? Headcount,
    [property: Range(0, 100_000_000)] double? AreaSquareMetres,
    DateOnly? TermEndsOn,
    [property: StringLength(4000)] string? Details,
    [property: StringLength(12)] string? JurisdictionCode);

/// <summary>A resource as people read it, with its jurisdiction chain (内蒙古自治区 / 包头市 / 昆都仑区).</summary>
public sealed record ResourceView(
    Guid Id, ResourceKind Kind, string Name, Guid JurisdictionId, string JurisdictionCode, string JurisdictionChain, string OwnerUnit,
    string Category, IReadOnlyList<string> Specialities, string Address, double Latitude, double Longitude, Readiness Readiness,
    bool IsShared, string Contact, string Phone, int? Capacity, int? Headcount, double? AreaSquareMetres, DateOnly? TermEndsOn,
    string Details, DateTimeOffset CreatedAt, string CreatedBy, int Version, bool ReadOnly, string MapHref)
{
    public string? CreatedByName { get; init; }
}

/// <summary>Which resources to list; every filter is optional.</summary>
public sealed record ResourceFilter(ResourceKind? Kind = null, string? Speciality = null, string? Jurisdiction = null, Readiness? Readiness = null, string? Q = null);

/// <summary>
/// Registers, changes, lists and reads resources. Reads: the caller's jurisdiction and below (upper levels see lower
/// levels' resources), and read-only whatever other jurisdictions offer for sharing (资源共享). Writes: own scope only.
/// </summary>
public sealed partial class ResourcesHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, JurisdictionTree tree, People people)
{
    /// <summary>The region with a margin: points outside it are refused.</summary>
    internal static readonly BoundingBox Region = BoundingBox.Region;

    public async Task<IResult> CreateAsync(ResourceRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.Manage, null, ct);
        if (scopes.Actor.JurisdictionId is not { } own)
        {
            return ApiResults.Forbidden(ResourceErrors.NoUnit, "Only a unit's staff registers resources.");
        }

        var (errors, jurisdictionId) = await CheckAsync(r, own, ct);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var resource = new Resource { CreatedAt = clock.GetUtcNow(), CreatedBy = scopes.Actor.UserName };
        Apply(resource, r, jurisdictionId);
        await using var db = dbs.CreateDbContext();
        db.Add(resource);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/resources/{resource.Id}", await ViewAsync(resource, true, ct));
    }

    public async Task<IResult> UpdateAsync(Guid id, string? ifMatch, ResourceRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.Manage, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var resource = await db.Set<Resource>().InScope(scope, x => x.JurisdictionId).AsTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (resource is null)
        {
            return ApiResults.NotFound(ResourceErrors.NotFound, "Resource");
        }

        if (ApiResults.CheckIfMatch(ifMatch, resource.Version) is { } precondition)
        {
            return precondition;
        }

        var (errors, jurisdictionId) = await CheckAsync(r, resource.JurisdictionId, ct);
        if (r.Kind != resource.Kind)
        {
            errors.Add(new FieldError("kind", ResourceErrors.Kind, "a resource keeps its kind"));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        Apply(resource, r, jurisdictionId);
        resource.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(resource, true, ct));
    }

    internal async Task<(List<FieldError> Errors, Guid JurisdictionId)> CheckAsync(ResourceRequest r, Guid fallback, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (r.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(new FieldError("kind", ResourceErrors.Kind, "must be Warehouse, RescueTeam, Expert, ServiceProvider or Shelter"));
        }

        if (r.Latitude is not { } lat || r.Longitude is not { } lon || !Region.Contains(lon, lat))
        {
            errors.Add(new FieldError("latitude", ResourceErrors.Point, "latitude and longitude must be a point within the region"));
        }

        foreach (var s in r.Specialities ?? [])
        {
            if (!Specialities.IsKnown(s))
            {
                errors.Add(new FieldError("specialities", ResourceErrors.Speciality, $"'{s}' is not a known speciality"));
                break;
            }
        }

        if (!string.IsNullOrWhiteSpace(r.Phone) && !PhonePattern().IsMatch(r.Phone.Trim()))
        {
            errors.Add(new FieldError("phone", ResourceErrors.Phone, "must be a phone number"));
        }

        var jurisdictionId = fallback;
        if (!string.IsNullOrWhiteSpace(r.JurisdictionCode))
        {
            var scope = await scopes.GetAsync(ct);
            var node = (await tree.GetAsync(ct)).Nodes.FirstOrDefault(n => n.Code == r.JurisdictionCode.Trim() && !n.IsRetired);
            if (node is null || !scope.Contains(node.Id))
            {
                errors.Add(new FieldError("jurisdictionCode", ResourceErrors.Jurisdiction, "must be a jurisdiction in your scope"));
            }
            else
            {
                jurisdictionId = node.Id;
            }
        }

        return (errors, jurisdictionId);
    }

    internal static void Apply(Resource resource, ResourceRequest r, Guid jurisdictionId)
    {
        resource.Kind = r.Kind!.Value;
        resource.Name = r.Name.Trim();
        resource.OwnerUnit = r.OwnerUnit.Trim();
        resource.Category = r.Category?.Trim() ?? "";
        resource.Specialities = Specialities.Join(r.Specialities ?? []);
        resource.Address = r.Address?.Trim() ?? "";
        resource.Latitude = r.Latitude!.Value;
        resource.Longitude = r.Longitude!.Value;
        resource.Cell = GeoGrid.CellOf(resource.Latitude, resource.Longitude);
        resource.Readiness = r.Readiness ?? Readiness.Ready;
        resource.IsShared = r.IsShared;
        resource.Contact = r.Contact?.Trim() ?? "";
        resource.Phone = r.Phone?.Trim() ?? "";
        resource.Capacity = r.Capacity;
        resource.Headcount = r.Headcount;
        resource.AreaSquareMetres = r.AreaSquareMetres;
        resource.TermEndsOn = r.TermEndsOn;
        resource.Details = r.Details?.Trim() ?? "";
        resource.JurisdictionId = jurisdictionId;
    }

    /// <summary>What the caller may read: its scope, and what others offer for sharing.</summary>
    internal static IQueryable<Resource> Visible(BeaconDb db, DataScope scope)
    {
        var all = db.Set<Resource>().AsNoTracking();
        if (scope.IsEverything)
        {
            return all;
        }

        var ids = scope.JurisdictionIds.ToList();
        return all.Where(r => ids.Contains(r.JurisdictionId) || r.IsShared);
    }

    internal async Task<IQueryable<Resource>> FilteredAsync(BeaconDb db, ResourceFilter f, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var query = Visible(db, scope);
        if (f.Kind is { } kind)
        {
            query = query.Where(r => r.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(f.Speciality))
        {
            var pattern = "%," + f.Speciality.Trim() + ",%";
            query = query.Where(r => EF.Functions.Like(r.Specialities, pattern));
        }

        if (f.Readiness is { } readiness)
        {
            query = query.Where(r => r.Readiness == readiness);
        }

        if (!string.IsNullOrWhiteSpace(f.Jurisdiction))
        {
            var snapshot = await tree.GetAsync(ct);
            var node = snapshot.Nodes.FirstOrDefault(n => n.Code == f.Jurisdiction.Trim());
            var under = node is null ? [] : snapshot.DescendantsAndSelf(node.Id).Select(n => n.Id).ToList();
            query = query.Where(r => under.Contains(r.JurisdictionId));
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = "%" + f.Q.Trim() + "%";
            query = query.Where(r => EF.Functions.Like(r.Name, q) || EF.Functions.Like(r.OwnerUnit, q) || EF.Functions.Like(r.Address, q));
        }

        return query;
    }

    /// <summary>One page of the matching resources, by kind, then name, then id.</summary>
    public async Task<Paged<ResourceView>> ListAsync(ResourceFilter filter, PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var query = (await FilteredAsync(db, filter, ct)).OrderBy(r => r.Kind).ThenBy(r => r.Name).ThenBy(r => r.Id);
        var rows = await query.ToPagedAsync(page, ct);
        return new Paged<ResourceView>(await ViewsAsync(rows.Items, ct), rows.Total, rows.Page, rows.PageSize);
    }

    /// <summary>Every matching resource (exports), in list order.</summary>
    public async Task<List<ResourceView>> AllAsync(ResourceFilter filter, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var rows = await (await FilteredAsync(db, filter, ct)).OrderBy(r => r.Kind).ThenBy(r => r.Name).ThenBy(r => r.Id).Take(100_000).ToListAsync(ct);
        return await ViewsAsync(rows, ct);
    }

    public async Task<ResourceView?> FindAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var resource = await Visible(db, scope).SingleOrDefaultAsync(r => r.Id == id, ct);
        return resource is null ? null : (await ViewsAsync([resource], ct))[0];
    }

    public async Task<IResult> GetAsync(HttpContext http, Guid id, CancellationToken ct)
    {
        var view = await FindAsync(id, ct);
        if (view is null)
        {
            return ApiResults.NotFound(ResourceErrors.NotFound, "Resource");
        }

        ApiResults.SetETag(http, view.Version);
        return TypedResults.Ok(view);
    }

    private async Task<ResourceView> ViewAsync(Resource r, bool _, CancellationToken ct) => (await ViewsAsync([r], ct))[0];

    internal async Task<List<ResourceView>> ViewsAsync(IReadOnlyList<Resource> rows, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var snapshot = await tree.GetAsync(ct);
        var names = await people.ResolveAsync(rows.Select(r => r.CreatedBy), ct);
        return [.. rows.Select(r => new ResourceView(
            r.Id, r.Kind, r.Name, r.JurisdictionId, snapshot.Find(r.JurisdictionId)?.Code ?? "", Chain(snapshot, r.JurisdictionId), r.OwnerUnit,
            r.Category, r.SpecialityList, r.Address, r.Latitude, r.Longitude, r.Readiness, r.IsShared, r.Contact, r.Phone, r.Capacity,
            r.Headcount, r.AreaSquareMetres, r.TermEndsOn, r.Details, r.CreatedAt, r.CreatedBy, r.Version, !scope.Contains(r.JurisdictionId),
            MapHref(r.Id, r.Latitude, r.Longitude))
        { CreatedByName = names[r.CreatedBy] })];
    }

    /// <summary>The one map (issue 15) centred on the resource, with the resources layer on.</summary>
    public static string MapHref(Guid id, double latitude, double longitude) =>
        FormattableString.Invariant($"map?layers=resources&lat={latitude:0.######}&lon={longitude:0.######}&zoom=13&focus=resources:{id}");

    /// <summary>内蒙古自治区 / 包头市 / 昆都仑区.</summary>
    public static string Chain(JurisdictionTree.Snapshot snapshot, Guid jurisdictionId)
    {
        var names = new List<string>();
        for (var node = snapshot.Find(jurisdictionId); node is not null && names.Count < 10; node = node.ParentId is { } p ? snapshot.Find(p) : null)
        {
            names.Add(node.Name);
        }

        names.Reverse();
        return string.Join(" / ", names);
    }

    [GeneratedRegex(@"^[0-9+\- ]{7,20}$")]
    private static partial Regex PhonePattern();
}

internal static class ResourcesEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/resources", (ResourcesHandler h, ResourceRequest r, CancellationToken ct) => h.CreateAsync(r, ct))
            .RequirePermission(ResourcePermissions.Manage)
            .WithName("RegisterResource").WithTags("Resources")
            .Produces<ResourceView>(StatusCodes.Status201Created).ProducesProblems()
            .WithSummary("Registers a resource (储备库、救援队伍、专家、社会化服务机构、避难场所) of the caller's jurisdiction or one below; honours Idempotency-Key");
        api.MapPut("/resources/{id:guid}", (ResourcesHandler h, HttpContext http, Guid id, ResourceRequest r, CancellationToken ct) =>
                h.UpdateAsync(id, http.Request.Headers.IfMatch.ToString(), r, ct))
            .RequirePermission(ResourcePermissions.Manage)
            .WithName("UpdateResource").WithTags("Resources").NeedsIfMatch()
            .Produces<ResourceView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Changes a resource of the caller's scope (its kind stays)");
        api.MapGet("/resources", (ResourcesHandler h, HttpContext http, ResourceKind? kind, string? speciality, string? jurisdiction, Readiness? readiness, string? q,
                int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(new ResourceFilter(kind, speciality, jurisdiction, readiness, q), p, ct)))
            .WithName("ListResources").WithTags("Resources")
            .WithSummary("Resources the caller may read (own scope and those offered for sharing), by kind, name, id; paged; filters kind, speciality, jurisdiction (code, with those below), readiness, q");
        api.MapGet("/resources/{id:guid}", (ResourcesHandler h, HttpContext http, Guid id, CancellationToken ct) => h.GetAsync(http, id, ct))
            .WithName("GetResource").WithTags("Resources")
            .Produces<ResourceView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One resource with its ETag (for If-Match on changes)");
    }
}
