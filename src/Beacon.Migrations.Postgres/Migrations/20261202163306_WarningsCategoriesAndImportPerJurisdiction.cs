using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WarningsCategoriesAndImportPerJurisdiction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_warnings_Sender_Identifier_ContentHash",
                schema: "warnings",
                table: "warnings");

            migrationBuilder.AlterColumn<string>(
                name: "Category",
                schema: "warnings",
                table: "warnings",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(12)",
                oldMaxLength: 12);

            migrationBuilder.CreateIndex(
                name: "IX_warnings_Sender_Identifier_ContentHash_IssuingJurisdictionId",
                schema: "warnings",
                table: "warnings",
                columns: new[] { "Sender", "Identifier", "ContentHash", "IssuingJurisdictionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_warnings_Sender_Identifier_ContentHash_IssuingJurisdictionId",
                schema: "warnings",
                table: "warnings");

            migrationBuilder.AlterColumn<string>(
                name: "Category",
                schema: "warnings",
                table: "warnings",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100);

            migrationBuilder.CreateIndex(
                name: "IX_warnings_Sender_Identifier_ContentHash",
                schema: "warnings",
                table: "warnings",
                columns: new[] { "Sender", "Identifier", "ContentHash" },
                unique: true);
        }
    }
}
