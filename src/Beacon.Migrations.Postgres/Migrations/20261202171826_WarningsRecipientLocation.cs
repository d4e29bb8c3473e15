using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WarningsRecipientLocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "Latitude",
                schema: "warnings",
                table: "recipients",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Longitude",
                schema: "warnings",
                table: "recipients",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_recipients_Latitude_Longitude",
                schema: "warnings",
                table: "recipients",
                columns: new[] { "Latitude", "Longitude" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_recipients_Latitude_Longitude",
                schema: "warnings",
                table: "recipients");

            migrationBuilder.DropColumn(
                name: "Latitude",
                schema: "warnings",
                table: "recipients");

            migrationBuilder.DropColumn(
                name: "Longitude",
                schema: "warnings",
                table: "recipients");
        }
    }
}
