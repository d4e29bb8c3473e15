using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ResourcesNearestCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_resources_resources_Cell",
                table: "resources_resources");

            migrationBuilder.CreateIndex(
                name: "IX_resources_nearest",
                table: "resources_resources",
                columns: new[] { "Cell", "Latitude", "Longitude", "JurisdictionId", "IsShared", "Kind", "Readiness", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_resources_nearest",
                table: "resources_resources");

            migrationBuilder.CreateIndex(
                name: "IX_resources_resources_Cell",
                table: "resources_resources",
                column: "Cell");
        }
    }
}
