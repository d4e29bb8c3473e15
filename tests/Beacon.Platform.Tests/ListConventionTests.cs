using System.Net;
using System.Text.Json;
using Beacon.Platform.Http;
using Beacon.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// Issue 12, "no list stops silently": every list endpoint of every module follows the one paging convention
/// (decision 0004, "Lists and paging"), found from the running app's routes so a new list cannot be missed; the few
/// lists that are complete by nature are named here and say so in their OpenAPI summary.
/// </summary>
public abstract class ListConventionTests(BeaconFactory beacon) : LaneTests(beacon)
{
    /// <summary>GETs without route parameters that are not paged lists: one object, a file, aggregates, or complete code lists.</summary>
    private static readonly HashSet<string> NotPaged =
    [
        "/api/v1/me",
        "/api/v1/workbench", // everything that awaits the caller, grouped; complete (not a register)
        "/api/v1/audit/verify",
        "/api/v1/jurisdictions",
        "/api/v1/roles",
        "/api/v1/reporting-rules",
        "/api/v1/duty/now",
        "/api/v1/duty/handover",
        "/api/v1/duty/counters",
        "/api/v1/statistics/timeliness",
        "/api/v1/statistics/timeliness.xlsx",
        "/api/v1/incidents/export.xlsx",
        "/api/v1/warnings/statistics",
        "/api/v1/warnings/statistics.xlsx",
        "/api/v1/map/layers", // the registered layers, a handful; complete
        "/api/v1/map/features", // what is in view, at most take; a map draws it whole (truncated says there were more)
        "/api/v1/risks/statistics", // counts by kind, level, jurisdiction and round: a few dozen rows
        "/api/v1/risks/grading", // the grading standard: reference data, complete
        "/api/v1/resources/nearest", // the k nearest to a point (k ≤ 50), nearest first: complete
        "/api/v1/resources/template.xlsx",
        "/api/v1/resources/export.xlsx",
        "/api/v1/supply-categories", // the category code list (GB/T 38565)
        "/api/v1/duty-rooms/above", // the caller's chain of duty rooms above, at most three; complete
        "/api/v1/account/sessions", // the caller's own open sessions, a handful; complete
        "/api/v1/account/recovery-codes", // one object: how many of the caller's recovery codes are left
        "/api/v1/risks/hazards/template.xlsx",
        "/api/v1/risks/hazards/export.xlsx",
        "/api/v1/risks/rounds/return-template.xlsx",
        "/api/v1/recipients/template.xlsx",
        "/api/v1/recipients/export.xlsx", // every recipient of the filtered list, never a page
        "/api/v1/plans/coverage", // a report: a few rows per jurisdiction and issuing unit, and the overdue plans; complete
        "/api/v1/plans/coverage.xlsx",
    ];

    [Fact]
    public async Task Every_list_endpoint_answers_items_total_page_and_page_size_and_refuses_an_oversized_page()
    {
        var admin = await Beacon.SignInAsync("admin.150200");
        var duty = await Beacon.SignInAsync("duty.150200");
        var lists = ApiEndpoints.All(Beacon.Services)
            .Where(e => e.Method == "GET" && !e.Pattern.Contains('{', StringComparison.Ordinal) && !NotPaged.Contains(e.Pattern))
            .Select(e => e.Pattern)
            .ToList();
        Assert.Contains("/api/v1/incidents", lists);
        Assert.Contains("/api/v1/warnings", lists);

        foreach (var list in lists)
        {
            var client = (await admin.GetAsync(list, Ct)).StatusCode == HttpStatusCode.Forbidden ? duty : admin;

            using var one = await client.GetAsync($"{list}?page=1&pageSize=1", Ct);
            Assert.True(one.StatusCode == HttpStatusCode.OK, $"{list}: {(int)one.StatusCode}");
            var body = await one.JsonAsync();
            Assert.True(body.ValueKind == JsonValueKind.Object, $"{list} answers {body.ValueKind}, not the paging envelope");
            Assert.Equal(JsonValueKind.Array, body.GetProperty("items").ValueKind);
            Assert.True(body.GetProperty("items").GetArrayLength() <= 1, list);
            Assert.True(body.GetProperty("total").GetInt32() >= body.GetProperty("items").GetArrayLength(), list);
            Assert.Equal(1, body.GetProperty("page").GetInt32());
            Assert.Equal(1, body.GetProperty("pageSize").GetInt32());

            using var tooLarge = await client.GetAsync($"{list}?pageSize={Paging.MaxPageSize + 1}", Ct);
            Assert.True(tooLarge.StatusCode == HttpStatusCode.BadRequest, $"{list}: {(int)tooLarge.StatusCode}");
            Assert.Equal(Paging.PageSizeTooLargeCode, (await tooLarge.JsonAsync()).GetProperty("code").GetString());

            using var zero = await client.GetAsync($"{list}?page=0", Ct);
            Assert.True(zero.StatusCode == HttpStatusCode.BadRequest, $"{list}: {(int)zero.StatusCode}");
            Assert.Equal(Paging.PageInvalidCode, (await zero.JsonAsync()).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task A_list_says_how_many_rows_there_are_and_links_to_the_next_page_with_its_filters()
    {
        var admin = await Beacon.SignInAsync("admin.150200");

        using var first = await admin.GetAsync("/api/v1/units?kind=DutyRoom&pageSize=2", Ct);
        var page = await first.ReadAsync<Paged<Units.ListUnits.UnitView>>();
        var all = await admin.GetAllPagesAsync<Units.ListUnits.UnitView>("/api/v1/units?kind=DutyRoom", Ct);

        Assert.True(all.Count > 2);
        Assert.Equal(all.Count, page.Total);
        Assert.Equal(all.Take(2).Select(u => u.Id), page.Items.Select(u => u.Id));
        Assert.Equal(all.Count, all.Select(u => u.Id).Distinct().Count());
        var link = string.Join(", ", first.Headers.GetValues("Link"));
        Assert.Contains("</api/v1/units?kind=DutyRoom&page=2&pageSize=2>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", link, StringComparison.Ordinal);
    }
}

public sealed class ListConventionTestsOnSqlite(SqliteBeacon beacon) : ListConventionTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class ListConventionTestsOnPostgres(PostgresBeacon beacon) : ListConventionTests(beacon), IClassFixture<PostgresBeacon>;
