using System.Net;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Platform.Http;
using Beacon.Platform.Units;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// The incident register pages through thousands of rows (decision 0004, "Lists and paging"): right totals, stable
/// order, nothing repeated or missing, no silent cut-off; the Excel export holds every matching row, not one page.
/// </summary>
public abstract class RegisterPagingTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const int Count = 3000;

    [Fact]
    public async Task Three_thousand_incidents_page_through_the_api_with_right_totals_and_nothing_repeated_or_missing()
    {
        var inserted = await InsertAsync();
        var duty = await Beacon.SignInAsync("duty.150203");
        await using var db = Beacon.Db();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "150203", Ct);
        var expected = await db.Set<Incident>().CountAsync(i => i.OriginJurisdictionId == county.Id, Ct);
        Assert.True(expected >= Count);

        var seen = new List<IncidentSummary>();
        var pages = (expected + Paging.MaxPageSize - 1) / Paging.MaxPageSize;
        for (var page = 1; page <= pages; page++)
        {
            using var response = await duty.GetAsync($"/api/v1/incidents?page={page}&pageSize={Paging.MaxPageSize}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.ReadAsync<Paged<IncidentSummary>>();
            Assert.Equal(expected, body.Total);
            Assert.Equal(page, body.Page);
            Assert.Equal(Paging.MaxPageSize, body.PageSize);
            Assert.Equal(page < pages ? Paging.MaxPageSize : expected - ((pages - 1) * Paging.MaxPageSize), body.Items.Count);
            var link = response.Headers.TryGetValues("Link", out var values) ? string.Join(", ", values) : "";
            Assert.Equal(page < pages, link.Contains($"page={page + 1}&pageSize={Paging.MaxPageSize}>; rel=\"next\"", StringComparison.Ordinal));
            Assert.Equal(page > 1, link.Contains("rel=\"prev\"", StringComparison.Ordinal));
            seen.AddRange(body.Items);
        }

        Assert.Equal(expected, seen.Count);
        Assert.Equal(expected, seen.Select(i => i.Id).Distinct().Count());
        Assert.Empty(inserted.Except(seen.Select(i => i.Id)));
        // Newest first; many share a time learned of, and the id decides between them.
        Assert.Equal(seen.OrderByDescending(i => i.LearnedAt).ThenByDescending(i => i.Id).Select(i => i.Id), seen.Select(i => i.Id));

        var beyond = await (await duty.GetAsync($"/api/v1/incidents?page={pages + 1}&pageSize={Paging.MaxPageSize}", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.Empty(beyond.Items);
        Assert.Equal(expected, beyond.Total);
    }

    [Fact]
    public async Task The_register_answers_the_default_page_size_and_filters_count_in_the_total()
    {
        await InsertAsync();
        var duty = await Beacon.SignInAsync("duty.150203");
        var neighbour = await Beacon.SignInAsync("duty.150204");

        var first = await (await duty.GetAsync("/api/v1/incidents", Ct)).ReadAsync<Paged<IncidentSummary>>();
        var closed = await (await duty.GetAsync("/api/v1/incidents?status=Closed&pageSize=10", Ct)).ReadAsync<Paged<IncidentSummary>>();
        var theirs = await neighbour.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents", Ct);
        await using var db = Beacon.Db();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "150203", Ct);
        var closedThere = await db.Set<Incident>().CountAsync(i => i.OriginJurisdictionId == county.Id && i.Status == IncidentStatus.Closed, Ct);

        Assert.Equal(Paging.DefaultPageSize, first.PageSize);
        Assert.Equal(Paging.DefaultPageSize, first.Items.Count);
        Assert.True(first.Total >= Count);
        Assert.True(closedThere >= Count / 3);
        Assert.Equal(closedThere, closed.Total);
        Assert.Equal(10, closed.Items.Count);
        Assert.All(closed.Items, i => Assert.Equal(IncidentStatus.Closed, i.Status));
        Assert.DoesNotContain(theirs, i => i.Number.StartsWith(Prefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pageSize=201", "pageSize", Paging.PageSizeTooLargeCode)]
    [InlineData("pageSize=0", "pageSize", Paging.PageSizeInvalidCode)]
    [InlineData("page=0", "page", Paging.PageInvalidCode)]
    [InlineData("page=-3&pageSize=20", "page", Paging.PageInvalidCode)]
    public async Task A_page_out_of_range_gets_400_with_its_code(string query, string field, string code)
    {
        var duty = await Beacon.SignInAsync("duty.150203");

        using var response = await duty.GetAsync($"/api/v1/incidents?{query}", Ct);
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_excel_export_holds_every_matching_incident_not_one_page()
    {
        var inserted = await InsertAsync();
        var duty = await Beacon.SignInAsync("duty.150203");

        using var response = await duty.GetAsync("/api/v1/incidents/export.xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        var numbers = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => (string?)r["编号"]).ToHashSet();

        Assert.Equal(inserted.Count, numbers.Count(n => n?.StartsWith(Prefix, StringComparison.Ordinal) == true));
    }

    private const string Prefix = "150203-2099-";

    /// <summary>3,000 incidents of Kundulun written straight into the database (once per database), ten to a minute.</summary>
    private async Task<HashSet<Guid>> InsertAsync()
    {
        await using var db = Beacon.Db();
        var existing = await db.Set<Incident>().Where(i => i.Number.StartsWith(Prefix)).Select(i => i.Id).ToListAsync(Ct);
        if (existing.Count > 0)
        {
            return [.. existing];
        }

        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "150203", Ct);
        var unit = await db.Units.Where(u => u.JurisdictionId == county.Id && u.Kind == UnitKind.DutyRoom).Select(u => u.Id).FirstAsync(Ct);
        var eventType = await db.Set<EventType>().OrderBy(t => t.Code).Select(t => t.Code).FirstAsync(Ct);
        var start = Beacon.Clock.GetUtcNow().AddDays(-30);
        var rows = Enumerable.Range(0, Count).Select(i => new Incident
        {
            Number = Prefix + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
            OriginUnitId = unit,
            OriginJurisdictionId = county.Id,
            LocationJurisdictionId = county.Id,
            Title = $"分页测试事件 {i}",
            EventTypeCode = eventType,
            Severity = Severity.IV,
            OccurredAt = start.AddMinutes(i / 10),
            LearnedAt = start.AddMinutes(i / 10),
            CreatedAt = start.AddMinutes(i / 10),
            Narrative = "分页测试",
            Status = i % 3 == 0 ? IncidentStatus.Closed : IncidentStatus.Open,
        }).ToList();
        db.Set<Incident>().AddRange(rows);
        await db.SaveChangesAsync(Ct);
        return [.. rows.Select(r => r.Id)];
    }
}

public sealed class RegisterPagingTestsOnSqlite(SqliteBeacon beacon) : RegisterPagingTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class RegisterPagingTestsOnPostgres(PostgresBeacon beacon) : RegisterPagingTests(beacon), IClassFixture<PostgresBeacon>;
