using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Plans.RegisterPlan;

public sealed record GroupRequest(
    [property: Required, StringLength(50, MinimumLength = 2)] string Name,
    [property: MaxLength(50)] IReadOnlyList<Guid>? MemberUnitIds,
    [property: StringLength(2000)] string? Duties,
    [property: MaxLength(50)] IReadOnlyList<string>? Checklist,
    [property: Range(1, 720)] int? TaskHours);

public sealed record LevelRequest(
    [property: Required, EnumDataType(typeof(ResponseLevel), ErrorMessage = "must be I, II, III or IV")] ResponseLevel? Level,
    [property: Required, StringLength(500)] string Criteria,
    [property: MaxLength(20)] IReadOnlyList<GroupRequest>? Groups);

public sealed record VersionRequest(
    [property: Required, StringLength(50, MinimumLength = 1)] string Label,
    [property: Required] DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    [property: StringLength(2000)] string? ChangeSummary);

/// <summary>A plan for the register (预案登记) with its response levels, command groups and versions.</summary>
public sealed record RegisterPlanRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string Title,
    [property: Required, EnumDataType(typeof(PlanType))] PlanType? Type,
    [property: Required, EnumDataType(typeof(PlanStatus))] PlanStatus? Status,
    [property: MaxLength(20)] IReadOnlyList<string>? EventTypeCodes,
    [property: StringLength(100)] string? DocumentNumber,
    DateOnly? ApprovedOn,
    DateOnly? FiledOn,
    [property: Range(1, 120)] int? ReviewCycleMonths,
    [property: MaxLength(4)] IReadOnlyList<LevelRequest>? Levels,
    [property: MaxLength(50)] IReadOnlyList<VersionRequest>? Versions);

/// <summary>
/// Registers a plan issued by the caller's unit: its criteria must parse, each level needs command groups with member
/// units in the caller's scope, and no two versions may be in force on the same day. A refusal stores nothing.
/// </summary>
public sealed partial class RegisterPlanHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, PlanReader reader)
{
    public async Task<IResult> HandleAsync(RegisterPlanRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.Register, ct: ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId)
        {
            return ApiResults.Forbidden(PlansErrors.NoUnit, "Only a unit registers plans.");
        }

        var errors = new List<FieldError>();
        var codes = (r.EventTypeCodes ?? []).Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        if (codes.FirstOrDefault(c => !EventTypeCode().IsMatch(c)) is { } bad)
        {
            errors.Add(new("eventTypeCodes", PlansErrors.EventTypeFormat, $"'{bad}' is not an event type code such as 11B03"));
        }
        else if (r.Type == PlanType.Special && codes.Count == 0)
        {
            errors.Add(new("eventTypeCodes", PlansErrors.EventTypesRequired, "a special plan names the event types it covers"));
        }

        var levels = r.Levels ?? [];
        if (levels.Count == 0 && r.Status == PlanStatus.InForce)
        {
            errors.Add(new("levels", PlansErrors.LevelsRequired, "a plan in force has at least one response level"));
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unitIds = levels.SelectMany(l => l.Groups ?? []).SelectMany(g => g.MemberUnitIds ?? []).Distinct().ToList();
        var known = await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId)
            .Where(u => unitIds.Contains(u.Id) && !u.IsRetired).Select(u => u.Id).ToListAsync(ct);
        var definitions = new List<LevelDefinition>();
        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            if (levels.Take(i).Any(l => l.Level == level.Level))
            {
                errors.Add(new($"levels[{i}].level", PlansErrors.LevelDuplicate, "each response level appears once"));
            }

            if (Criteria.TryParse(level.Criteria, out var why) is null)
            {
                errors.Add(new($"levels[{i}].criteria", PlansErrors.CriteriaUnparsable, why));
            }

            var groups = level.Groups ?? [];
            if (groups.Count == 0)
            {
                errors.Add(new($"levels[{i}].groups", PlansErrors.LevelWithoutGroups, "a response level needs at least one command group"));
            }

            for (var j = 0; j < groups.Count; j++)
            {
                var members = groups[j].MemberUnitIds ?? [];
                if (members.Count == 0)
                {
                    errors.Add(new($"levels[{i}].groups[{j}].memberUnitIds", PlansErrors.GroupWithoutUnits, "a command group needs member units"));
                }
                else if (members.Any(m => !known.Contains(m)))
                {
                    errors.Add(new($"levels[{i}].groups[{j}].memberUnitIds", PlansErrors.GroupUnitsUnknown, "must be active units in your scope"));
                }
            }

            definitions.Add(new LevelDefinition(level.Level ?? ResponseLevel.IV, level.Criteria?.Trim() ?? "", groups.Select(g => new CommandGroup(
                g.Name.Trim(), (g.MemberUnitIds ?? []).Distinct().ToList(), g.Duties?.Trim() ?? "",
                (g.Checklist ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).ToList(), g.TaskHours ?? 2)).ToList()));
        }

        var versions = r.Versions ?? [];
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            if (v.EffectiveTo is { } to && to <= v.EffectiveFrom)
            {
                errors.Add(new($"versions[{i}].effectiveTo", PlansErrors.VersionPeriod, "must be after effectiveFrom"));
            }
            else if (versions.Take(i).Any(o => Overlaps(o, v)))
            {
                errors.Add(new($"versions[{i}].effectiveFrom", PlansErrors.VersionsOverlap, "overlaps another version's period"));
            }
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var plan = new Plan
        {
            Title = r.Title.Trim(),
            Type = r.Type!.Value,
            Status = r.Status!.Value,
            IssuingUnitId = unitId,
            JurisdictionId = jurisdictionId,
            EventTypeCodes = codes,
            DocumentNumber = r.DocumentNumber?.Trim(),
            ApprovedOn = r.ApprovedOn,
            FiledOn = r.FiledOn,
            ReviewCycleMonths = r.ReviewCycleMonths,
            Levels = definitions,
            CreatedBy = actor.UserName,
            CreatedAt = clock.GetUtcNow(),
        };
        plan.Versions = versions.Select(v => new PlanVersion
        {
            PlanId = plan.Id,
            Label = v.Label.Trim(),
            EffectiveFrom = v.EffectiveFrom!.Value,
            EffectiveTo = v.EffectiveTo,
            ChangeSummary = v.ChangeSummary?.Trim() ?? "",
        }).ToList();
        db.Add(plan);
        await db.SaveChangesAsync(ct);
        var view = (await reader.ViewsAsync(db, [plan], ct)).Single();
        return TypedResults.Created($"/api/v1/plans/{plan.Id}", view);
    }

    private static bool Overlaps(VersionRequest a, VersionRequest b) =>
        a.EffectiveFrom < (b.EffectiveTo ?? DateOnly.MaxValue) && b.EffectiveFrom < (a.EffectiveTo ?? DateOnly.MaxValue);

    [GeneratedRegex("^[0-9]{1,2}([A-Z]([0-9]{2,3})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypeCode();
}

internal static class RegisterPlanEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/plans", (RegisterPlanHandler h, RegisterPlanRequest r, CancellationToken ct) => h.HandleAsync(r, ct))
            .RequirePermission(PlansPermissions.Register)
            .WithName("RegisterPlan").WithTags("Plans")
            .Produces<PlanView>(StatusCodes.Status201Created)
            .WithSummary("Registers a contingency plan (应急预案) of the caller's unit with its response levels, command groups and versions; honours Idempotency-Key");
}
