using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IncidentMapClusters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_incidents_LocationJurisdictionId_Longitude_OccurredAt_IsDrill_Id",
                table: "incidents_incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_incidents_MapCell_OccurredAt_IsDrill_Longitude_Latitude_Id",
                table: "incidents_incidents");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_LocationJurisdictionId_Longitude_OccurredAt_IsDrill_Id_Severity_Status",
                table: "incidents_incidents",
                columns: new[] { "LocationJurisdictionId", "Longitude", "OccurredAt", "IsDrill", "Id", "Severity", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_MapCell_OccurredAt_IsDrill_Longitude_Latitude_Id_Severity_Status",
                table: "incidents_incidents",
                columns: new[] { "MapCell", "OccurredAt", "IsDrill", "Longitude", "Latitude", "Id", "Severity", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_incidents_LocationJurisdictionId_Longitude_OccurredAt_IsDrill_Id_Severity_Status",
                table: "incidents_incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_incidents_MapCell_OccurredAt_IsDrill_Longitude_Latitude_Id_Severity_Status",
                table: "incidents_incidents");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_LocationJurisdictionId_Longitude_OccurredAt_IsDrill_Id",
                table: "incidents_incidents",
                columns: new[] { "LocationJurisdictionId", "Longitude", "OccurredAt", "IsDrill", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_MapCell_OccurredAt_IsDrill_Longitude_Latitude_Id",
                table: "incidents_incidents",
                columns: new[] { "MapCell", "OccurredAt", "IsDrill", "Longitude", "Latitude", "Id" });
        }
    }
}
