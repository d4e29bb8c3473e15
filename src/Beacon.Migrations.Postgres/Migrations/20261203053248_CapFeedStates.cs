using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CapFeedStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "feed_states",
                schema: "warnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastPolledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastSucceededAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EntriesLastPoll = table.Column<int>(type: "integer", nullable: false),
                    ReceivedLastPoll = table.Column<int>(type: "integer", nullable: false),
                    ReceivedTotal = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feed_states", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_feed_states_JurisdictionId",
                schema: "warnings",
                table: "feed_states",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_feed_states_Url_JurisdictionId",
                schema: "warnings",
                table: "feed_states",
                columns: new[] { "Url", "JurisdictionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "feed_states",
                schema: "warnings");
        }
    }
}
