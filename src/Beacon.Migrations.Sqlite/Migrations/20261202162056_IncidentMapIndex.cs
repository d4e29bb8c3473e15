using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IncidentMapIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_OccurredAt_Longitude_Latitude_IsDrill",
                table: "incidents_incidents",
                columns: new[] { "OccurredAt", "Longitude", "Latitude", "IsDrill" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incidents_incidents_OccurredAt_Longitude_Latitude_IsDrill",
                table: "incidents_incidents");
        }
    }
}
