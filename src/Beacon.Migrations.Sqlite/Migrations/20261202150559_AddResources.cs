using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddResources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "resources_resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerUnit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Specialities = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    Cell = table.Column<long>(type: "INTEGER", nullable: false),
                    Readiness = table.Column<int>(type: "INTEGER", nullable: false),
                    IsShared = table.Column<bool>(type: "INTEGER", nullable: false),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    Headcount = table.Column<int>(type: "INTEGER", nullable: true),
                    AreaSquareMetres = table.Column<double>(type: "REAL", nullable: true),
                    TermEndsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Details = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_resources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "resources_supply_categories",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_supply_categories", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "resources_supply_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CategoryCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Specification = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MinimumStock = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_supply_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "resources_allocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RequesterUnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequesterJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WarehouseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WarehouseJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApproverJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IncidentNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    IncidentTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DeliverTo = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DispatchedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DispatchedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_allocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_resources_allocations_resources_resources_WarehouseId",
                        column: x => x.WarehouseId,
                        principalTable: "resources_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resources_consultations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Opinion = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_consultations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_resources_consultations_resources_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "resources_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resources_purchase_contracts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    ServiceScope = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_purchase_contracts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_resources_purchase_contracts_resources_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "resources_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resources_training_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Participants = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_training_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_resources_training_records_resources_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "resources_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resources_stock_batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WarehouseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchNo = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ProducedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    Reserved = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_stock_batches", x => x.Id);
                    table.CheckConstraint("CK_stock_batches_balance", "\"Reserved\" >= 0 AND \"Quantity\" >= \"Reserved\"");
                    table.ForeignKey(
                        name: "FK_resources_stock_batches_resources_resources_WarehouseId",
                        column: x => x.WarehouseId,
                        principalTable: "resources_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_resources_stock_batches_resources_supply_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "resources_supply_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resources_allocation_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Requested = table.Column<long>(type: "INTEGER", nullable: false),
                    Approved = table.Column<long>(type: "INTEGER", nullable: false),
                    Received = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_allocation_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_resources_allocation_lines_resources_allocations_RequestId",
                        column: x => x.RequestId,
                        principalTable: "resources_allocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_resources_allocation_lines_resources_supply_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "resources_supply_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resources_stock_movements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WarehouseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Delta = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ReferenceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_stock_movements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_resources_stock_movements_resources_stock_batches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "resources_stock_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resources_allocation_reservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources_allocation_reservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_resources_allocation_reservations_resources_allocation_lines_LineId",
                        column: x => x.LineId,
                        principalTable: "resources_allocation_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_resources_allocation_reservations_resources_stock_batches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "resources_stock_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocation_lines_ItemId",
                table: "resources_allocation_lines",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocation_lines_RequestId",
                table: "resources_allocation_lines",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocation_reservations_BatchId",
                table: "resources_allocation_reservations",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocation_reservations_LineId",
                table: "resources_allocation_reservations",
                column: "LineId");

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocations_ApproverJurisdictionId_Status",
                table: "resources_allocations",
                columns: new[] { "ApproverJurisdictionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocations_Number",
                table: "resources_allocations",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocations_RequesterJurisdictionId_Status",
                table: "resources_allocations",
                columns: new[] { "RequesterJurisdictionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocations_WarehouseId",
                table: "resources_allocations",
                column: "WarehouseId");

            migrationBuilder.CreateIndex(
                name: "IX_resources_allocations_WarehouseJurisdictionId_Status",
                table: "resources_allocations",
                columns: new[] { "WarehouseJurisdictionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_consultations_ResourceId_At",
                table: "resources_consultations",
                columns: new[] { "ResourceId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_purchase_contracts_ResourceId_From",
                table: "resources_purchase_contracts",
                columns: new[] { "ResourceId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_resources_Cell",
                table: "resources_resources",
                column: "Cell");

            migrationBuilder.CreateIndex(
                name: "IX_resources_resources_JurisdictionId_Kind_Name",
                table: "resources_resources",
                columns: new[] { "JurisdictionId", "Kind", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_resources_Kind_Name",
                table: "resources_resources",
                columns: new[] { "Kind", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_stock_batches_ItemId",
                table: "resources_stock_batches",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_resources_stock_batches_JurisdictionId_ExpiresOn",
                table: "resources_stock_batches",
                columns: new[] { "JurisdictionId", "ExpiresOn" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_stock_batches_WarehouseId_ItemId_BatchNo",
                table: "resources_stock_batches",
                columns: new[] { "WarehouseId", "ItemId", "BatchNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resources_stock_movements_BatchId_At",
                table: "resources_stock_movements",
                columns: new[] { "BatchId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_stock_movements_WarehouseId_At",
                table: "resources_stock_movements",
                columns: new[] { "WarehouseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_supply_items_Code",
                table: "resources_supply_items",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resources_training_records_ResourceId_On",
                table: "resources_training_records",
                columns: new[] { "ResourceId", "On" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "resources_allocation_reservations");

            migrationBuilder.DropTable(
                name: "resources_consultations");

            migrationBuilder.DropTable(
                name: "resources_purchase_contracts");

            migrationBuilder.DropTable(
                name: "resources_stock_movements");

            migrationBuilder.DropTable(
                name: "resources_supply_categories");

            migrationBuilder.DropTable(
                name: "resources_training_records");

            migrationBuilder.DropTable(
                name: "resources_allocation_lines");

            migrationBuilder.DropTable(
                name: "resources_stock_batches");

            migrationBuilder.DropTable(
                name: "resources_allocations");

            migrationBuilder.DropTable(
                name: "resources_supply_items");

            migrationBuilder.DropTable(
                name: "resources_resources");
        }
    }
}
