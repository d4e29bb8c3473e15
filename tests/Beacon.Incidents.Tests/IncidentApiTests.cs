using System.Net;
using System.Text;
using System.Text.Json;
using Beacon.Incidents.Deadlines.ListObligations;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Platform.Audit;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Incidents.Tests;

public abstract class IncidentApiTests(BeaconFactory beacon) : LaneTests(beacon)
{
    public static TheoryData<string, string, object?, string> InvalidReports => new()
    {
        { "unknown type code", "eventTypeCode", "99Z99", "eventTypeCode" },
        { "level out of range (number)", "severity", 9, "severity" },
        { "level out of range (name)", "severity", "V", "severity" },
        { "latitude outside China", "latitude", 60.1, "latitude" },
        { "longitude outside China", "longitude", 12.5, "longitude" },
        { "negative deaths", "deaths", -1, "deaths" },
        { "negative loss", "directLossTenThousandYuan", -5m, "directLossTenThousandYuan" },
        { "location outside scope", "locationCode", "150204", "locationCode" },
        { "malformed location", "locationCode", "15020", "locationCode" },
        { "missing title", "title", null, "title" },
        { "over-long title", "title", new string('长', 201), "title" },
    };

    [Theory]
    [MemberData(nameof(InvalidReports))]
    public async Task An_invalid_first_report_gets_400_naming_the_field_and_stores_nothing(string why, string property, object? value, string field)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var body = ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow());
        body[property] = value;
        var count = await CountAsync();

        var response = await duty.PostJsonAsync("/api/v1/incidents", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{why}: {errors}");
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task Learned_before_it_occurred_needs_a_reason()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var now = Beacon.Clock.GetUtcNow();
        var body = ReportingClockTests.ValidReport(now);
        body["occurredAt"] = now.AddMinutes(10);
        body["learnedAt"] = now.AddMinutes(-30);

        var refused = await duty.PostJsonAsync("/api/v1/incidents", body);
        body["learnedBeforeOccurredReason"] = "气象部门提前预报的山洪，事发前已接报";
        body["occurredAt"] = now;
        var accepted = await duty.PostJsonAsync("/api/v1/incidents", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("learnedAt", out _));
        Assert.Equal(IncidentErrors.LearnedBeforeOccurred, problem.Code());
        Assert.Equal([IncidentErrors.LearnedBeforeOccurred], problem.FieldCodes("learnedAt"));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task The_same_report_sent_twice_with_one_idempotency_key_is_stored_once()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var json = JsonSerializer.Serialize(ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()), BeaconFactory.Json);
        var key = "12345-" + Guid.NewGuid();
        var count = await CountAsync();

        var first = await SendAsync(duty, json, key);
        var retry = await SendAsync(duty, json, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal((await first.ReadAsync<ReportedIncident>()).Number, (await retry.ReadAsync<ReportedIncident>()).Number);
        Assert.Equal(count + 1, await CountAsync());

        static async Task<HttpResponseMessage> SendAsync(HttpClient client, string json, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request, Ct);
        }
    }

    [Fact]
    public async Task A_failing_duty_board_listener_neither_fails_the_first_report_nor_keeps_the_others_from_hearing_it()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var events = Beacon.Services.GetRequiredService<Beacon.Incidents.DutyBoard.IncidentEvents>();
        var heard = new List<Guid>();
        static void Fail(Beacon.Incidents.DutyBoard.IncidentEvent e) => throw new NotSupportedException("a broken listener");
        void Listen(Beacon.Incidents.DutyBoard.IncidentEvent e) => heard.Add(e.IncidentId);
        events.Raised += Fail;
        events.Raised += Listen;
        HttpResponseMessage response;
        try
        {
            response = await duty.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()));
        }
        finally
        {
            events.Raised -= Fail;
            events.Raised -= Listen;
        }

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains((await response.ReadAsync<ReportedIncident>()).Id, heard);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_store_one_report_and_never_run_twice()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var json = JsonSerializer.Serialize(ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()), BeaconFactory.Json);
        var key = "12345-" + Guid.NewGuid();
        var count = await CountAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await duty.SendAsync(request, Ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }));

        Assert.Equal(count + 1, await CountAsync());
        // Each attempt either created the report, replayed that answer, or was told the key is being processed.
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{a.StatusCode}: {a.Body}"));
        var numbers = answers.Where(a => a.StatusCode == HttpStatusCode.Created)
            .Select(a => JsonSerializer.Deserialize<ReportedIncident>(a.Body, BeaconFactory.Json)!.Number).Distinct().ToList();
        Assert.Single(numbers);
        await using var db = Beacon.Db();
        Assert.Single(await db.IdempotencyRecords.Where(r => r.Key == key).ToListAsync(Ct));
    }

    [Fact]
    public async Task An_invalid_report_leaves_its_idempotency_key_free_so_the_corrected_retry_is_stored()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var key = "12345-" + Guid.NewGuid();
        var valid = ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow());
        valid["eventTypeCode"] = "99999";
        var invalidJson = JsonSerializer.Serialize(valid, BeaconFactory.Json);
        var count = await CountAsync();

        using var refused = await SendAsync(invalidJson);
        using var refusedAgain = await SendAsync(invalidJson);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refusedAgain.StatusCode);
        Assert.Equal(count, await CountAsync());
        await using (var db = Beacon.Db())
        {
            Assert.Empty(await db.IdempotencyRecords.Where(r => r.Key == key).ToListAsync(Ct));
        }

        async Task<HttpResponseMessage> SendAsync(string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            return await duty.SendAsync(request, Ct);
        }
    }

    [Fact]
    public async Task A_county_can_neither_see_nor_report_on_a_neighbouring_countys_incidents()
    {
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var created = await (await kundulun.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var qingshan = await Beacon.SignInAsync("duty.150204");

        Assert.Equal(HttpStatusCode.NotFound, (await qingshan.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).StatusCode);
        Assert.DoesNotContain(await qingshan.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents", Ct), i => i.Id == created.Id);
        Assert.DoesNotContain(await qingshan.GetAllPagesAsync<BoardObligation>("/api/v1/obligations?includeMet=true", Ct), o => o.Obligation.IncidentId == created.Id);
        var followUp = await qingshan.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", new { kind = "Final", severity = "IV", narrative = "越界终报", signer = "某人" });
        Assert.Equal(HttpStatusCode.NotFound, followUp.StatusCode);
        Assert.Equal(IncidentErrors.NotFound, await followUp.CodeAsync());
        var call = await qingshan.PostJsonAsync($"/api/v1/incidents/{created.Id}/phone-reports", new { toUnitId = Guid.NewGuid(), caller = "a", callee = "b", calledAt = Beacon.Clock.GetUtcNow(), summary = "越界电话" });
        Assert.Equal(HttpStatusCode.NotFound, call.StatusCode);

        // The prefecture above both sees it, with its chain.
        var baotou = await Beacon.SignInAsync("duty.150200");
        var detail = await (await baotou.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).ReadAsync<IncidentDetail>();
        Assert.Equal("首报", Assert.Single(detail.Reports).Title);
        Assert.Equal(IncidentStatus.Open, detail.Incident.Status);
    }

    [Fact]
    public async Task Viewers_and_administrators_read_but_do_not_report()
    {
        var viewer = await Beacon.SignInAsync("viewer.150203");

        var response = await viewer.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/incidents", Ct)).StatusCode);
    }

    [Fact]
    public async Task Incident_numbers_count_up_per_unit_and_year()
    {
        var duty = await Beacon.SignInAsync("duty.150100");
        var body = ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow(), location: "150102");

        var first = await (await duty.PostJsonAsync("/api/v1/incidents", body)).ReadAsync<ReportedIncident>();
        var second = await (await duty.PostJsonAsync("/api/v1/incidents", body)).ReadAsync<ReportedIncident>();

        Assert.StartsWith("150100-", first.Number, StringComparison.Ordinal);
        Assert.Equal(int.Parse(first.Number[^4..], System.Globalization.CultureInfo.InvariantCulture) + 1,
            int.Parse(second.Number[^4..], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Concurrent_first_reports_of_one_unit_get_distinct_consecutive_numbers()
    {
        using var qingshan = Beacon.WithToken(await Beacon.CreateTokenAsync("150204", "DutyOfficer"));
        var body = ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow(), location: "150204");

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => qingshan.PostJsonAsync("/api/v1/incidents", body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = new List<int>();
        foreach (var response in responses)
        {
            var number = (await response.ReadAsync<ReportedIncident>()).Number;
            Assert.StartsWith("150204-", number, StringComparison.Ordinal);
            numbers.Add(int.Parse(number[^4..], System.Globalization.CultureInfo.InvariantCulture));
        }

        numbers.Sort();
        Assert.Equal(Enumerable.Range(numbers[0], 12), numbers);
    }

    [Fact]
    public async Task Concurrent_first_reports_of_two_counties_saved_together_are_each_audited_as_their_own_reporter()
    {
        var reporters = new[] { ("duty.150203", "150203"), ("duty.150204", "150204") };
        var clients = await Task.WhenAll(reporters.Select(r => Beacon.SignInAsync(r.Item1)));

        // Sent at once, so the group commit saves reports of both counties (and both actors) in shared transactions.
        var sent = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var (user, county) = reporters[i % 2];
            using var response = await clients[i % 2].PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow(), location: county));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (User: user, County: county, Reported: await response.ReadAsync<ReportedIncident>());
        }));

        await using var db = Beacon.Db();
        foreach (var (user, county, reported) in sent)
        {
            Assert.StartsWith(county + "-", reported.Number, StringComparison.Ordinal);
            var audited = await db.AuditEntries.Where(e => e.EntityId == reported.Id.ToString() || e.EntityId == reported.ReportId.ToString()).ToListAsync(Ct);
            Assert.Equal(2, audited.Count);
            Assert.All(audited, e => Assert.Equal(user, e.UserName));
            Assert.Contains(reported.Number, audited.Single(e => e.EntityType == nameof(Incident)).Summary, StringComparison.Ordinal);
        }

        Assert.Empty((await AuditChain.VerifyAsync(db, Ct)).Problems);
    }

    private async Task<int> CountAsync()
    {
        await using var db = Beacon.Db();
        return db.Set<Incident>().Count();
    }
}

public sealed class IncidentApiTestsOnSqlite(SqliteBeacon beacon) : IncidentApiTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class IncidentApiTestsOnPostgres(PostgresBeacon beacon) : IncidentApiTests(beacon), IClassFixture<PostgresBeacon>;
