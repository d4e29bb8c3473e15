using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IncidentMapTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incidents_incident_map_totals",
                columns: table => new
                {
                    OriginJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Cell = table.Column<int>(type: "INTEGER", nullable: false),
                    LocationJurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<int>(type: "INTEGER", nullable: false),
                    I = table.Column<int>(type: "INTEGER", nullable: false),
                    II = table.Column<int>(type: "INTEGER", nullable: false),
                    III = table.Column<int>(type: "INTEGER", nullable: false),
                    IV = table.Column<int>(type: "INTEGER", nullable: false),
                    SumLongitude = table.Column<double>(type: "REAL", nullable: false),
                    SumLatitude = table.Column<double>(type: "REAL", nullable: false),
                    West = table.Column<double>(type: "REAL", nullable: true),
                    South = table.Column<double>(type: "REAL", nullable: true),
                    East = table.Column<double>(type: "REAL", nullable: true),
                    North = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_incident_map_totals", x => new { x.OriginJurisdictionId, x.Cell, x.LocationJurisdictionId, x.Day });
                });

            // The totals of the incidents recorded before (IncidentMapTotals.Count keeps them from now on): each real incident
            // under its origin and under everyone (the empty id), by cell (or county without coordinates) and UTC day.
            migrationBuilder.Sql("""
                INSERT INTO "incidents_incident_map_totals" ("OriginJurisdictionId", "Cell", "LocationJurisdictionId", "Day", "Count", "Closed", "I", "II", "III", "IV",
                "SumLongitude", "SumLatitude", "West", "South", "East", "North")
                SELECT "Origin", "Cell", "Location", "Day", COUNT(*), SUM(CASE WHEN "Status" = 2 THEN 1 ELSE 0 END),
                SUM(CASE WHEN "Status" <> 2 AND "Severity" = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN "Status" <> 2 AND "Severity" = 2 THEN 1 ELSE 0 END),
                SUM(CASE WHEN "Status" <> 2 AND "Severity" = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN "Status" <> 2 AND "Severity" = 4 THEN 1 ELSE 0 END),
                COALESCE(SUM("Longitude"), 0), COALESCE(SUM("Latitude"), 0), MIN("Longitude"), MIN("Latitude"), MAX("Longitude"), MAX("Latitude")
                FROM (
                SELECT "OriginJurisdictionId" AS "Origin", COALESCE("MapCell", -1) AS "Cell",
                CASE WHEN "MapCell" IS NULL THEN "LocationJurisdictionId" ELSE '00000000-0000-0000-0000-000000000000' END AS "Location",
                "OccurredAt" - "OccurredAt" % 864000000000 AS "Day", "Status", "Severity", "Longitude", "Latitude"
                FROM "incidents_incidents" WHERE "IsDrill" = 0
                UNION ALL
                SELECT '00000000-0000-0000-0000-000000000000' AS "Origin", COALESCE("MapCell", -1) AS "Cell",
                CASE WHEN "MapCell" IS NULL THEN "LocationJurisdictionId" ELSE '00000000-0000-0000-0000-000000000000' END AS "Location",
                "OccurredAt" - "OccurredAt" % 864000000000 AS "Day", "Status", "Severity", "Longitude", "Latitude"
                FROM "incidents_incidents" WHERE "IsDrill" = 0
                ) AS counted
                GROUP BY "Origin", "Cell", "Location", "Day"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incidents_incident_map_totals");
        }
    }
}
