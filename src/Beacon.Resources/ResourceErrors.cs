namespace Beacon.Resources;

/// <summary>
/// Stable codes (<c>module.subject.reason</c>) of the refusals of the resources module; each has its text
/// <c>Error.&lt;code&gt;</c> in ResourcesResource (zh-CN and en-US). A published code never changes.
/// </summary>
public static class ResourceErrors
{
    /// <summary>404: no such resource in the caller's scope (or offered for sharing, for reads).</summary>
    public const string NotFound = "resource.not-found";

    /// <summary>403: only a unit's staff registers resources and moves stock.</summary>
    public const string NoUnit = "resource.no-unit";

    /// <summary>kind is not Warehouse, RescueTeam, Expert, ServiceProvider or Shelter.</summary>
    public const string Kind = "resource.kind.invalid";

    /// <summary>latitude / longitude are not a point within the region (内蒙古 with a margin).</summary>
    public const string Point = "resource.point.out-of-region";

    /// <summary>A speciality is not one of the known codes.</summary>
    public const string Speciality = "resource.speciality.unknown";

    /// <summary>The jurisdiction code is not one in the caller's scope.</summary>
    public const string Jurisdiction = "resource.jurisdiction.not-in-scope";

    /// <summary>The phone is not a phone number (digits, spaces, + and -, 7 to 20 characters).</summary>
    public const string Phone = "resource.phone.invalid";

    /// <summary>take is not between 1 and 50.</summary>
    public const string Take = "resource.nearest.take";

    /// <summary>The resource is not a warehouse (stock lives in warehouses).</summary>
    public const string NotWarehouse = "stock.warehouse.not-warehouse";

    /// <summary>itemId names no supply of the catalogue.</summary>
    public const string Item = "stock.item.unknown";

    /// <summary>batchId names no batch of this warehouse.</summary>
    public const string Batch = "stock.batch.unknown";

    /// <summary>batchNo is required for a receipt (入库).</summary>
    public const string BatchNo = "stock.batch-no.required";

    /// <summary>quantity must be positive (an adjustment: not zero).</summary>
    public const string Quantity = "stock.quantity.invalid";

    /// <summary>expiresOn is before producedOn.</summary>
    public const string Expiry = "stock.expiry.before-production";

    /// <summary>toWarehouseId is not another warehouse in the caller's scope.</summary>
    public const string TransferTarget = "stock.transfer.target";

    /// <summary>409: not enough free stock (balance less reserved) for the movement or reservation.</summary>
    public const string StockShort = "stock.short";

    /// <summary>A supply code is taken, or the category is unknown.</summary>
    public const string ItemCode = "stock.item.code";

    /// <summary>404: no such allocation request in the caller's scope.</summary>
    public const string AllocationNotFound = "allocation.not-found";

    /// <summary>incidentId names no incident the caller can see.</summary>
    public const string AllocationIncident = "allocation.incident.unknown";

    /// <summary>lines is empty, repeats a supply, or names an unknown one.</summary>
    public const string AllocationLines = "allocation.lines.invalid";

    /// <summary>An approved quantity is negative or above what was asked, or nothing at all is approved.</summary>
    public const string AllocationApproved = "allocation.approved.invalid";

    /// <summary>A rejection without its reason.</summary>
    public const string AllocationReason = "allocation.reason.required";

    /// <summary>409: the request is not in the state the step needs.</summary>
    public const string AllocationState = "allocation.state.changed";

    /// <summary>403: the step belongs to another level (approval to the common upper level, dispatch to the warehouse, receipt to the requester).</summary>
    public const string AllocationNotYours = "allocation.step.not-yours";

    /// <summary>The uploaded file is not an Excel workbook, or has no rows.</summary>
    public const string ImportFile = "resource.import.file";

    /// <summary>A row of an import is invalid: the field names the row and column (<c>row 12, column 经度</c>).</summary>
    public const string ImportRow = "resource.import.row";

    /// <summary>An import has more rows than allowed (10,000).</summary>
    public const string ImportTooMany = "resource.import.too-many";

    /// <summary>A record (training, consultation, contract) has an invalid date range or amount.</summary>
    public const string Record = "resource.record.invalid";

    /// <summary>The record does not fit the resource's kind (training for teams, consultations for experts, contracts for providers).</summary>
    public const string RecordKind = "resource.record.kind";
}
