using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Contracts;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Workbench;
using Beacon.Resources.Registry;
using Beacon.Resources.Stock;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources.Allocation;

public sealed record AllocationLineRequest([property: Required] Guid? ItemId, [property: Required, Range(1d, 100_000_000d)] long? Quantity);

public sealed record AllocationRequestBody(
    [property: Required] Guid? WarehouseId,
    Guid? IncidentId,
    [property: Required, StringLength(1000, MinimumLength = 2)] string Purpose,
    [property: StringLength(300)] string? DeliverTo,
    [property: Required, MinLength(1), MaxLength(50)] IReadOnlyList<AllocationLineRequest>? Lines);

/// <summary>Approval: per line (by supply) the quantity granted, at most what was asked; lines left out are granted in full.</summary>
public sealed record ApproveRequest(IReadOnlyList<AllocationLineRequest>? Lines, [property: StringLength(1000)] string? Note);

public sealed record RejectRequest([property: Required, StringLength(1000, MinimumLength = 2)] string Reason);

public sealed record ReceiveRequest(IReadOnlyList<AllocationLineRequest>? Lines, [property: StringLength(1000)] string? Note);

public sealed record AllocationLineView(Guid Id, Guid ItemId, string Item, string Unit, long Requested, long Approved, long Received);

public sealed record AllocationView(
    Guid Id, string Number, AllocationStatus Status, Guid WarehouseId, string Warehouse, string WarehouseChain, string Requester, string RequesterChain,
    string Approver, Guid? IncidentId, string? IncidentNumber, string? IncidentTitle, string Purpose, string DeliverTo, DateTimeOffset RequestedAt,
    string RequestedBy, DateTimeOffset? DecidedAt, string? DecidedBy, string? DecisionNote, DateTimeOffset? DispatchedAt, DateTimeOffset? ReceivedAt,
    IReadOnlyList<AllocationLineView> Lines, bool CanApprove, bool CanDispatch, bool CanReceive, int Version)
{
    public string? RequestedByName { get; init; }

    public string? DecidedByName { get; init; }
}

public enum AllocationFilter
{
    /// <summary>Everything the caller may see (requested, approved or held in scope).</summary>
    All = 0,

    /// <summary>Awaiting the caller's level: to approve, to dispatch, to confirm receipt.</summary>
    AwaitingMe = 1,
}

/// <summary>
/// Allocation requests (物资调拨): request → approve (reserve) → dispatch (stock leaves) → receive; or reject, releasing
/// what was reserved. Each step belongs to one side: the common upper level approves, the warehouse's side dispatches,
/// the requester's side confirms receipt. Incidents are read only through <see cref="IIncidentQueries"/>.
/// </summary>
public sealed class AllocationsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, JurisdictionTree tree, IIncidentQueries incidents,
    People people, WorkbenchSignal workbench)
{
    public async Task<IResult> RequestAsync(AllocationRequestBody r, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.RequestAllocation, null, ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId)
        {
            return ApiResults.Forbidden(ResourceErrors.NoUnit, "Only a unit requests supplies.");
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warehouse = await ResourcesHandler.Visible(db, scope).SingleOrDefaultAsync(w => w.Id == r.WarehouseId && w.Kind == ResourceKind.Warehouse, ct);
        if (warehouse is null)
        {
            return ApiResults.Invalid("warehouseId", ResourceErrors.NotWarehouse, "must be a warehouse you can see");
        }

        IncidentSummary? incident = null;
        if (r.IncidentId is { } incidentId && (incident = await incidents.FindAsync(incidentId, ct)) is null)
        {
            return ApiResults.Invalid("incidentId", ResourceErrors.AllocationIncident, "must be an incident you can see");
        }

        if (r.Lines!.Any(l => l is null || l.ItemId is null || l.Quantity is not > 0))
        {
            return ApiResults.Invalid("lines", ResourceErrors.AllocationLines, "each line names a supply and a positive quantity");
        }

        var itemIds = r.Lines!.Select(l => l.ItemId!.Value).ToList();
        var known = await db.Set<SupplyItem>().Where(i => itemIds.Contains(i.Id)).CountAsync(ct);
        if (itemIds.Distinct().Count() != itemIds.Count || known != itemIds.Count)
        {
            return ApiResults.Invalid("lines", ResourceErrors.AllocationLines, "each line names a different supply of the catalogue");
        }

        var snapshot = await tree.GetAsync(ct);
        var now = clock.GetUtcNow();
        var request = new AllocationRequest
        {
            Number = $"DB{BeijingNumber(now)}-{Guid.NewGuid().ToString("N")[..4].ToUpperInvariant()}",
            RequesterUnitId = unitId,
            RequesterJurisdictionId = jurisdictionId,
            WarehouseId = warehouse.Id,
            WarehouseJurisdictionId = warehouse.JurisdictionId,
            ApproverJurisdictionId = CommonUpper(snapshot, jurisdictionId, warehouse.JurisdictionId),
            IncidentId = incident?.Id,
            IncidentNumber = incident?.Number,
            IncidentTitle = incident?.Title,
            Purpose = r.Purpose.Trim(),
            DeliverTo = r.DeliverTo?.Trim() ?? "",
            Status = AllocationStatus.Requested,
            RequestedAt = now,
            RequestedBy = actor.UserName,
            Lines = [.. r.Lines!.Select(l => new AllocationLine { ItemId = l.ItemId!.Value, Requested = l.Quantity!.Value })],
        };
        db.Add(request);
        await db.SaveChangesAsync(ct);
        workbench.Raise(WorkbenchChange.For(request.ApproverJurisdictionId));
        return TypedResults.Created($"/api/v1/allocations/{request.Id}", await ViewAsync(db, scope, request.Id, ct));
    }

    private static string BeijingNumber(DateTimeOffset now) => now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The lowest jurisdiction that is, or is above, both.</summary>
    public static Guid CommonUpper(JurisdictionTree.Snapshot snapshot, Guid a, Guid b)
    {
        var above = new HashSet<Guid>();
        for (var n = snapshot.Find(a); n is not null; n = n.ParentId is { } p ? snapshot.Find(p) : null)
        {
            above.Add(n.Id);
        }

        for (var n = snapshot.Find(b); n is not null; n = n.ParentId is { } p ? snapshot.Find(p) : null)
        {
            if (above.Contains(n.Id))
            {
                return n.Id;
            }
        }

        return b;
    }

    public async Task<IResult> ApproveAsync(Guid id, ApproveRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.ApproveAllocation, id, ct);
        var (db, scope, request, refused) = await LoadForStepAsync(id, a => a.ApproverJurisdictionId, "The common upper level of the requester and the warehouse approves.", s => s == AllocationStatus.Requested, "Only a request awaiting approval is approved.", ct);
        await using var _ = db;
        if (refused is not null)
        {
            return refused;
        }

        var granted = new Dictionary<Guid, long>();
        foreach (var line in request.Lines)
        {
            var asked = r.Lines?.FirstOrDefault(l => l.ItemId == line.ItemId);
            var quantity = asked?.Quantity ?? line.Requested;
            if (asked is not null && (r.Lines!.Count(l => l.ItemId == line.ItemId) > 1 || quantity < 0 || quantity > line.Requested))
            {
                return ApiResults.Invalid("lines", ResourceErrors.AllocationApproved, "each approved quantity is between 0 and what was asked");
            }

            granted[line.Id] = quantity;
        }

        if (granted.Values.All(q => q == 0) || (r.Lines ?? []).Any(l => request.Lines.All(x => x.ItemId != l.ItemId)))
        {
            return ApiResults.Invalid("lines", ResourceErrors.AllocationApproved, "approve some quantity of the requested supplies, or reject the request");
        }

        // Reserve earliest expiry first (先到期先出), batch by batch, each by a conditional update.
        var itemIds = request.Lines.Select(l => l.ItemId).ToList();
        var batches = await db.Set<StockBatch>().AsNoTracking().Where(b => b.WarehouseId == request.WarehouseId && itemIds.Contains(b.ItemId)).ToListAsync(ct);
        var plan = new List<(AllocationLine Line, Guid BatchId, long Quantity)>();
        foreach (var line in request.Lines)
        {
            var need = granted[line.Id];
            line.Approved = need;
            foreach (var b in batches.Where(b => b.ItemId == line.ItemId && b.Quantity > b.Reserved).OrderBy(b => b.ExpiresOn ?? DateOnly.MaxValue).ThenBy(b => b.BatchNo))
            {
                if (need == 0)
                {
                    break;
                }

                var take = Math.Min(need, b.Quantity - b.Reserved);
                plan.Add((line, b.Id, take));
                need -= take;
            }

            if (need > 0)
            {
                return ApiResults.Conflict(ResourceErrors.StockShort, "The warehouse has too little free stock for the approved quantities.");
            }
        }

        foreach (var (line, batchId, quantity) in plan)
        {
            var reservation = new AllocationReservation { LineId = line.Id, BatchId = batchId, Quantity = quantity };
            line.Reservations.Add(reservation);
            db.Add(reservation);
        }

        db.BeforeSave(async (d, token) =>
        {
            foreach (var (_, batchId, quantity) in plan)
            {
                await StockLedger.ApplyAsync(d, batchId, 0, quantity, token);
            }
        });
        return await StepAsync(db, scope, request, AllocationStatus.Approved, r.Note, "allocation.approved", ct);
    }

    public async Task<IResult> RejectAsync(Guid id, RejectRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.ApproveAllocation, id, ct);
        var (db, scope, request, refused) = await LoadForStepAsync(id, a => a.ApproverJurisdictionId, "The common upper level of the requester and the warehouse decides.", s => s is (AllocationStatus.Requested or AllocationStatus.Approved), "Only a request not yet dispatched is rejected.", ct);
        await using var _ = db;
        if (refused is not null)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(r.Reason))
        {
            return ApiResults.Invalid("reason", ResourceErrors.AllocationReason, "say why");
        }

        var release = request.Lines.SelectMany(l => l.Reservations).Select(x => (x.BatchId, x.Quantity)).ToList();
        db.BeforeSave(async (d, token) =>
        {
            foreach (var (batchId, quantity) in release)
            {
                await StockLedger.ApplyAsync(d, batchId, 0, -quantity, token);
            }
        });
        foreach (var line in request.Lines)
        {
            line.Approved = 0;
            db.RemoveRange(line.Reservations);
        }

        return await StepAsync(db, scope, request, AllocationStatus.Rejected, r.Reason, "allocation.rejected", ct);
    }

    public async Task<IResult> DispatchAsync(Guid id, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.DispatchAllocation, id, ct);
        var (db, scope, request, refused) = await LoadForStepAsync(id, a => a.WarehouseJurisdictionId, "The warehouse's side dispatches.", s => s == AllocationStatus.Approved, "Only an approved request is dispatched.", ct);
        await using var _ = db;
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var moves = new List<(Guid BatchId, long Quantity)>();
        foreach (var line in request.Lines)
        {
            foreach (var reservation in line.Reservations)
            {
                moves.Add((reservation.BatchId, reservation.Quantity));
                db.Add(new StockMovement
                {
                    BatchId = reservation.BatchId,
                    WarehouseId = request.WarehouseId,
                    JurisdictionId = request.WarehouseJurisdictionId,
                    ItemId = line.ItemId,
                    Kind = MovementKind.Dispatch,
                    Delta = -reservation.Quantity,
                    Note = request.Number,
                    ReferenceId = request.Id,
                    At = now,
                    By = scopes.Actor.UserName,
                });
            }
        }

        db.BeforeSave(async (d, token) =>
        {
            foreach (var (batchId, quantity) in moves)
            {
                await StockLedger.ApplyAsync(d, batchId, -quantity, -quantity, token);
            }
        });
        request.DispatchedAt = now;
        request.DispatchedBy = scopes.Actor.UserName;
        return await StepAsync(db, scope, request, AllocationStatus.Dispatched, null, "allocation.dispatched", ct);
    }

    public async Task<IResult> ReceiveAsync(Guid id, ReceiveRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.RequestAllocation, id, ct);
        var (db, scope, request, refused) = await LoadForStepAsync(id, a => a.RequesterJurisdictionId, "The requester's side confirms receipt.", s => s == AllocationStatus.Dispatched, "Only a dispatched request is received.", ct);
        await using var _ = db;
        if (refused is not null)
        {
            return refused;
        }

        foreach (var line in request.Lines)
        {
            var said = r.Lines?.FirstOrDefault(l => l.ItemId == line.ItemId);
            var received = said?.Quantity ?? line.Approved;
            if (received < 0 || received > line.Approved)
            {
                return ApiResults.Invalid("lines", ResourceErrors.AllocationApproved, "each received quantity is between 0 and what was dispatched");
            }

            line.Received = received;
        }

        request.ReceivedAt = clock.GetUtcNow();
        request.ReceivedBy = scopes.Actor.UserName;
        return await StepAsync(db, scope, request, AllocationStatus.Received, r.Note, "allocation.received", ct);
    }

    private async Task<IResult> StepAsync(BeaconDb db, DataScope scope, AllocationRequest request, AllocationStatus to, string? note, string audit, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (to is AllocationStatus.Approved or AllocationStatus.Rejected)
        {
            request.DecidedAt = now;
            request.DecidedBy = scopes.Actor.UserName;
            request.DecisionNote = note?.Trim();
        }

        request.Status = to;
        request.Version++;
        db.Audit(audit, "allocation-request", request.Id.ToString(), new { request.Number, Status = to.ToString() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (StockShortException)
        {
            return ApiResults.Conflict(ResourceErrors.StockShort, "The warehouse has too little free stock for the approved quantities.");
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiResults.Conflict(ResourceErrors.AllocationState, "Someone else moved the request on.");
        }

        workbench.Raise(WorkbenchChange.For(request.ApproverJurisdictionId, request.WarehouseJurisdictionId, request.RequesterJurisdictionId));
        return TypedResults.Ok(await ViewAsync(db, scope, request.Id, ct));
    }

    /// <summary>
    /// Loads a request for one step of its way (approve, reject, dispatch, receive) and refuses the step when the request
    /// is not visible (404), not on the caller's side of it (<paramref name="side"/>, 403) or not in a state the step
    /// takes (<paramref name="allowed"/>, 409). The context is the caller's to dispose.
    /// </summary>
    private async Task<(BeaconDb Db, DataScope Scope, AllocationRequest Request, IResult? Refused)> LoadForStepAsync(Guid id,
        Func<AllocationRequest, Guid> side, string notYours, Func<AllocationStatus, bool> allowed, string wrongState, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var db = dbs.CreateDbContext();
        var request = await Visible(db, scope).AsTracking().Include(a => a.Lines).ThenInclude(l => l.Reservations).AsSplitQuery().SingleOrDefaultAsync(a => a.Id == id, ct);
        IResult? refused = request is null ? ApiResults.NotFound(ResourceErrors.AllocationNotFound, "Allocation")
            : !scope.Contains(side(request)) ? ApiResults.Forbidden(ResourceErrors.AllocationNotYours, notYours)
            : !allowed(request.Status) ? ApiResults.Conflict(ResourceErrors.AllocationState, wrongState)
            : null;
        return (db, scope, request!, refused);
    }

    internal static IQueryable<AllocationRequest> Visible(BeaconDb db, DataScope scope)
    {
        var all = db.Set<AllocationRequest>().AsNoTracking();
        if (scope.IsEverything)
        {
            return all;
        }

        var ids = scope.JurisdictionIds.ToList();
        return all.Where(a => ids.Contains(a.RequesterJurisdictionId) || ids.Contains(a.WarehouseJurisdictionId) || ids.Contains(a.ApproverJurisdictionId));
    }

    public async Task<Paged<AllocationView>> ListAsync(AllocationFilter filter, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = Visible(db, scope);
        if (filter == AllocationFilter.AwaitingMe)
        {
            var ids = scope.IsEverything ? null : scope.JurisdictionIds.ToList();
            query = query.Where(a =>
                (a.Status == AllocationStatus.Requested && (ids == null || ids.Contains(a.ApproverJurisdictionId))) ||
                (a.Status == AllocationStatus.Approved && (ids == null || ids.Contains(a.WarehouseJurisdictionId))) ||
                (a.Status == AllocationStatus.Dispatched && (ids == null || ids.Contains(a.RequesterJurisdictionId))));
        }

        var rows = await query.OrderByDescending(a => a.RequestedAt).ThenByDescending(a => a.Id).Include(a => a.Lines).ToPagedAsync(page, ct);
        return new Paged<AllocationView>(await ViewsAsync(db, scope, rows.Items, ct), rows.Total, rows.Page, rows.PageSize);
    }

    /// <summary>Whether the caller's level is the one that approves or rejects the request.</summary>
    public async Task<bool> CanDecideAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var approver = await Visible(db, scope).Where(a => a.Id == id).Select(a => (Guid?)a.ApproverJurisdictionId).SingleOrDefaultAsync(ct);
        return scope.Contains(approver);
    }

    public async Task<AllocationView?> FindAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        return await ViewAsync(db, scope, id, ct);
    }

    private async Task<AllocationView?> ViewAsync(BeaconDb db, DataScope scope, Guid id, CancellationToken ct)
    {
        var row = await Visible(db, scope).Include(a => a.Lines).SingleOrDefaultAsync(a => a.Id == id, ct);
        return row is null ? null : (await ViewsAsync(db, scope, [row], ct))[0];
    }

    private async Task<List<AllocationView>> ViewsAsync(BeaconDb db, DataScope scope, IReadOnlyList<AllocationRequest> rows, CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var warehouseIds = rows.Select(a => a.WarehouseId).Distinct().ToList();
        var warehouses = await db.Set<Resource>().AsNoTracking().Where(w => warehouseIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var unitIds = rows.Select(a => a.RequesterUnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var itemIds = rows.SelectMany(a => a.Lines.Select(l => l.ItemId)).Distinct().ToList();
        var items = await db.Set<SupplyItem>().AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var names = await people.ResolveAsync(rows.SelectMany(a => new[] { a.RequestedBy, a.DecidedBy }), ct);
        var actor = scopes.Actor;
        bool Holds(Permission p) => p.Roles.Any(actor.IsInRole);
        return [.. rows.Select(a => new AllocationView(
            a.Id, a.Number, a.Status, a.WarehouseId, warehouses.GetValueOrDefault(a.WarehouseId, ""), ResourcesHandler.Chain(snapshot, a.WarehouseJurisdictionId),
            units.GetValueOrDefault(a.RequesterUnitId, ""), ResourcesHandler.Chain(snapshot, a.RequesterJurisdictionId), snapshot.Find(a.ApproverJurisdictionId)?.Name ?? "",
            a.IncidentId, a.IncidentNumber, a.IncidentTitle, a.Purpose, a.DeliverTo, a.RequestedAt, a.RequestedBy, a.DecidedAt, a.DecidedBy, a.DecisionNote,
            a.DispatchedAt, a.ReceivedAt,
            [.. a.Lines.OrderBy(l => items.GetValueOrDefault(l.ItemId)?.Code, StringComparer.Ordinal).Select(l => new AllocationLineView(
                l.Id, l.ItemId, items.GetValueOrDefault(l.ItemId)?.Name ?? "", items.GetValueOrDefault(l.ItemId)?.Unit ?? "", l.Requested, l.Approved, l.Received))],
            a.Status == AllocationStatus.Requested && scope.Contains(a.ApproverJurisdictionId) && Holds(ResourcePermissions.ApproveAllocation),
            a.Status == AllocationStatus.Approved && scope.Contains(a.WarehouseJurisdictionId) && Holds(ResourcePermissions.DispatchAllocation),
            a.Status == AllocationStatus.Dispatched && scope.Contains(a.RequesterJurisdictionId) && Holds(ResourcePermissions.RequestAllocation),
            a.Version)
        { RequestedByName = names[a.RequestedBy], DecidedByName = names[a.DecidedBy] })];
    }
}

internal static class AllocationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/allocations", (AllocationsHandler h, AllocationRequestBody r, CancellationToken ct) => h.RequestAsync(r, ct))
            .RequirePermission(ResourcePermissions.RequestAllocation)
            .WithName("RequestAllocation").WithTags("Allocations")
            .Produces<AllocationView>(StatusCodes.Status201Created).ProducesProblems()
            .WithSummary("Requests supplies from a warehouse (调拨申请) for an incident or a preparedness need; approved by the common upper level; honours Idempotency-Key");
        api.MapGet("/allocations", (AllocationsHandler h, HttpContext http, AllocationFilter? filter, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(filter ?? AllocationFilter.All, p, ct)))
            .WithName("ListAllocations").WithTags("Allocations")
            .WithSummary("Allocation requests the caller may see, newest first, then id; paged; filter=AwaitingMe what awaits the caller's level");
        api.MapGet("/allocations/{id:guid}", async (AllocationsHandler h, Guid id, CancellationToken ct) =>
                await h.FindAsync(id, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(ResourceErrors.AllocationNotFound, "Allocation"))
            .WithName("GetAllocation").WithTags("Allocations").Produces<AllocationView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One allocation request");
        api.MapPost("/allocations/{id:guid}/approve", (AllocationsHandler h, Guid id, ApproveRequest r, CancellationToken ct) => h.ApproveAsync(id, r, ct))
            .RequirePermission(ResourcePermissions.ApproveAllocation)
            .WithName("ApproveAllocation").WithTags("Allocations").Produces<AllocationView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Approves (all or part: partial fulfilment) and reserves the stock, earliest expiry first");
        api.MapPost("/allocations/{id:guid}/reject", (AllocationsHandler h, Guid id, RejectRequest r, CancellationToken ct) => h.RejectAsync(id, r, ct))
            .RequirePermission(ResourcePermissions.ApproveAllocation)
            .WithName("RejectAllocation").WithTags("Allocations").Produces<AllocationView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Rejects with the reason; releases whatever was reserved");
        api.MapPost("/allocations/{id:guid}/dispatch", (AllocationsHandler h, Guid id, CancellationToken ct) => h.DispatchAsync(id, ct))
            .RequirePermission(ResourcePermissions.DispatchAllocation)
            .WithName("DispatchAllocation").WithTags("Allocations").Produces<AllocationView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The reserved stock leaves the warehouse (发运): ledger rows of kind Dispatch");
        api.MapPost("/allocations/{id:guid}/receive", (AllocationsHandler h, Guid id, ReceiveRequest r, CancellationToken ct) => h.ReceiveAsync(id, r, ct))
            .RequirePermission(ResourcePermissions.RequestAllocation)
            .WithName("ReceiveAllocation").WithTags("Allocations").Produces<AllocationView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The requester confirms what arrived (接收确认)");
    }
}
