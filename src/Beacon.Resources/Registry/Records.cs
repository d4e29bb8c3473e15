using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Contracts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources.Registry;

public sealed record TrainingRequest([property: Required] DateOnly? On, [property: Required, StringLength(300, MinimumLength = 2)] string Subject, [property: Range(0, 100_000)] int Participants);

public sealed record ConsultationRequest([property: Required] Guid? IncidentId, [property: Required, StringLength(4000, MinimumLength = 2)] string Opinion);

public sealed record ContractRequest(
    [property: Required, StringLength(60, MinimumLength = 2)] string Number,
    [property: Required] DateOnly? From,
    [property: Required] DateOnly? To,
    [property: Range(0d, 1_000_000_000d)] decimal Amount,
    [property: Required, StringLength(1000, MinimumLength = 2)] string ServiceScope);

/// <summary>A resource's records: a team's training, an expert's consultations, a provider's purchase contracts.</summary>
public sealed record ResourceRecords(IReadOnlyList<TrainingRecord> Training, IReadOnlyList<Consultation> Consultations, IReadOnlyList<PurchaseContract> Contracts);

/// <summary>
/// Records kept on resources: training of rescue teams (训练记录), consultations of experts on incidents with their
/// written opinion (专家会商意见, the incident read through <see cref="IIncidentQueries"/>), and government purchase
/// contracts of social service providers (政府购买服务合同). Written in the resource's own scope.
/// </summary>
public sealed class RecordsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IIncidentQueries incidents)
{
    public async Task<ResourceRecords?> ListAsync(Guid resourceId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        if (!await ResourcesHandler.Visible(db, scope).AnyAsync(r => r.Id == resourceId, ct))
        {
            return null;
        }

        return new ResourceRecords(
            await db.Set<TrainingRecord>().AsNoTracking().Where(t => t.ResourceId == resourceId).OrderByDescending(t => t.On).ThenBy(t => t.Id).Take(500).ToListAsync(ct),
            await db.Set<Consultation>().AsNoTracking().Where(t => t.ResourceId == resourceId).OrderByDescending(t => t.At).ThenBy(t => t.Id).Take(500).ToListAsync(ct),
            await db.Set<PurchaseContract>().AsNoTracking().Where(t => t.ResourceId == resourceId).OrderByDescending(t => t.From).ThenBy(t => t.Id).Take(500).ToListAsync(ct));
    }

    public Task<IResult> AddTrainingAsync(Guid id, TrainingRequest r, CancellationToken ct) => AddAsync(id, ResourceKind.RescueTeam, async (db, resource) =>
    {
        db.Add(new TrainingRecord { ResourceId = resource.Id, On = r.On!.Value, Subject = r.Subject.Trim(), Participants = r.Participants, RecordedBy = scopes.Actor.UserName });
        return await Task.FromResult<IResult?>(null);
    }, ct);

    public Task<IResult> AddConsultationAsync(Guid id, ConsultationRequest r, CancellationToken ct) => AddAsync(id, ResourceKind.Expert, async (db, resource) =>
    {
        var incident = await incidents.FindAsync(r.IncidentId!.Value, ct);
        if (incident is null)
        {
            return ApiResults.Invalid("incidentId", ResourceErrors.AllocationIncident, "must be an incident you can see");
        }

        db.Add(new Consultation
        {
            ResourceId = resource.Id,
            IncidentId = incident.Id,
            IncidentNumber = incident.Number,
            Opinion = r.Opinion.Trim(),
            At = clock.GetUtcNow(),
            RecordedBy = scopes.Actor.UserName,
        });
        return null;
    }, ct);

    public Task<IResult> AddContractAsync(Guid id, ContractRequest r, CancellationToken ct) => AddAsync(id, ResourceKind.ServiceProvider, async (db, resource) =>
    {
        if (r.To < r.From)
        {
            return ApiResults.Invalid("to", ResourceErrors.Record, "must not be before from");
        }

        db.Add(new PurchaseContract
        {
            ResourceId = resource.Id,
            Number = r.Number.Trim(),
            From = r.From!.Value,
            To = r.To!.Value,
            Amount = r.Amount,
            ServiceScope = r.ServiceScope.Trim(),
            RecordedBy = scopes.Actor.UserName,
        });
        return await Task.FromResult<IResult?>(null);
    }, ct);

    private async Task<IResult> AddAsync(Guid id, ResourceKind kind, Func<BeaconDb, Resource, Task<IResult?>> add, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.Manage, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var resource = await db.Set<Resource>().AsNoTracking().InScope(scope, r => r.JurisdictionId).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (resource is null)
        {
            return ApiResults.NotFound(ResourceErrors.NotFound, "Resource");
        }

        if (resource.Kind != kind)
        {
            return ApiResults.Invalid("id", ResourceErrors.RecordKind, $"this record is kept for a resource of kind {kind}");
        }

        if (await add(db, resource) is { } refused)
        {
            return refused;
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/resources/{id}/records", await ListAsync(id, ct));
    }
}

internal static class RecordsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/resources/{id:guid}/records", async (RecordsHandler h, Guid id, CancellationToken ct) =>
                await h.ListAsync(id, ct) is { } records ? Results.Ok(records) : ApiResults.NotFound(ResourceErrors.NotFound, "Resource"))
            .WithName("ListResourceRecords").WithTags("Resources").Produces<ResourceRecords>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("A resource's training, consultations and contracts, newest first; complete and unpaged (at most 500 of each)");
        api.MapPost("/resources/{id:guid}/training", (RecordsHandler h, Guid id, TrainingRequest r, CancellationToken ct) => h.AddTrainingAsync(id, r, ct))
            .RequirePermission(ResourcePermissions.Manage).WithName("AddTraining").WithTags("Resources")
            .Produces<ResourceRecords>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Records a rescue team's training (训练记录)");
        api.MapPost("/resources/{id:guid}/consultations", (RecordsHandler h, Guid id, ConsultationRequest r, CancellationToken ct) => h.AddConsultationAsync(id, r, ct))
            .RequirePermission(ResourcePermissions.Manage).WithName("AddConsultation").WithTags("Resources")
            .Produces<ResourceRecords>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Records an expert's consultation on an incident with the written opinion (专家会商)");
        api.MapPost("/resources/{id:guid}/contracts", (RecordsHandler h, Guid id, ContractRequest r, CancellationToken ct) => h.AddContractAsync(id, r, ct))
            .RequirePermission(ResourcePermissions.Manage).WithName("AddPurchaseContract").WithTags("Resources")
            .Produces<ResourceRecords>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Records a government purchase contract of a social service provider (政府购买服务)");
    }
}
