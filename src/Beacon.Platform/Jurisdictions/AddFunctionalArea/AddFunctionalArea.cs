using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions.ListJurisdictions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Jurisdictions.AddFunctionalArea;

/// <summary>A functional area (开发区 / 管理区) under a prefecture or county.</summary>
public sealed record AddFunctionalAreaRequest(
    [property: Required, RegularExpression("^[0-9]{6}$", ErrorMessage = "must be six digits")] string Code,
    [property: Required, StringLength(100, MinimumLength = 2)] string Name,
    [property: Required, RegularExpression("^[0-9]{6}$", ErrorMessage = "must be six digits")] string ParentCode);

public sealed class AddFunctionalAreaHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree)
{
    public async Task<IResult> HandleAsync(AddFunctionalAreaRequest request, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var parent = await db.Jurisdictions.InScope(scope, j => j.Id).SingleOrDefaultAsync(j => j.Code == request.ParentCode, ct);
        if (parent is null)
        {
            return ApiResults.Invalid("parentCode", "is not a jurisdiction in your scope");
        }

        if (parent.Level is not (JurisdictionLevel.Prefecture or JurisdictionLevel.County))
        {
            return ApiResults.Invalid("parentCode", "a functional area belongs to a prefecture or a county");
        }

        if (await db.Jurisdictions.AnyAsync(j => j.Code == request.Code, ct))
        {
            return ApiResults.Invalid("code", "is already used by another jurisdiction");
        }

        var area = new Jurisdiction
        {
            Code = request.Code,
            Name = request.Name.Trim(),
            Level = JurisdictionLevel.FunctionalArea,
            Kind = "功能区",
            ParentId = parent.Id,
            Path = parent.Path + "/" + request.Code,
        };
        db.Jurisdictions.Add(area);
        await db.SaveChangesAsync(ct);
        tree.Invalidate();
        return TypedResults.Created($"/api/v1/jurisdictions/{area.Code}",
            new JurisdictionView(area.Id, area.Code, area.Name, area.Level, area.Kind, parent.Code, false));
    }
}

internal static class AddFunctionalAreaEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/jurisdictions", (AddFunctionalAreaHandler handler, AddFunctionalAreaRequest request, CancellationToken ct) =>
                handler.HandleAsync(request, ct))
            .WithName("AddFunctionalArea").WithTags("Jurisdictions")
            .WithSummary("Adds a functional area (开发区) under a prefecture or county");
}
