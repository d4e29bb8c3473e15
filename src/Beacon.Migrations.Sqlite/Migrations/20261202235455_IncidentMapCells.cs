using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IncidentMapCells : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MapCell",
                table: "incidents_incidents",
                type: "INTEGER",
                nullable: true);

            // The grid cell of the incidents recorded before (MapCells.Of: truncation of a positive value).
            migrationBuilder.Sql("""
                UPDATE "incidents_incidents" SET "MapCell" = CAST(("Latitude" + 90) * 2 AS INTEGER) * 1000 + CAST(("Longitude" + 180) * 2 AS INTEGER)
                WHERE "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL
                """);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_LocationJurisdictionId_Longitude_OccurredAt_IsDrill_Id",
                table: "incidents_incidents",
                columns: new[] { "LocationJurisdictionId", "Longitude", "OccurredAt", "IsDrill", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_MapCell_OccurredAt_IsDrill_Longitude_Latitude_Id",
                table: "incidents_incidents",
                columns: new[] { "MapCell", "OccurredAt", "IsDrill", "Longitude", "Latitude", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_incidents_LocationJurisdictionId_Longitude_OccurredAt_IsDrill_Id",
                table: "incidents_incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_incidents_MapCell_OccurredAt_IsDrill_Longitude_Latitude_Id",
                table: "incidents_incidents");

            migrationBuilder.DropColumn(
                name: "MapCell",
                table: "incidents_incidents");
        }
    }
}
