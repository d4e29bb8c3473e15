using Beacon.Platform.Audit.ListAudit;
using Beacon.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// Issue 12, item 10: the audit trail names the record an entry is about (a unit's name, an incident's number and
/// title), found by convention in the model so the kernel knows no module.
/// </summary>
public abstract class AuditSubjectTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task An_audit_entry_names_its_record_by_name_or_by_number_and_title()
    {
        var admin = await Beacon.SignInAsync("admin.150200");
        var unit = await (await admin.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150205", name = "石拐区应急救援大队", kind = "Partner" }))
            .ReadAsync<Units.ListUnits.UnitView>();
        var duty = await Beacon.SignInAsync("duty.150203");
        var response = await duty.PostJsonAsync("/api/v1/incidents", new
        {
            title = "昆都仑区某小区燃气管道泄漏",
            eventTypeCode = "12C01",
            severity = "IV",
            isSensitive = false,
            occurredAt = Beacon.Clock.GetUtcNow().AddMinutes(-20),
            learnedAt = Beacon.Clock.GetUtcNow().AddMinutes(-10),
            locationCode = "150203",
            source = "Phone",
            narrative = "燃气管道泄漏，已疏散居民。",
            signer = "张明",
        });
        var incident = await response.ReadAsync<Incidents.Incidents.ReportIncident.ReportedIncident>();

        var unitRows = await (await admin.GetAsync($"/api/v1/audit?entityId={unit.Id}", Ct)).ReadAsync<AuditPage>();
        var incidentRows = await (await admin.GetAsync($"/api/v1/audit?entityId={incident.Id}", Ct)).ReadAsync<AuditPage>();

        Assert.Equal("石拐区应急救援大队", Assert.Single(unitRows.Items).Subject);
        Assert.NotEmpty(incidentRows.Items);
        Assert.All(incidentRows.Items, r => Assert.Equal($"{incident.Number} 昆都仑区某小区燃气管道泄漏", r.Subject));
    }
}

public sealed class AuditSubjectTestsOnSqlite(SqliteBeacon beacon) : AuditSubjectTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class AuditSubjectTestsOnPostgres(PostgresBeacon beacon) : AuditSubjectTests(beacon), IClassFixture<PostgresBeacon>;
