using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CapFeedStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "warnings_feed_states",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    JurisdictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastPolledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSucceededAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    EntriesLastPoll = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedLastPoll = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedTotal = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_warnings_feed_states", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_warnings_feed_states_JurisdictionId",
                table: "warnings_feed_states",
                column: "JurisdictionId");

            migrationBuilder.CreateIndex(
                name: "IX_warnings_feed_states_Url_JurisdictionId",
                table: "warnings_feed_states",
                columns: new[] { "Url", "JurisdictionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "warnings_feed_states");
        }
    }
}
