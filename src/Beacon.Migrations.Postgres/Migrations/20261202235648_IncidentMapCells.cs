using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IncidentMapCells : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MapCell",
                schema: "incidents",
                table: "incidents",
                type: "integer",
                nullable: true);

            // The grid cell of the incidents recorded before (MapCells.Of: truncation of a positive value).
            migrationBuilder.Sql("""
                UPDATE incidents.incidents SET "MapCell" = trunc(("Latitude" + 90) * 2)::integer * 1000 + trunc(("Longitude" + 180) * 2)::integer
                WHERE "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL
                """);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_LocationJurisdictionId_Longitude_OccurredAt_IsDri~",
                schema: "incidents",
                table: "incidents",
                columns: new[] { "LocationJurisdictionId", "Longitude", "OccurredAt", "IsDrill", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_MapCell_OccurredAt_IsDrill_Longitude_Latitude_Id",
                schema: "incidents",
                table: "incidents",
                columns: new[] { "MapCell", "OccurredAt", "IsDrill", "Longitude", "Latitude", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_LocationJurisdictionId_Longitude_OccurredAt_IsDri~",
                schema: "incidents",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_MapCell_OccurredAt_IsDrill_Longitude_Latitude_Id",
                schema: "incidents",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "MapCell",
                schema: "incidents",
                table: "incidents");
        }
    }
}
