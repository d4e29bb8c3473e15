using Beacon.Incidents.Classification;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Jurisdictions;

namespace Beacon.Incidents.Deadlines;

/// <summary>
/// Keeps an incident's reporting obligations in line with the rules and with what has been reported.
/// Pure: given the incident, its reports and the rules, it adds missing obligations and marks met ones.
/// </summary>
internal static class ObligationPlanner
{
    /// <summary>
    /// Adds the obligations the rules demand that do not exist yet, and marks met those a report fulfils.
    /// New obligations start at <paramref name="clockStart"/>: the learned-at time when the incident is recorded,
    /// the moment of change when a later report raises the level or marks the event sensitive.
    /// </summary>
    public static void Reconcile(
        Incident incident,
        EventClass eventClass,
        JurisdictionLevel originTier,
        IReadOnlyList<ReportingRule> rules,
        IReadOnlyList<IncidentReport> reports,
        IReadOnlyList<PhoneReport> phoneReports,
        List<ReportingObligation> obligations,
        DateTimeOffset clockStart)
    {
        foreach (var rule in rules.Where(r => r.Covers(incident.Severity, incident.IsSensitive, eventClass, originTier)))
        {
            if (rule.PhoneMinutes is { } phone)
            {
                Ensure(rule, ReportChannel.Phone, ReportKind.First, 1, clockStart, clockStart.AddMinutes(phone));
            }

            if (rule.WrittenMinutes is { } written)
            {
                Ensure(rule, ReportChannel.Written, ReportKind.First, 1, clockStart, clockStart.AddMinutes(written));
            }

            if (rule.FollowUpEveryMinutes is { } every && incident.Status == IncidentStatus.Open && reports.Count > 0)
            {
                var last = reports.MaxBy(r => r.Sequence)!;
                Ensure(rule, ReportChannel.Written, ReportKind.FollowUp, last.Sequence + 1, last.SubmittedAt, last.SubmittedAt.AddMinutes(every));
            }
        }

        foreach (var o in obligations.Where(o => o.MetAt is null && o.CancelledAt is null))
        {
            o.MetAt = o switch
            {
                { Channel: ReportChannel.Phone } => phoneReports.Where(p => p.FromUnitId == o.UnitId).Select(p => (DateTimeOffset?)p.CalledAt).Min(),
                { Kind: ReportKind.First } => reports.Where(r => r.Sequence >= 1).Select(r => (DateTimeOffset?)r.SubmittedAt).Min(),
                _ => reports.Where(r => r.Sequence >= o.Sequence).Select(r => (DateTimeOffset?)r.SubmittedAt).Min(),
            };
        }

        void Ensure(ReportingRule rule, ReportChannel channel, ReportKind kind, int sequence, DateTimeOffset start, DateTimeOffset due)
        {
            if (obligations.Any(o => o.RuleId == rule.Id && o.Channel == channel && o.Kind == kind && o.Sequence == sequence))
            {
                return;
            }

            obligations.Add(new ReportingObligation
            {
                IncidentId = incident.Id,
                UnitId = incident.OriginUnitId,
                JurisdictionId = incident.OriginJurisdictionId,
                RuleId = rule.Id,
                RuleName = rule.Name,
                Channel = channel,
                Kind = kind,
                Sequence = sequence,
                ReportTo = rule.ReportTo,
                StartsAt = start,
                DueAt = due,
            });
        }
    }
}
