using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Beacon.Plans.Plans;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Drills.PlanDrill;

/// <summary>A scenario inject; without <see cref="At"/> it is delivered at a random time within the drill's window.</summary>
public sealed record InjectRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string Title,
    [property: Required, StringLength(12, MinimumLength = 1)] string EventTypeCode,
    [property: Required, StringLength(4000, MinimumLength = 2)] string Text,
    DateTimeOffset? At);

public sealed record PlanDrillRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string Title,
    [property: Required, EnumDataType(typeof(DrillType))] DrillType? Type,
    [property: MaxLength(20)] IReadOnlyList<Guid>? PlanIds,
    [property: MaxLength(100)] IReadOnlyList<Guid>? ParticipantUnitIds,
    [property: Required, StringLength(8000, MinimumLength = 2)] string Scenario,
    [property: Required] DateTimeOffset? StartsAt,
    [property: Required] DateTimeOffset? EndsAt,
    [property: Range(1, 1440)] int? SignWithinMinutes,
    [property: Range(1, 1440)] int? ReportWithinMinutes,
    [property: MaxLength(20)] IReadOnlyList<InjectRequest>? Injects);

/// <summary>
/// Plans a drill (演练计划) of the caller's unit: exercised plans visible to it, participating units in its scope, and
/// scenario injects timed within the drill's window (or at random in it). A refusal stores nothing.
/// </summary>
public sealed partial class PlanDrillHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, PlanReader plans, DrillReader reader)
{
    public async Task<IResult> HandleAsync(PlanDrillRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.OrganiseDrill, ct: ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId)
        {
            return ApiResults.Forbidden(PlansErrors.NoUnit, "Only a unit organises drills.");
        }

        var errors = new List<FieldError>();
        var now = clock.GetUtcNow();
        var starts = r.StartsAt!.Value.ToUniversalTime();
        var ends = r.EndsAt!.Value.ToUniversalTime();
        if (ends <= starts)
        {
            errors.Add(new("endsAt", PlansErrors.DrillPeriod, "must be after startsAt"));
        }
        else if (starts < now)
        {
            errors.Add(new("startsAt", PlansErrors.DrillPeriod, "cannot be in the past"));
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var participants = (r.ParticipantUnitIds ?? []).Distinct().ToList();
        if (participants.Count == 0)
        {
            errors.Add(new("participantUnitIds", PlansErrors.DrillParticipantsRequired, "a drill needs participating units"));
        }
        else
        {
            var known = await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId).Where(u => participants.Contains(u.Id) && !u.IsRetired).CountAsync(ct);
            if (known != participants.Count)
            {
                errors.Add(new("participantUnitIds", PlansErrors.DrillParticipantsUnknown, "must be active units in your scope"));
            }
            else if (r.Type == DrillType.DoubleBlind && participants.Contains(unitId))
            {
                errors.Add(new("participantUnitIds", PlansErrors.DrillOrganiserParticipates, "the organiser of a double-blind drill cannot take part in it"));
            }
        }

        var planIds = (r.PlanIds ?? []).Distinct().ToList();
        if (planIds.Count > 0 && await (await plans.VisibleAsync(db, ct)).CountAsync(p => planIds.Contains(p.Id), ct) != planIds.Count)
        {
            errors.Add(new("planIds", PlansErrors.DrillPlansUnknown, "must be plans you can see"));
        }

        var injects = r.Injects ?? [];
        if (injects.Count == 0)
        {
            errors.Add(new("injects", PlansErrors.DrillInjectsRequired, "a drill needs at least one scenario inject"));
        }

        for (var i = 0; i < injects.Count; i++)
        {
            if (!EventTypeCode().IsMatch(injects[i].EventTypeCode ?? ""))
            {
                errors.Add(new($"injects[{i}].eventTypeCode", PlansErrors.EventTypeFormat, "is not an event type code such as 12A03"));
            }

            if (injects[i].At is { } at && (at < starts || at > ends))
            {
                errors.Add(new($"injects[{i}].at", PlansErrors.DrillInjectTime, "must fall within the drill's window"));
            }
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var drill = new Drill
        {
            Title = r.Title.Trim(),
            Type = r.Type!.Value,
            OrganiserUnitId = unitId,
            JurisdictionId = jurisdictionId,
            PlanIds = planIds,
            ParticipantUnitIds = participants,
            Scenario = r.Scenario.Trim(),
            StartsAt = starts,
            EndsAt = ends,
            SignWithinMinutes = r.SignWithinMinutes ?? 20,
            ReportWithinMinutes = r.ReportWithinMinutes ?? 40,
            CreatedBy = actor.UserName,
            CreatedAt = now,
        };
        drill.Injects = injects.Select(i => new DrillInject
        {
            DrillId = drill.Id,
            Title = i.Title.Trim(),
            EventTypeCode = i.EventTypeCode.Trim(),
            Text = i.Text.Trim(),
            ScheduledAt = i.At?.ToUniversalTime() ?? starts.AddSeconds(RandomNumberGenerator.GetInt32((int)Math.Min(int.MaxValue, (ends - starts).TotalSeconds))),
            RandomTime = i.At is null,
        }).ToList();
        db.Add(drill);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/drills/{drill.Id}", (await reader.ViewsAsync(db, [drill], ct)).Single());
    }

    [GeneratedRegex("^[0-9]{1,2}([A-Z]([0-9]{2,3})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypeCode();
}

internal static class PlanDrillEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/drills", (PlanDrillHandler h, PlanDrillRequest r, CancellationToken ct) => h.HandleAsync(r, ct))
            .RequirePermission(PlansPermissions.OrganiseDrill)
            .WithName("PlanDrill").WithTags("Drills")
            .Produces<DrillView>(StatusCodes.Status201Created)
            .WithSummary("Plans a drill (应急演练) with its exercised plans, participating units, scenario and timed or random injects; honours Idempotency-Key");
}
