using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddResources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "resources");

            migrationBuilder.CreateTable(
                name: "resources",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerUnit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Specialities = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    Cell = table.Column<long>(type: "bigint", nullable: false),
                    Readiness = table.Column<int>(type: "integer", nullable: false),
                    IsShared = table.Column<bool>(type: "boolean", nullable: false),
                    Contact = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: true),
                    Headcount = table.Column<int>(type: "integer", nullable: true),
                    AreaSquareMetres = table.Column<double>(type: "double precision", nullable: true),
                    TermEndsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Details = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "supply_categories",
                schema: "resources",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supply_categories", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "supply_items",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Specification = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MinimumStock = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supply_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "allocations",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RequesterUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequesterJurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    WarehouseId = table.Column<Guid>(type: "uuid", nullable: false),
                    WarehouseJurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApproverJurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: true),
                    IncidentNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    IncidentTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Purpose = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DeliverTo = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DispatchedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReceivedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_allocations_resources_WarehouseId",
                        column: x => x.WarehouseId,
                        principalSchema: "resources",
                        principalTable: "resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consultations",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ResourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Opinion = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consultations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_consultations_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalSchema: "resources",
                        principalTable: "resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "purchase_contracts",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ResourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    ServiceScope = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_purchase_contracts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_purchase_contracts_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalSchema: "resources",
                        principalTable: "resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_records",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ResourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Participants = table.Column<int>(type: "integer", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_records_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalSchema: "resources",
                        principalTable: "resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stock_batches",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WarehouseId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    BatchNo = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    ProducedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Quantity = table.Column<long>(type: "bigint", nullable: false),
                    Reserved = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stock_batches", x => x.Id);
                    table.CheckConstraint("CK_stock_batches_balance", "\"Reserved\" >= 0 AND \"Quantity\" >= \"Reserved\"");
                    table.ForeignKey(
                        name: "FK_stock_batches_resources_WarehouseId",
                        column: x => x.WarehouseId,
                        principalSchema: "resources",
                        principalTable: "resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_stock_batches_supply_items_ItemId",
                        column: x => x.ItemId,
                        principalSchema: "resources",
                        principalTable: "supply_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "allocation_lines",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Requested = table.Column<long>(type: "bigint", nullable: false),
                    Approved = table.Column<long>(type: "bigint", nullable: false),
                    Received = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_allocation_lines_allocations_RequestId",
                        column: x => x.RequestId,
                        principalSchema: "resources",
                        principalTable: "allocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_allocation_lines_supply_items_ItemId",
                        column: x => x.ItemId,
                        principalSchema: "resources",
                        principalTable: "supply_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stock_movements",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    WarehouseId = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Delta = table.Column<long>(type: "bigint", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ReferenceId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stock_movements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_stock_movements_stock_batches_BatchId",
                        column: x => x.BatchId,
                        principalSchema: "resources",
                        principalTable: "stock_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "allocation_reservations",
                schema: "resources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LineId = table.Column<Guid>(type: "uuid", nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    Quantity = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_reservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_allocation_reservations_allocation_lines_LineId",
                        column: x => x.LineId,
                        principalSchema: "resources",
                        principalTable: "allocation_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_allocation_reservations_stock_batches_BatchId",
                        column: x => x.BatchId,
                        principalSchema: "resources",
                        principalTable: "stock_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_allocation_lines_ItemId",
                schema: "resources",
                table: "allocation_lines",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_allocation_lines_RequestId",
                schema: "resources",
                table: "allocation_lines",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_allocation_reservations_BatchId",
                schema: "resources",
                table: "allocation_reservations",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_allocation_reservations_LineId",
                schema: "resources",
                table: "allocation_reservations",
                column: "LineId");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_ApproverJurisdictionId_Status",
                schema: "resources",
                table: "allocations",
                columns: new[] { "ApproverJurisdictionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_allocations_Number",
                schema: "resources",
                table: "allocations",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocations_RequesterJurisdictionId_Status",
                schema: "resources",
                table: "allocations",
                columns: new[] { "RequesterJurisdictionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_allocations_WarehouseId",
                schema: "resources",
                table: "allocations",
                column: "WarehouseId");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_WarehouseJurisdictionId_Status",
                schema: "resources",
                table: "allocations",
                columns: new[] { "WarehouseJurisdictionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_consultations_ResourceId_At",
                schema: "resources",
                table: "consultations",
                columns: new[] { "ResourceId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_purchase_contracts_ResourceId_From",
                schema: "resources",
                table: "purchase_contracts",
                columns: new[] { "ResourceId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_Cell",
                schema: "resources",
                table: "resources",
                column: "Cell");

            migrationBuilder.CreateIndex(
                name: "IX_resources_JurisdictionId_Kind_Name",
                schema: "resources",
                table: "resources",
                columns: new[] { "JurisdictionId", "Kind", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_resources_Kind_Name",
                schema: "resources",
                table: "resources",
                columns: new[] { "Kind", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_stock_batches_ItemId",
                schema: "resources",
                table: "stock_batches",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_stock_batches_JurisdictionId_ExpiresOn",
                schema: "resources",
                table: "stock_batches",
                columns: new[] { "JurisdictionId", "ExpiresOn" });

            migrationBuilder.CreateIndex(
                name: "IX_stock_batches_WarehouseId_ItemId_BatchNo",
                schema: "resources",
                table: "stock_batches",
                columns: new[] { "WarehouseId", "ItemId", "BatchNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_stock_movements_BatchId_At",
                schema: "resources",
                table: "stock_movements",
                columns: new[] { "BatchId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_stock_movements_WarehouseId_At",
                schema: "resources",
                table: "stock_movements",
                columns: new[] { "WarehouseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_supply_items_Code",
                schema: "resources",
                table: "supply_items",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_records_ResourceId_On",
                schema: "resources",
                table: "training_records",
                columns: new[] { "ResourceId", "On" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "allocation_reservations",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "consultations",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "purchase_contracts",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "stock_movements",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "supply_categories",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "training_records",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "allocation_lines",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "stock_batches",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "allocations",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "supply_items",
                schema: "resources");

            migrationBuilder.DropTable(
                name: "resources",
                schema: "resources");
        }
    }
}
