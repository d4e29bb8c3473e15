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

/// <summary>What <see cref="AddFunctionalAreaHandler.AddAsync"/> decided.</summary>
public abstract record AddFunctionalAreaOutcome
{
    private AddFunctionalAreaOutcome()
    {
    }

    public sealed record Added(JurisdictionView Area) : AddFunctionalAreaOutcome;

    /// <summary>The parent code names no jurisdiction in the caller's scope.</summary>
    public sealed record ParentNotInScope : AddFunctionalAreaOutcome;

    /// <summary>The parent is neither a prefecture nor a county.</summary>
    public sealed record ParentNotPrefectureOrCounty : AddFunctionalAreaOutcome;

    /// <summary>Another jurisdiction already has this code.</summary>
    public sealed record CodeTaken : AddFunctionalAreaOutcome;
}

public sealed class AddFunctionalAreaHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree)
{
    /// <summary>Adds the area. The request must already be valid (DataAnnotations); the API's filter and the page check it.</summary>
    public async Task<AddFunctionalAreaOutcome> AddAsync(AddFunctionalAreaRequest request, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var parent = await db.Jurisdictions.InScope(scope, j => j.Id).SingleOrDefaultAsync(j => j.Code == request.ParentCode, ct);
        if (parent is null)
        {
            return new AddFunctionalAreaOutcome.ParentNotInScope();
        }

        if (parent.Level is not (JurisdictionLevel.Prefecture or JurisdictionLevel.County))
        {
            return new AddFunctionalAreaOutcome.ParentNotPrefectureOrCounty();
        }

        if (await db.Jurisdictions.AnyAsync(j => j.Code == request.Code, ct))
        {
            return new AddFunctionalAreaOutcome.CodeTaken();
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
        return new AddFunctionalAreaOutcome.Added(new JurisdictionView(area.Id, area.Code, area.Name, area.Level, area.Kind, parent.Code, false));
    }

    public async Task<IResult> HandleAsync(AddFunctionalAreaRequest request, CancellationToken ct) =>
        await AddAsync(request, ct) switch
        {
            AddFunctionalAreaOutcome.Added added => TypedResults.Created($"/api/v1/jurisdictions/{added.Area.Code}", added.Area),
            AddFunctionalAreaOutcome.ParentNotInScope => ApiResults.Invalid("parentCode", "is not a jurisdiction in your scope"),
            AddFunctionalAreaOutcome.ParentNotPrefectureOrCounty => ApiResults.Invalid("parentCode", "a functional area belongs to a prefecture or a county"),
            AddFunctionalAreaOutcome.CodeTaken => ApiResults.Invalid("code", "is already used by another jurisdiction"),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}."),
        };
}

internal static class AddFunctionalAreaEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/jurisdictions", (AddFunctionalAreaHandler handler, AddFunctionalAreaRequest request, CancellationToken ct) =>
                handler.HandleAsync(request, ct))
            .WithName("AddFunctionalArea").WithTags("Jurisdictions").Produces<JurisdictionView>(StatusCodes.Status201Created)
            .WithSummary("Adds a functional area (开发区) under a prefecture or county");
}
