using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DeliveriesFarEndAnswer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Answer",
                table: "warnings_deliveries",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeliveredAt",
                table: "warnings_deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                table: "warnings_deliveries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_warnings_deliveries_Channel_ExternalId",
                table: "warnings_deliveries",
                columns: new[] { "Channel", "ExternalId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_warnings_deliveries_Channel_ExternalId",
                table: "warnings_deliveries");

            migrationBuilder.DropColumn(
                name: "Answer",
                table: "warnings_deliveries");

            migrationBuilder.DropColumn(
                name: "DeliveredAt",
                table: "warnings_deliveries");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                table: "warnings_deliveries");
        }
    }
}
