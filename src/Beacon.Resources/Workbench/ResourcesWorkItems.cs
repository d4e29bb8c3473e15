using Beacon.Platform.Data;
using Beacon.Platform.Workbench;
using Beacon.Resources.Allocation;
using Beacon.Resources.Localization;
using Beacon.Resources.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Beacon.Resources.Workbench;

/// <summary>
/// What awaits the viewer in resources: allocation requests to approve (待审批, the common upper level with the approve
/// permission), to dispatch (待发运, the warehouse's side) and to confirm (待接收, the requester's side), by the same rules
/// as the allocation handler.
/// </summary>
internal sealed class ResourcesWorkItems(BeaconDbFactory dbs, Stock.StockHandler stock, TimeProvider clock, IStringLocalizer<ResourcesResource> L) : IWorkItemSource
{
    public async Task<IReadOnlyList<WorkItem>> GetAsync(WorkbenchViewer viewer, CancellationToken ct)
    {
        var actor = viewer.Actor;
        var approve = ResourcePermissions.ApproveAllocation.Roles.Any(actor.IsInRole);
        var dispatch = ResourcePermissions.DispatchAllocation.Roles.Any(actor.IsInRole);
        var receive = ResourcePermissions.RequestAllocation.Roles.Any(actor.IsInRole);
        var keep = ResourcePermissions.MoveStock.Roles.Any(actor.IsInRole);
        if (!approve && !dispatch && !receive && !keep)
        {
            return [];
        }

        await using var db = dbs.CreateDbContext();
        var scope = viewer.Scope;
        var ids = scope.IsEverything ? null : scope.JurisdictionIds.ToList();
        var rows = await AllocationsHandler.Visible(db, scope)
            .Where(a => (approve && a.Status == AllocationStatus.Requested && (ids == null || ids.Contains(a.ApproverJurisdictionId)))
                || (dispatch && a.Status == AllocationStatus.Approved && (ids == null || ids.Contains(a.WarehouseJurisdictionId)))
                || (receive && a.Status == AllocationStatus.Dispatched && (ids == null || ids.Contains(a.RequesterJurisdictionId))))
            .OrderBy(a => a.RequestedAt).Take(200)
            .Select(a => new { a.Id, a.Number, a.Status, a.Purpose, a.IncidentTitle, a.RequestedAt, a.DecidedAt, a.DispatchedAt, a.WarehouseId })
            .ToListAsync(ct);
        var warehouseIds = rows.Select(r => r.WarehouseId).Distinct().ToList();
        var warehouses = await db.Set<Resource>().AsNoTracking().Where(w => warehouseIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        // Stock alerts of the viewer's own warehouses (below minimum, near expiry, expired): the keepers' to-do.
        var alerts = keep ? (await stock.AlertsAsync(scope, ct)).Take(50).Select(x => new WorkItem(
            "stock.alert", L["Work.StockAlert"], 30, $"{x.WarehouseId}:{x.ItemId}:{x.BatchNo}:{x.Kind}", "", x.Kind switch
            {
                Stock.StockAlertKind.BelowMinimum => L["Stock.Alert.BelowMinimum", x.Item, x.Quantity, x.Minimum],
                Stock.StockAlertKind.NearExpiry => L["Stock.Alert.NearExpiry", x.Item, x.BatchNo ?? "", x.ExpiresOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""],
                _ => L["Stock.Alert.Expired", x.Item, x.BatchNo ?? "", x.ExpiresOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""],
            }, x.Warehouse, clock.GetUtcNow(), null, x.Kind == Stock.StockAlertKind.NearExpiry ? WorkItemUrgency.DueSoon : WorkItemUrgency.Overdue,
            $"resources/{x.WarehouseId}")).ToList() : [];
        return [.. alerts, .. rows.Select(a => a.Status switch
        {
            AllocationStatus.Requested => new WorkItem("allocation.approve", L["Work.Approve"], 14, a.Id.ToString(), a.Number, a.IncidentTitle ?? a.Purpose,
                warehouses.GetValueOrDefault(a.WarehouseId, ""), a.RequestedAt, null, WorkItemUrgency.Normal, $"allocations/{a.Id}"),
            AllocationStatus.Approved => new WorkItem("allocation.dispatch", L["Work.Dispatch"], 15, a.Id.ToString(), a.Number, a.IncidentTitle ?? a.Purpose,
                warehouses.GetValueOrDefault(a.WarehouseId, ""), a.DecidedAt ?? a.RequestedAt, null, WorkItemUrgency.Normal, $"allocations/{a.Id}"),
            _ => new WorkItem("allocation.receive", L["Work.Receive"], 18, a.Id.ToString(), a.Number, a.IncidentTitle ?? a.Purpose,
                warehouses.GetValueOrDefault(a.WarehouseId, ""), a.DispatchedAt ?? a.RequestedAt, null, WorkItemUrgency.Normal, $"allocations/{a.Id}"),
        })];
    }
}
