using System.Net;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Jurisdictions.ListJurisdictions;
using Beacon.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

public abstract class JurisdictionsTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Region_administrator_reads_exactly_the_116_jurisdictions_of_the_2024_list()
    {
        var admin = await Beacon.SignInAsync("admin.150000");

        var rows = await (await admin.GetAsync("/api/v1/jurisdictions", Ct)).ReadAsync<List<JurisdictionView>>();

        Assert.Equal(116, rows.Count);
        Assert.Single(rows, j => j.Level == JurisdictionLevel.Region && j.Code == "150000" && j.Name == "内蒙古自治区");
        var prefectures = rows.Where(j => j.Level == JurisdictionLevel.Prefecture).Select(j => j.Code).Order().ToList();
        Assert.Equal(
            ["150100", "150200", "150300", "150400", "150500", "150600", "150700", "150800", "150900", "152200", "152500", "152900"],
            prefectures);
        Assert.Equal(103, rows.Count(j => j.Level == JurisdictionLevel.County));
        Assert.Contains(rows, j => j.Code == "152502" && j.Name == "锡林浩特市" && j.Kind == "县级市" && j.ParentCode == "152500");
        Assert.Contains(rows, j => j.Code == "150724" && j.Name == "鄂温克族自治旗" && j.Kind == "自治旗");
        Assert.All(rows.Where(j => j.Level == JurisdictionLevel.County), j => Assert.Equal(j.Code[..4] + "00", j.ParentCode));
    }

    [Fact]
    public async Task Functional_areas_sit_under_their_prefecture_and_are_listed_only_on_request()
    {
        var admin = await Beacon.SignInAsync("admin.150000");

        var rows = await (await admin.GetAsync("/api/v1/jurisdictions?includeFunctionalAreas=true", Ct)).ReadAsync<List<JurisdictionView>>();

        var areas = rows.Where(j => j.Level == JurisdictionLevel.FunctionalArea).ToList();
        Assert.Equal(5, areas.Count);
        Assert.Contains(areas, a => a.Code == "150271" && a.Name == "包头稀土高新技术产业开发区" && a.ParentCode == "150200");
    }

    [Fact]
    public async Task A_prefecture_sees_itself_and_its_counties_only()
    {
        var duty = await Beacon.SignInAsync("duty.150200");

        var rows = await (await duty.GetAsync("/api/v1/jurisdictions", Ct)).ReadAsync<List<JurisdictionView>>();

        Assert.Equal("150200", rows[0].Code);
        Assert.All(rows, j => Assert.StartsWith("1502", j.Code, StringComparison.Ordinal));
        Assert.Equal(10, rows.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await duty.GetAsync("/api/v1/jurisdictions/150100", Ct)).StatusCode);
    }

    [Fact]
    public async Task Every_jurisdiction_has_a_duty_room_and_an_emergency_management_unit()
    {
        await using var db = Beacon.Db();
        var jurisdictions = db.Jurisdictions.Where(j => j.Level != JurisdictionLevel.FunctionalArea).Select(j => j.Id).ToList();
        var withDutyRoom = db.Units.Where(u => u.Kind == Units.UnitKind.DutyRoom).Select(u => u.JurisdictionId).Distinct().ToList();
        var withEm = db.Units.Where(u => u.Kind == Units.UnitKind.EmergencyManagement).Select(u => u.JurisdictionId).Distinct().ToList();
        Assert.Empty(jurisdictions.Except(withDutyRoom));
        Assert.Empty(jurisdictions.Except(withEm));
        await Task.CompletedTask;
    }
}

public sealed class JurisdictionsTestsOnSqlite(SqliteBeacon beacon) : JurisdictionsTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class JurisdictionsTestsOnPostgres(PostgresBeacon beacon) : JurisdictionsTests(beacon), IClassFixture<PostgresBeacon>;
