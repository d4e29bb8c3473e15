using Beacon.Incidents.Classification;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Jurisdictions;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>The rule matching and status arithmetic, without a server.</summary>
public sealed class ObligationPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 3, 0, 0, TimeSpan.Zero);

    private static readonly ReportingRule WorkPoints = new()
    {
        Name = "20/40",
        MinSeverity = Severity.III,
        CoversSensitive = true,
        PhoneMinutes = 20,
        WrittenMinutes = 40,
        FollowUpEveryMinutes = 60,
    };

    [Theory]
    [InlineData(Severity.I, false, true)]
    [InlineData(Severity.II, false, true)]
    [InlineData(Severity.III, false, true)]
    [InlineData(Severity.IV, false, false)]
    [InlineData(Severity.IV, true, true)]
    [InlineData(Severity.NotAssessed, false, false)]
    [InlineData(Severity.NotAssessed, true, true)]
    public void The_work_points_rule_covers_level_III_and_above_and_sensitive_events(Severity severity, bool sensitive, bool covered) =>
        Assert.Equal(covered, WorkPoints.Covers(severity, sensitive, EventClass.Accident, JurisdictionLevel.County));

    [Fact]
    public void An_inactive_or_class_specific_rule_covers_nothing_else()
    {
        var inactive = new ReportingRule { MinSeverity = Severity.IV, IsActive = false };
        var floods = new ReportingRule { MinSeverity = Severity.IV, EventClass = EventClass.NaturalDisaster };

        Assert.False(inactive.Covers(Severity.I, true, EventClass.Accident, JurisdictionLevel.County));
        Assert.False(floods.Covers(Severity.I, false, EventClass.Accident, JurisdictionLevel.County));
        Assert.True(floods.Covers(Severity.I, false, EventClass.NaturalDisaster, JurisdictionLevel.County));
    }

    [Theory]
    [InlineData(0, null, ObligationStatus.OnTime)]
    [InlineData(15, null, ObligationStatus.DueSoon)]
    [InlineData(20, null, ObligationStatus.DueSoon)]
    [InlineData(21, null, ObligationStatus.Overdue)]
    [InlineData(30, 20, ObligationStatus.Met)]
    [InlineData(30, 25, ObligationStatus.MetLate)]
    public void Status_follows_the_clock(int minutesAfterStart, int? metAfter, ObligationStatus expected)
    {
        var o = new ReportingObligation { StartsAt = T0, DueAt = T0.AddMinutes(20), MetAt = metAfter is { } m ? T0.AddMinutes(m) : null };

        Assert.Equal(expected, o.StatusAt(T0.AddMinutes(minutesAfterStart), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Reconciling_twice_adds_nothing_new_and_follow_ups_are_due_after_the_last_report()
    {
        var incident = new Incident { Severity = Severity.III, LearnedAt = T0, OriginUnitId = Guid.NewGuid() };
        var first = new IncidentReport { IncidentId = incident.Id, Kind = ReportKind.First, Sequence = 1, SubmittedAt = T0.AddMinutes(30) };
        var obligations = new List<ReportingObligation>();

        ObligationPlanner.Reconcile(incident, EventClass.Accident, JurisdictionLevel.County, [WorkPoints], [first], [], obligations, T0);
        ObligationPlanner.Reconcile(incident, EventClass.Accident, JurisdictionLevel.County, [WorkPoints], [first], [], obligations, T0);

        Assert.Equal(3, obligations.Count);
        var followUp = obligations.Single(o => o.Kind == ReportKind.FollowUp);
        Assert.Equal(2, followUp.Sequence);
        Assert.Equal(T0.AddMinutes(90), followUp.DueAt);
        Assert.Equal(T0.AddMinutes(30), obligations.Single(o => o.Channel == ReportChannel.Written && o.Kind == ReportKind.First).MetAt);
    }

    [Fact]
    public void Follow_up_titles_are_numbered_in_chinese()
    {
        Assert.Equal("续报一", new IncidentReport { Kind = ReportKind.FollowUp, Sequence = 2 }.Title);
        Assert.Equal("续报十", new IncidentReport { Kind = ReportKind.FollowUp, Sequence = 11 }.Title);
        Assert.Equal("续报十二", new IncidentReport { Kind = ReportKind.FollowUp, Sequence = 13 }.Title);
        Assert.Equal("续报二十一", new IncidentReport { Kind = ReportKind.FollowUp, Sequence = 22 }.Title);
        Assert.Equal("首报", new IncidentReport { Kind = ReportKind.First, Sequence = 1 }.Title);
    }
}
