using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DeliveriesFarEndAnswer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Answer",
                schema: "warnings",
                table: "deliveries",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeliveredAt",
                schema: "warnings",
                table: "deliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                schema: "warnings",
                table: "deliveries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_Channel_ExternalId",
                schema: "warnings",
                table: "deliveries",
                columns: new[] { "Channel", "ExternalId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_Channel_ExternalId",
                schema: "warnings",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "Answer",
                schema: "warnings",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "DeliveredAt",
                schema: "warnings",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                schema: "warnings",
                table: "deliveries");
        }
    }
}
