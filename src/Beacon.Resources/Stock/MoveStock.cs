using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Resources.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources.Stock;

/// <summary>
/// A stock movement of a warehouse. In (入库): itemId, batchNo, optional producedOn / expiresOn, a positive quantity.
/// Out (出库) and Transfer (调库, with toWarehouseId): batchId and a positive quantity. Adjustment (盘点调整): batchId and a
/// signed quantity (not zero).
/// </summary>
public sealed record MoveStockRequest(
    [property: Required] MovementKind? Kind,
    Guid? ItemId,
    [property: StringLength(60)] string? BatchNo,
    DateOnly? ProducedOn,
    DateOnly? ExpiresOn,
    Guid? BatchId,
    [property: Required, Range(-100_000_000d, 100_000_000d)] long? Quantity,
    Guid? ToWarehouseId,
    [property: StringLength(500)] string? Note);

public sealed record MovementView(Guid Id, Guid BatchId, string BatchNo, Guid ItemId, string Item, string Unit, MovementKind Kind, long Delta, string Note,
    Guid? ReferenceId, DateTimeOffset At, string By)
{
    public string? ByName { get; init; }
}

public sealed record BatchView(Guid Id, Guid ItemId, string ItemCode, string Item, string Category, string Unit, string Specification, string BatchNo,
    DateOnly? ProducedOn, DateOnly? ExpiresOn, long Quantity, long Reserved, long Available, bool NearExpiry, bool Expired);

/// <summary>One warehouse's stock: its batches and the alerts on it.</summary>
public sealed record StockView(Guid WarehouseId, string Warehouse, bool ReadOnly, IReadOnlyList<BatchView> Batches, IReadOnlyList<StockAlert> Alerts);

public enum StockAlertKind
{
    /// <summary>低于最低储备.</summary>
    BelowMinimum = 1,

    /// <summary>临近过期 (within 30 days).</summary>
    NearExpiry = 2,

    /// <summary>已过期.</summary>
    Expired = 3,
}

public sealed record StockAlert(StockAlertKind Kind, Guid WarehouseId, string Warehouse, Guid ItemId, string Item, string? BatchNo, long Quantity, long Minimum, DateOnly? ExpiresOn);

/// <summary>Moves stock (出入库、调库、盘点) and reads it: batches, the ledger, minimum-stock and near-expiry alerts.</summary>
public sealed class StockHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, People people,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const int NearExpiryDays = 30;

    public async Task<IResult> MoveAsync(Guid warehouseId, MoveStockRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.MoveStock, warehouseId, ct);
        var scope = await scopes.GetAsync(ct);
        var kind = r.Kind!.Value;
        var quantity = r.Quantity!.Value;
        var now = clock.GetUtcNow();
        var by = scopes.Actor.UserName;
        var note = r.Note?.Trim() ?? "";
        // The answer is built from what is read here (and the batch id taken in the transaction): no reads after the save.
        var byName = (await people.ResolveAsync([by], ct))[by];
        // The usual movement (a receipt into a batch that exists, an out of a batch) reads everything it needs in one
        // query; anything else, including every refusal, takes the step-by-step reads below, which name what is wrong.
        if (await FastPathAsync(scope, warehouseId, kind, quantity, r, note, now, by, byName, ct) is { } fast)
        {
            return fast;
        }

        await using var db = dbs.CreateDbContext();
        var warehouse = await db.Set<Resource>().AsNoTracking().InScope(scope, w => w.JurisdictionId).Where(w => w.Id == warehouseId)
            .Select(w => new { w.Id, w.Kind, w.JurisdictionId }).SingleOrDefaultAsync(ct);
        if (warehouse is null)
        {
            return ApiResults.NotFound(ResourceErrors.NotFound, "Warehouse");
        }

        if (warehouse.Kind != ResourceKind.Warehouse)
        {
            return ApiResults.Invalid("warehouseId", ResourceErrors.NotWarehouse, "stock is kept in warehouses only");
        }

        if (!Enum.IsDefined(kind) || kind is MovementKind.TransferIn or MovementKind.Dispatch)
        {
            return ApiResults.Invalid("kind", ResourceErrors.Quantity, "must be In, Out, TransferOut or Adjustment");
        }

        if (kind == MovementKind.Adjustment ? quantity == 0 : quantity <= 0)
        {
            return ApiResults.Invalid("quantity", ResourceErrors.Quantity, kind == MovementKind.Adjustment ? "must not be zero" : "must be positive");
        }

        if (kind == MovementKind.In)
        {
            var item = r.ItemId is { } itemId
                ? await db.Set<SupplyItem>().AsNoTracking().Where(i => i.Id == itemId).Select(i => new { i.Id, i.Name, i.Unit }).SingleOrDefaultAsync(ct)
                : null;
            if (item is null)
            {
                return ApiResults.Invalid("itemId", ResourceErrors.Item, "must name a supply of the catalogue");
            }

            if (string.IsNullOrWhiteSpace(r.BatchNo))
            {
                return ApiResults.Invalid("batchNo", ResourceErrors.BatchNo, "is required for a receipt");
            }

            if (r.ProducedOn is { } p && r.ExpiresOn is { } e && e < p)
            {
                return ApiResults.Invalid("expiresOn", ResourceErrors.Expiry, "must not be before producedOn");
            }

            var template = new StockBatch
            {
                WarehouseId = warehouse.Id,
                JurisdictionId = warehouse.JurisdictionId,
                ItemId = item.Id,
                BatchNo = r.BatchNo.Trim(),
                ProducedOn = r.ProducedOn,
                ExpiresOn = r.ExpiresOn,
            };
            var movement = new StockMovement
            {
                WarehouseId = warehouse.Id,
                JurisdictionId = warehouse.JurisdictionId,
                ItemId = item.Id,
                Kind = MovementKind.In,
                Delta = quantity,
                Note = note,
                At = now,
                By = by,
            };
            return await SaveAsync(movement.Id, d =>
            {
                d.Add(movement);
                d.BeforeSave(async (tx, token) =>
                {
                    movement.BatchId = await StockLedger.EnsureBatchAsync(tx, template, token);
                    await StockLedger.ApplyAsync(tx, movement.BatchId, quantity, 0, token);
                });
            }, () => new MovementView(movement.Id, movement.BatchId, template.BatchNo, item.Id, item.Name, item.Unit, movement.Kind, movement.Delta, note,
                null, now, by)
            { ByName = byName }, ct);
        }

        var batch = r.BatchId is { } batchId
            ? await (from b in db.Set<StockBatch>().AsNoTracking()
                     join i in db.Set<SupplyItem>().AsNoTracking() on b.ItemId equals i.Id
                     where b.Id == batchId && b.WarehouseId == warehouse.Id
                     select new { b.Id, b.ItemId, b.BatchNo, b.ProducedOn, b.ExpiresOn, i.Name, i.Unit }).SingleOrDefaultAsync(ct)
            : null;
        if (batch is null)
        {
            return ApiResults.Invalid("batchId", ResourceErrors.Batch, "must name a batch of this warehouse");
        }

        var delta = kind == MovementKind.Adjustment ? quantity : -quantity;
        var first = new StockMovement
        {
            BatchId = batch.Id,
            WarehouseId = warehouse.Id,
            JurisdictionId = warehouse.JurisdictionId,
            ItemId = batch.ItemId,
            Kind = kind,
            Delta = delta,
            Note = note,
            At = now,
            By = by,
        };
        Action<BeaconDb> stage = d =>
        {
            d.Add(first);
            StockLedger.Stage(d, batch.Id, delta);
        };
        if (kind == MovementKind.TransferOut)
        {
            var target = r.ToWarehouseId is { } toId && toId != warehouse.Id
                ? await db.Set<Resource>().AsNoTracking().InScope(scope, w => w.JurisdictionId).Where(w => w.Id == toId && w.Kind == ResourceKind.Warehouse)
                    .Select(w => new { w.Id, w.JurisdictionId }).SingleOrDefaultAsync(ct)
                : null;
            if (target is null)
            {
                return ApiResults.Invalid("toWarehouseId", ResourceErrors.TransferTarget, "must be another warehouse in your scope");
            }

            var arriving = new StockMovement
            {
                WarehouseId = target.Id,
                JurisdictionId = target.JurisdictionId,
                ItemId = batch.ItemId,
                Kind = MovementKind.TransferIn,
                Delta = quantity,
                Note = note,
                At = now,
                By = by,
                ReferenceId = first.Id,
            };
            first.ReferenceId = arriving.Id;
            var template = new StockBatch
            {
                WarehouseId = target.Id,
                JurisdictionId = target.JurisdictionId,
                ItemId = batch.ItemId,
                BatchNo = batch.BatchNo,
                ProducedOn = batch.ProducedOn,
                ExpiresOn = batch.ExpiresOn,
            };
            stage = d =>
            {
                d.Add(first);
                d.Add(arriving);
                d.BeforeSave(async (tx, token) =>
                {
                    await StockLedger.ApplyAsync(tx, batch.Id, delta, 0, token);
                    arriving.BatchId = await StockLedger.EnsureBatchAsync(tx, template, token);
                    await StockLedger.ApplyAsync(tx, arriving.BatchId, quantity, 0, token);
                });
            };
        }

        return await SaveAsync(first.Id, stage, () => new MovementView(first.Id, batch.Id, batch.BatchNo, batch.ItemId, batch.Name, batch.Unit, kind, delta, note,
            first.ReferenceId, now, by)
        { ByName = byName }, ct);
    }

    /// <summary>
    /// The hot path of decision 0018 (amended 2026-12-03): a receipt into a batch that already exists, with no dates to fill
    /// in, or an out of a batch, when the request is valid. One plain read (batch, item and warehouse; the warehouse's
    /// jurisdiction checked against the caller's scope here, as <c>InScope</c> would in the query) on a connection without a
    /// context, and, in the group commit's transaction, one conditional UPDATE of the balance. Null when the request is
    /// anything else or fails a check: the caller's step-by-step path then answers it (and names what is wrong).
    /// </summary>
    private async Task<IResult?> FastPathAsync(DataScope scope, Guid warehouseId, MovementKind kind, long quantity, MoveStockRequest r,
        string note, DateTimeOffset now, string by, string? byName, CancellationToken ct)
    {
        if (quantity <= 0 || !(kind == MovementKind.Out && r.BatchId is not null || kind == MovementKind.In && r.ItemId is not null && !string.IsNullOrWhiteSpace(r.BatchNo)))
        {
            return null;
        }

        var found = await StockReads.BatchAsync(dbs, warehouseId, kind == MovementKind.Out ? r.BatchId : null, r.ItemId, r.BatchNo?.Trim() ?? "", ct);
        if (found is null || found.WarehouseKind != ResourceKind.Warehouse || !scope.Contains(found.JurisdictionId)
            || kind == MovementKind.In && (r.ProducedOn is not null && !found.HasProducedOn || r.ExpiresOn is not null && !found.HasExpiresOn
                || r.ProducedOn is { } p && r.ExpiresOn is { } e && e < p))
        {
            return null;
        }

        var delta = kind == MovementKind.In ? quantity : -quantity;
        var movement = new StockMovement
        {
            BatchId = found.Id,
            WarehouseId = warehouseId,
            JurisdictionId = found.JurisdictionId,
            ItemId = found.ItemId,
            Kind = kind,
            Delta = delta,
            Note = note,
            At = now,
            By = by,
        };
        return await SaveAsync(movement.Id, d =>
        {
            d.Add(movement);
            StockLedger.Stage(d, found.Id, delta);
        }, () => new MovementView(movement.Id, found.Id, found.BatchNo, found.ItemId, found.Item, found.Unit, kind, delta, note, null, now, by) { ByName = byName }, ct);
    }

    /// <summary>
    /// Saves a movement in a transaction shared with the movements arriving meanwhile (the kernel's group commit, decision
    /// 0018): one commit per batch instead of one per movement. Each movement's balance update is its own conditional
    /// statement inside that transaction, so a movement that would go short fails the batch, which is then saved
    /// movement by movement: only the short one is refused. All movements share one lane, so balance updates of one
    /// batch never wait for each other's row locks.
    /// </summary>
    private async Task<IResult> SaveAsync(Guid id, Action<BeaconDb> stage, Func<MovementView> view, CancellationToken ct)
    {
        try
        {
            return await dbs.SaveInGroupAsync("resources-stock", stage,
                () => PreparedAnswer.Created($"/api/v1/stock-movements/{id}", view(), json.Value.SerializerOptions), keepAnswer: true, ct);
        }
        catch (StockShortException)
        {
            return ApiResults.Conflict(ResourceErrors.StockShort, "Not enough free stock (balance less reserved) in the batch.");
        }
    }

    private async Task<List<MovementView>> ViewsAsync(BeaconDb db, IReadOnlyList<StockMovement> rows, CancellationToken ct)
    {
        var batchIds = rows.Select(m => m.BatchId).Distinct().ToList();
        var batches = await db.Set<StockBatch>().AsNoTracking().Where(b => batchIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.BatchNo, ct);
        var itemIds = rows.Select(m => m.ItemId).Distinct().ToList();
        var items = await db.Set<SupplyItem>().AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var names = await people.ResolveAsync(rows.Select(m => m.By), ct);
        return [.. rows.Select(m => new MovementView(m.Id, m.BatchId, batches.GetValueOrDefault(m.BatchId, ""), m.ItemId, items.GetValueOrDefault(m.ItemId)?.Name ?? "",
            items.GetValueOrDefault(m.ItemId)?.Unit ?? "", m.Kind, m.Delta, m.Note, m.ReferenceId, m.At, m.By) { ByName = names[m.By] })];
    }

    /// <summary>A warehouse's stock the caller may read (own scope, or offered for sharing: read-only).</summary>
    public async Task<StockView?> StockAsync(Guid warehouseId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warehouse = await ResourcesHandler.Visible(db, scope).SingleOrDefaultAsync(w => w.Id == warehouseId && w.Kind == ResourceKind.Warehouse, ct);
        if (warehouse is null)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = await (from b in db.Set<StockBatch>().AsNoTracking()
                          join i in db.Set<SupplyItem>().AsNoTracking() on b.ItemId equals i.Id
                          where b.WarehouseId == warehouseId
                          orderby i.Code, b.ExpiresOn, b.BatchNo
                          select new { b, i }).ToListAsync(ct);
        var batches = rows.Select(x => new BatchView(x.b.Id, x.i.Id, x.i.Code, x.i.Name, x.i.CategoryCode, x.i.Unit, x.i.Specification, x.b.BatchNo,
            x.b.ProducedOn, x.b.ExpiresOn, x.b.Quantity, x.b.Reserved, x.b.Quantity - x.b.Reserved,
            x.b.ExpiresOn is { } e && e >= today && e <= today.AddDays(NearExpiryDays), x.b.ExpiresOn is { } e2 && e2 < today)).ToList();
        var alerts = Alerts(warehouse, rows.Select(x => (x.b, x.i)), today);
        return new StockView(warehouse.Id, warehouse.Name, !scope.Contains(warehouse.JurisdictionId), batches, alerts);
    }

    /// <summary>Alerts of every warehouse in the caller's own scope (the workbench and the stock page), most serious first.</summary>
    public async Task<List<StockAlert>> AlertsAsync(DataScope scope, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = await (from b in db.Set<StockBatch>().AsNoTracking().InScope(scope, b => b.JurisdictionId)
                          join i in db.Set<SupplyItem>().AsNoTracking() on b.ItemId equals i.Id
                          join w in db.Set<Resource>().AsNoTracking() on b.WarehouseId equals w.Id
                          select new { b, i, w }).Take(20_000).ToListAsync(ct);
        return [.. rows.GroupBy(x => x.w.Id).SelectMany(g => Alerts(g.First().w, g.Select(x => (x.b, x.i)), today))
            .OrderByDescending(a => a.Kind).ThenBy(a => a.Warehouse, StringComparer.Ordinal).ThenBy(a => a.Item, StringComparer.Ordinal)];
    }

    private static List<StockAlert> Alerts(Resource warehouse, IEnumerable<(StockBatch Batch, SupplyItem Item)> rows, DateOnly today)
    {
        var list = rows.ToList();
        var alerts = new List<StockAlert>();
        foreach (var item in list.GroupBy(x => x.Item.Id))
        {
            var first = item.First().Item;
            var total = item.Sum(x => x.Batch.Quantity);
            if (first.MinimumStock > 0 && total < first.MinimumStock)
            {
                alerts.Add(new StockAlert(StockAlertKind.BelowMinimum, warehouse.Id, warehouse.Name, first.Id, first.Name, null, total, first.MinimumStock, null));
            }
        }

        foreach (var (b, i) in list.Where(x => x.Batch.Quantity > 0 && x.Batch.ExpiresOn is not null))
        {
            var e = b.ExpiresOn!.Value;
            if (e < today)
            {
                alerts.Add(new StockAlert(StockAlertKind.Expired, warehouse.Id, warehouse.Name, i.Id, i.Name, b.BatchNo, b.Quantity, i.MinimumStock, e));
            }
            else if (e <= today.AddDays(NearExpiryDays))
            {
                alerts.Add(new StockAlert(StockAlertKind.NearExpiry, warehouse.Id, warehouse.Name, i.Id, i.Name, b.BatchNo, b.Quantity, i.MinimumStock, e));
            }
        }

        return alerts;
    }

    /// <summary>One page of a warehouse's ledger, newest first, then id; null when the caller cannot read the warehouse.</summary>
    public async Task<Paged<MovementView>?> LedgerAsync(Guid warehouseId, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        if (!await ResourcesHandler.Visible(db, scope).AnyAsync(w => w.Id == warehouseId && w.Kind == ResourceKind.Warehouse, ct))
        {
            return null;
        }

        var rows = await db.Set<StockMovement>().AsNoTracking().Where(m => m.WarehouseId == warehouseId)
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id).ToPagedAsync(page, ct);
        return new Paged<MovementView>(await ViewsAsync(db, rows.Items, ct), rows.Total, rows.Page, rows.PageSize);
    }

    public async Task<IResult> LedgerAnswerAsync(HttpContext http, Guid warehouseId, int? page, int? pageSize, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize, out var request) is { } problem)
        {
            return problem;
        }

        var result = await LedgerAsync(warehouseId, request, ct);
        if (result is null)
        {
            return ApiResults.NotFound(ResourceErrors.NotFound, "Warehouse");
        }

        Paging.SetLinks(http, result);
        return TypedResults.Ok(result);
    }
}

internal static class StockEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/warehouses/{id:guid}/movements", (StockHandler h, Guid id, MoveStockRequest r, CancellationToken ct) => h.MoveAsync(id, r, ct))
            .RequirePermission(ResourcePermissions.MoveStock)
            .WithName("MoveStock").WithTags("Stock")
            .Produces<MovementView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("A stock movement: In (入库, new or existing batch), Out (出库), TransferOut (调库 to another warehouse), Adjustment (盘点); never below the reserved stock; honours Idempotency-Key");
        api.MapGet("/warehouses/{id:guid}/stock", async (StockHandler h, Guid id, CancellationToken ct) =>
                await h.StockAsync(id, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(ResourceErrors.NotFound, "Warehouse"))
            .WithName("GetStock").WithTags("Stock")
            .Produces<StockView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("A warehouse's batches (balance, reserved, available, expiry) and its alerts; complete and unpaged (one warehouse's batches)");
        api.MapGet("/warehouses/{id:guid}/movements", (StockHandler h, HttpContext http, Guid id, int? page, int? pageSize, CancellationToken ct) =>
                h.LedgerAnswerAsync(http, id, page, pageSize, ct))
            .WithName("ListMovements").WithTags("Stock")
            .Produces<Paged<MovementView>>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("A warehouse's ledger (出入库台账), newest first, then id; paged");
    }
}
