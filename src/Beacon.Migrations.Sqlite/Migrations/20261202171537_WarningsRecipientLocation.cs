using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WarningsRecipientLocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "Latitude",
                table: "warnings_recipients",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Longitude",
                table: "warnings_recipients",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_warnings_recipients_Latitude_Longitude",
                table: "warnings_recipients",
                columns: new[] { "Latitude", "Longitude" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_warnings_recipients_Latitude_Longitude",
                table: "warnings_recipients");

            migrationBuilder.DropColumn(
                name: "Latitude",
                table: "warnings_recipients");

            migrationBuilder.DropColumn(
                name: "Longitude",
                table: "warnings_recipients");
        }
    }
}
