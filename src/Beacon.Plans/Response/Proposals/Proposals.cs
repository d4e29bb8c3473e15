using Beacon.Incidents.Contracts;
using Beacon.Plans.Plans;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Response.Proposals;

/// <summary>
/// For an incident, the plans in force that match it: issued for its jurisdiction or one above, covering its event type,
/// with a level whose criteria it meets. The suggested level is the highest met (Ⅰ before Ⅱ); why names the rule.
/// </summary>
public sealed class ProposalsHandler(BeaconDbFactory dbs, IIncidentQueries incidents, PlanReader reader, JurisdictionTree tree)
{
    public async Task<IResult> HandleAsync(Guid incidentId, CancellationToken ct)
    {
        var incident = await incidents.FindAsync(incidentId, ct);
        if (incident is null)
        {
            return ApiResults.NotFound(PlansErrors.IncidentNotFound, "Incident");
        }

        return TypedResults.Ok(await ProposeAsync(incident, ct));
    }

    public async Task<List<ProposalView>> ProposeAsync(IncidentSummary incident, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var applicable = await ApplicableJurisdictionsAsync(reader, incident, ct);
        var plans = await (await reader.VisibleAsync(db, ct))
            .Where(p => p.Status == PlanStatus.InForce && applicable.Contains(p.JurisdictionId)).OrderBy(p => p.Title).ThenBy(p => p.Id).ToListAsync(ct);
        var active = await db.Set<PlanActivation>().AsNoTracking()
            .Where(a => a.IncidentId == incident.Id && a.Status == ActivationStatus.Active).Select(a => new { a.PlanId, a.Id }).ToListAsync(ct);
        var snapshot = await tree.GetAsync(ct);
        var facts = ResponseReader.Facts(incident);
        var result = new List<ProposalView>();
        foreach (var plan in plans.Where(p => Covers(p, incident.EventTypeCode)))
        {
            foreach (var level in plan.Levels.OrderBy(l => l.Level))
            {
                if (Criteria.TryParse(level.Criteria, out _) is { } rule && rule.Matches(facts, out var why))
                {
                    result.Add(new ProposalView(plan.Id, plan.Title, plan.Type, snapshot.Find(plan.JurisdictionId)?.Name ?? "", level.Level, why,
                        plan.Levels.Select(l => l.Level).Order().ToList(), active.FirstOrDefault(a => a.PlanId == plan.Id)?.Id));
                    break;
                }
            }
        }

        return result;
    }

    internal static bool Covers(Plan plan, string eventTypeCode) =>
        plan.EventTypeCodes.Count == 0 || plan.EventTypeCodes.Any(c => eventTypeCode.StartsWith(c, StringComparison.OrdinalIgnoreCase));

    internal static async Task<List<Guid>> ApplicableJurisdictionsAsync(PlanReader reader, IncidentSummary incident, CancellationToken ct) =>
        [incident.JurisdictionId, incident.LocationJurisdictionId, .. await reader.AncestorsAsync(incident.JurisdictionId, ct)];
}

internal static class ProposalsEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/incidents/{id:guid}/plan-proposals", (ProposalsHandler h, Guid id, CancellationToken ct) => h.HandleAsync(id, ct))
            .WithName("ProposePlans").WithTags("Plans")
            .Produces<List<ProposalView>>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The plans in force matching an incident (type, jurisdiction, activation criteria) with the level each suggests and why; complete and unpaged");
}
