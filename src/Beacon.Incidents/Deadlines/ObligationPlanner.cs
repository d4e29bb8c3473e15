using Beacon.Incidents.Classification;
using Beacon.Incidents.Escalation;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Jurisdictions;

namespace Beacon.Incidents.Deadlines;

/// <summary>
/// Where an incident's reports are owed and what has reached there: the origin's chain of jurisdictions (for rules
/// set per jurisdiction), the unit each rule makes owed, and the submissions (what arrived in which inbox, when).
/// </summary>
internal sealed record ObligationTargets(
    IReadOnlySet<Guid> OriginChain, IReadOnlySet<JurisdictionLevel> LevelsAbove, Func<ReportingRule, Guid?> OwedUnit, IReadOnlyList<Submission> Submissions)
{
    /// <summary>No targets known: obligations owed to nobody in particular (met by any call up, written met at filing).</summary>
    public static readonly ObligationTargets None = new(new HashSet<Guid>(), new HashSet<JurisdictionLevel>(), _ => null, []);
}

/// <summary>
/// Keeps an incident's reporting obligations in line with the rules and with what has been reported.
/// Pure: given the incident, its reports and the rules, it adds missing obligations and marks met ones.
/// </summary>
internal static class ObligationPlanner
{
    /// <summary>A call logged this much before the obligation's start still counts (calls are logged to the minute).</summary>
    private static readonly TimeSpan CallSlack = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Adds the obligations the rules demand that do not exist yet, and marks met those a report fulfils.
    /// New obligations start at <paramref name="clockStart"/>: the learned-at time when the incident is recorded,
    /// the moment of change when a later report raises the level or marks the event sensitive.
    /// A phone obligation is met only by a call of the obligated unit to the unit owed, made within its window; a
    /// written one when the report reaches the unit owed (arrives in its inbox), not when it is filed.
    /// </summary>
    public static void Reconcile(
        Incident incident,
        EventClass eventClass,
        JurisdictionLevel originTier,
        IReadOnlyList<ReportingRule> rules,
        IReadOnlyList<IncidentReport> reports,
        IReadOnlyList<PhoneReport> phoneReports,
        List<ReportingObligation> obligations,
        DateTimeOffset clockStart,
        ObligationTargets? targets = null)
    {
        targets ??= ObligationTargets.None;
        foreach (var rule in rules.Where(r => r.Covers(incident.Severity, incident.IsSensitive, eventClass, originTier) && Applies(r, incident, targets)))
        {
            var owed = targets.OwedUnit(rule);
            if (rule.PhoneMinutes is { } phone)
            {
                Ensure(rule, owed, ReportChannel.Phone, ReportKind.First, 1, clockStart, clockStart.AddMinutes(phone));
            }

            if (rule.WrittenMinutes is { } written)
            {
                Ensure(rule, owed, ReportChannel.Written, ReportKind.First, 1, clockStart, clockStart.AddMinutes(written));
            }

            if (rule.FollowUpEveryMinutes is { } every && incident.Status == IncidentStatus.Open && reports.Count > 0)
            {
                var last = reports.MaxBy(r => r.Sequence)!;
                Ensure(rule, owed, ReportChannel.Written, ReportKind.FollowUp, last.Sequence + 1, last.SubmittedAt, last.SubmittedAt.AddMinutes(every));
            }
        }

        foreach (var o in obligations.Where(o => o.MetAt is null && o.CancelledAt is null))
        {
            (o.MetAt, o.FiledAt, o.Reason) = o.Channel == ReportChannel.Phone ? Phone(o, phoneReports) : Written(o, reports, targets.Submissions);
        }

        void Ensure(ReportingRule rule, Guid? owed, ReportChannel channel, ReportKind kind, int sequence, DateTimeOffset start, DateTimeOffset due)
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
                OwedUnitId = owed,
                StartsAt = start,
                DueAt = due,
            });
        }
    }

    /// <summary>
    /// Whether a rule set per event type or per jurisdiction applies to this incident; a rule added (or reinstated)
    /// after the incident was recorded does not (decision 0031).
    /// </summary>
    internal static bool Applies(ReportingRule rule, Incident incident, ObligationTargets targets) =>
        incident.CreatedAt >= rule.EffectiveFrom
        && (rule.EventTypeCode is not { Length: > 0 } type || incident.EventTypeCode.StartsWith(type, StringComparison.Ordinal))
        && (rule.JurisdictionId is not { } jurisdiction || targets.OriginChain.Contains(jurisdiction))
        // A rule owed to a level applies only below that level: a prefecture does not report to itself.
        && (rule.ReportToUnitId is not null || rule.ReportToLevel is not { } level || targets.LevelsAbove.Contains(level));

    private static (DateTimeOffset?, DateTimeOffset?, string) Phone(ReportingObligation o, IReadOnlyList<PhoneReport> calls)
    {
        var own = calls.Where(p => p.FromUnitId == o.UnitId && p.CalledAt >= o.StartsAt - CallSlack).ToList();
        if (o.OwedUnitId is null)
        {
            var any = own.Select(p => (DateTimeOffset?)p.CalledAt).Min();
            return (any, null, any is null ? ObligationReasons.NoCall : ObligationReasons.CalledAbove);
        }

        var met = own.Where(p => p.ToUnitId == o.OwedUnitId).Select(p => (DateTimeOffset?)p.CalledAt).Min();
        return (met, null, met is not null ? ObligationReasons.Called : calls.Count > 0 ? ObligationReasons.CallElsewhere : ObligationReasons.NoCall);
    }

    private static (DateTimeOffset?, DateTimeOffset?, string) Written(ReportingObligation o, IReadOnlyList<IncidentReport> reports, IReadOnlyList<Submission> submissions)
    {
        var filed = reports.Where(r => r.Sequence >= o.Sequence).Select(r => (DateTimeOffset?)r.SubmittedAt).Min();
        if (filed is null)
        {
            return (null, null, ObligationReasons.NotFiled);
        }

        if (o.OwedUnitId is null)
        {
            return (filed, filed, ObligationReasons.Filed);
        }

        // Reports go to the duty rooms that have the incident: a report reaches the owed unit when it is filed if the
        // incident is already in that unit's inbox, otherwise when it arrives there (forwarded, or sent past a level).
        var arrived = submissions.Where(s => s.ToUnitId == o.OwedUnitId).Select(s => (DateTimeOffset?)s.SubmittedAt).Min();
        if (arrived is null)
        {
            return (null, filed, ObligationReasons.NotReceived);
        }

        return (arrived > filed ? arrived : filed, filed, ObligationReasons.Received);
    }
}
