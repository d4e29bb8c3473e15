using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ResourcesNearestCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_resources_Cell",
                schema: "resources",
                table: "resources");

            migrationBuilder.CreateIndex(
                name: "IX_resources_nearest",
                schema: "resources",
                table: "resources",
                columns: new[] { "Cell", "Latitude", "Longitude", "JurisdictionId", "IsShared", "Kind", "Readiness", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_resources_nearest",
                schema: "resources",
                table: "resources");

            migrationBuilder.CreateIndex(
                name: "IX_resources_Cell",
                schema: "resources",
                table: "resources",
                column: "Cell");
        }
    }
}
