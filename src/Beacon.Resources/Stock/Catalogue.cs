using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources.Stock;

public sealed record SupplyItemRequest(
    [property: Required, StringLength(30, MinimumLength = 2)] string Code,
    [property: Required, StringLength(100, MinimumLength = 1)] string Name,
    [property: Required, StringLength(20)] string CategoryCode,
    [property: Required, StringLength(20, MinimumLength = 1)] string Unit,
    [property: StringLength(200)] string? Specification,
    [property: Range(0, 100_000_000)] int MinimumStock);

public sealed record CategoryView(string Code, string Name, string NameEn, string? ParentCode);

/// <summary>The supply catalogue (物资目录): categories after GB/T 38565 (data, seeded) and the supplies kept.</summary>
public sealed class CatalogueHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    public async Task<List<CategoryView>> CategoriesAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return await db.Set<SupplyCategory>().AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new CategoryView(c.Code, c.Name, c.NameEn, c.ParentCode)).ToListAsync(ct);
    }

    public async Task<Paged<SupplyItem>> ItemsAsync(string? q, PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var query = db.Set<SupplyItem>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var like = "%" + q.Trim() + "%";
            query = query.Where(i => EF.Functions.Like(i.Name, like) || EF.Functions.Like(i.Code, like));
        }

        return await query.OrderBy(i => i.Code).ThenBy(i => i.Id).ToPagedAsync(page, ct);
    }

    public async Task<IResult> CreateAsync(SupplyItemRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.Manage, null, ct);
        await using var db = dbs.CreateDbContext();
        var code = r.Code.Trim();
        if (!await db.Set<SupplyCategory>().AnyAsync(c => c.Code == r.CategoryCode, ct))
        {
            return ApiResults.Invalid("categoryCode", ResourceErrors.ItemCode, "is not a category of the catalogue");
        }

        if (await db.Set<SupplyItem>().AnyAsync(i => i.Code == code, ct))
        {
            return ApiResults.Invalid("code", ResourceErrors.ItemCode, "is taken");
        }

        var item = new SupplyItem
        {
            Code = code,
            Name = r.Name.Trim(),
            CategoryCode = r.CategoryCode,
            Unit = r.Unit.Trim(),
            Specification = r.Specification?.Trim() ?? "",
            MinimumStock = r.MinimumStock,
        };
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/supplies/{item.Id}", item);
    }
}

internal static class CatalogueEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/supply-categories", async (CatalogueHandler h, CancellationToken ct) => TypedResults.Ok(await h.CategoriesAsync(ct)))
            .WithName("ListSupplyCategories").WithTags("Stock")
            .WithSummary("The category tree of supplies (GB/T 38565), by code; a code list, complete and unpaged");
        api.MapGet("/supplies", (CatalogueHandler h, HttpContext http, string? q, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ItemsAsync(q, p, ct)))
            .WithName("ListSupplies").WithTags("Stock").WithSummary("The supply catalogue, by code, then id; paged; q searches code and name");
        api.MapPost("/supplies", (CatalogueHandler h, SupplyItemRequest r, CancellationToken ct) => h.CreateAsync(r, ct))
            .RequirePermission(ResourcePermissions.Manage)
            .WithName("AddSupply").WithTags("Stock").Produces<SupplyItem>(StatusCodes.Status201Created).ProducesProblems()
            .WithSummary("Adds a supply to the catalogue; honours Idempotency-Key");
    }
}
