using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WarningsCategoriesAndImportPerJurisdiction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_warnings_warnings_Sender_Identifier_ContentHash",
                table: "warnings_warnings");

            migrationBuilder.CreateIndex(
                name: "IX_warnings_warnings_Sender_Identifier_ContentHash_IssuingJurisdictionId",
                table: "warnings_warnings",
                columns: new[] { "Sender", "Identifier", "ContentHash", "IssuingJurisdictionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_warnings_warnings_Sender_Identifier_ContentHash_IssuingJurisdictionId",
                table: "warnings_warnings");

            migrationBuilder.CreateIndex(
                name: "IX_warnings_warnings_Sender_Identifier_ContentHash",
                table: "warnings_warnings",
                columns: new[] { "Sender", "Identifier", "ContentHash" },
                unique: true);
        }
    }
}
