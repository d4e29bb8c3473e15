using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Units;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Deadlines.ReportingRules;

/// <summary>A reporting rule (报送规则) as the list and the page show it; <see cref="CanManage"/> says whether the caller may change it.</summary>
public sealed record ReportingRuleView(
    Guid Id, string Name, bool IsActive, Severity? MinSeverity, bool CoversSensitive, EventClass? EventClass, JurisdictionLevel? OriginTier,
    int? PhoneMinutes, int? WrittenMinutes, int? FollowUpEveryMinutes, string ReportTo, int Version)
{
    public JurisdictionLevel? ReportToLevel { get; init; }

    public Guid? ReportToUnitId { get; init; }

    /// <summary>The jurisdiction the rule is limited to (its subtree), or null for everywhere.</summary>
    public string? JurisdictionCode { get; init; }

    public string? JurisdictionName { get; init; }

    /// <summary>The event type the rule is limited to (and its sub-types), or null for every type.</summary>
    public string? EventTypeCode { get; init; }

    public string? EventTypeName { get; init; }

    public DateTimeOffset EffectiveFrom { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }

    public string? RetiredBy { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? UpdatedBy { get; init; }

    public bool CanManage { get; init; }

    internal static ReportingRuleView Of(ReportingRule r, JurisdictionTree.Snapshot? tree = null, IReadOnlyDictionary<string, EventType>? types = null, bool canManage = false)
    {
        var jurisdiction = r.JurisdictionId is { } j ? tree?.Find(j) : null;
        return new(r.Id, r.Name, r.IsActive, r.MinSeverity, r.CoversSensitive, r.EventClass, r.OriginTier, r.PhoneMinutes, r.WrittenMinutes,
            r.FollowUpEveryMinutes, r.ReportTo, r.Version)
        {
            ReportToLevel = r.ReportToLevel,
            ReportToUnitId = r.ReportToUnitId,
            JurisdictionCode = jurisdiction?.Code,
            JurisdictionName = jurisdiction?.Name,
            EventTypeCode = r.EventTypeCode,
            EventTypeName = r.EventTypeCode is { } code ? types?.GetValueOrDefault(code)?.Name : null,
            EffectiveFrom = r.EffectiveFrom,
            RetiredAt = r.RetiredAt,
            RetiredBy = r.RetiredBy,
            UpdatedAt = r.UpdatedAt,
            UpdatedBy = r.UpdatedBy,
            CanManage = canManage,
        };
    }
}

/// <summary>
/// A rule as an administrator adds or changes it (报送规则). Null limits mean "every": every jurisdiction, event type,
/// class, origin tier. <see cref="IsActive"/> is for a change only (null keeps it); retiring has its own command.
/// A change applies to obligations created from now on; existing ones keep their deadlines.
/// </summary>
public sealed record ReportingRuleRequest(
    [property: Required, StringLength(100, MinimumLength = 2)] string Name,
    bool? IsActive,
    [property: EnumDataType(typeof(Severity))] Severity? MinSeverity,
    bool CoversSensitive,
    [property: EnumDataType(typeof(EventClass))] EventClass? EventClass,
    [property: EnumDataType(typeof(JurisdictionLevel))] JurisdictionLevel? OriginTier,
    [property: Range(1, 10080)] int? PhoneMinutes,
    [property: Range(1, 10080)] int? WrittenMinutes,
    [property: Range(10, 10080)] int? FollowUpEveryMinutes,
    [property: StringLength(100)] string? ReportTo = null,
    [property: EnumDataType(typeof(JurisdictionLevel))] JurisdictionLevel? ReportToLevel = null,
    Guid? ReportToUnitId = null,
    [property: StringLength(12)] string? JurisdictionCode = null,
    [property: StringLength(20)] string? EventTypeCode = null);

/// <summary>What a draft rule would create: per level for an example incident, and for the latest incidents in its reach.</summary>
public sealed record RulePreview(int Examined, int Matched, IReadOnlyList<RulePreviewLevel> Levels, IReadOnlyList<RulePreviewIncident> Incidents);

/// <summary>Whether an incident of this level (or a sensitive one not yet assessed) is covered, and the obligations it would owe.</summary>
public sealed record RulePreviewLevel(Severity Severity, bool Sensitive, bool Covered, IReadOnlyList<RulePreviewObligation> Obligations);

/// <summary>One obligation the rule would create: channel, first report or follow-up, minutes, and whom it is owed to.</summary>
public sealed record RulePreviewObligation(ReportChannel Channel, ReportKind Kind, int Minutes, string OwedTo);

/// <summary>A recent incident the draft rule would have covered, and what it would have owed.</summary>
public sealed record RulePreviewIncident(
    Guid Id, string Number, string Title, Severity Severity, bool IsSensitive, string EventTypeCode, string Jurisdiction, DateTimeOffset LearnedAt,
    IReadOnlyList<RulePreviewObligation> Obligations);

/// <summary>
/// Reporting rules (报送规则, decision 0031): everyone reads those that can apply to them (region-wide ones, those of
/// their chain above and of their subtree); region administrators administer every rule, a prefecture or county
/// administrator only rules limited to its own subtree and owed within it. Every write is audited.
/// </summary>
public sealed class ReportingRulesHandler(
    BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, ReportingReferenceData reference, JurisdictionTree tree, DutyRooms dutyRooms)
{
    /// <summary>How many of the latest incidents in reach a preview looks at.</summary>
    public const int PreviewIncidents = 50;

    /// <summary>The default owed-to text per level (报送对象) when the administrator gives none.</summary>
    public static string DefaultReportTo(JurisdictionLevel? level) => level switch
    {
        JurisdictionLevel.Prefecture => "盟市总值班室",
        JurisdictionLevel.County => "旗县（市、区）总值班室",
        _ => "自治区总值班室",
    };

    public async Task<List<ReportingRuleView>> ListAsync(CancellationToken ct) => await ListAsync(null, ct);

    /// <summary>The rules the caller can see (<paramref name="active"/>: only active, only retired, or all), active first, region-wide first, by name.</summary>
    public async Task<List<ReportingRuleView>> ListAsync(bool? active, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var snapshot = await tree.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Set<ReportingRule>().AsNoTracking();
        if (active is { } a)
        {
            query = query.Where(r => r.IsActive == a);
        }

        var rules = await query.ToListAsync(ct);
        var types = await TypesAsync(db, ct);
        return rules.Where(r => Visible(r, scope, snapshot))
            .OrderByDescending(r => r.IsActive).ThenBy(r => r.JurisdictionId is null ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)
            .Select(r => ReportingRuleView.Of(r, snapshot, types, Manages(r.JurisdictionId, scope)))
            .ToList();
    }

    public async Task<IResult> AddAsync(ReportingRuleRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.ManageReportingRules, null, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var (checkedRule, refused) = await CheckAsync(db, r, scope, ct);
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var rule = new ReportingRule { EffectiveFrom = now, UpdatedAt = now, CreatedBy = scopes.Actor.UserName, UpdatedBy = scopes.Actor.UserName };
        checkedRule!.CopyTo(rule);
        db.Add(rule);
        db.Audit("reporting-rule.added", nameof(ReportingRule), rule.Id.ToString(), Summary(rule));
        await db.SaveChangesAsync(ct);
        reference.Invalidate();
        var view = await ViewAsync(db, rule, scope, ct);
        return TypedResults.Created($"/api/v1/reporting-rules/{rule.Id}", view);
    }

    public Task<IResult> UpdateAsync(Guid id, ReportingRuleRequest r, HttpContext http, CancellationToken ct) =>
        UpdateAsync(id, r, http.Request.Headers.IfMatch.ToString(), ct, version => ApiResults.SetETag(http, version));

    public async Task<IResult> UpdateAsync(Guid id, ReportingRuleRequest r, string? ifMatch, CancellationToken ct, Action<int>? answered = null)
    {
        await scopes.DemandAsync(IncidentPermissions.ManageReportingRules, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var (rule, denied) = await LoadForChangeAsync(db, id, scope, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (ApiResults.CheckIfMatch(ifMatch, rule!.Version) is { } precondition)
        {
            return precondition;
        }

        var (checkedRule, refused) = await CheckAsync(db, r, scope, ct);
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        checkedRule!.CopyTo(rule);
        if (r.IsActive is { } active && active != rule.IsActive)
        {
            SetActive(rule, active, now);
        }

        rule.UpdatedAt = now;
        rule.UpdatedBy = scopes.Actor.UserName;
        rule.Version++;
        db.Audit("reporting-rule.changed", nameof(ReportingRule), rule.Id.ToString(), Summary(rule));
        await db.SaveChangesAsync(ct);
        reference.Invalidate();
        answered?.Invoke(rule.Version);
        return TypedResults.Ok(await ViewAsync(db, rule, scope, ct));
    }

    /// <summary>Retires a rule (停用): kept and listed as retired; it creates no obligation from now on, existing ones stay.</summary>
    public Task<IResult> RetireAsync(Guid id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    /// <summary>Reinstates a retired rule (重新启用): it covers incidents recorded from now on.</summary>
    public Task<IResult> ReinstateAsync(Guid id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    /// <summary>
    /// What a draft rule would create, nothing stored: for an example incident of each level (and a sensitive one), and
    /// for the latest <see cref="PreviewIncidents"/> incidents in the caller's scope and the rule's jurisdiction.
    /// </summary>
    public async Task<IResult> PreviewAsync(ReportingRuleRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.ManageReportingRules, null, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var (draft, refused) = await CheckAsync(db, r, scope, ct);
        if (refused is not null)
        {
            return refused;
        }

        var rule = new ReportingRule { Id = Guid.Empty, EffectiveFrom = DateTimeOffset.MinValue };
        draft!.CopyTo(rule);
        var exampleClass = rule.EventClass ?? EventClass.Accident;
        var exampleTier = rule.OriginTier ?? JurisdictionLevel.County;
        var levels = new List<RulePreviewLevel>();
        foreach (var (severity, sensitive) in new[] { (Severity.I, false), (Severity.II, false), (Severity.III, false), (Severity.IV, false), (Severity.NotAssessed, true) })
        {
            var covered = rule.Covers(severity, sensitive, exampleClass, exampleTier);
            levels.Add(new RulePreviewLevel(severity, sensitive, covered, covered ? Obligations(rule, rule.ReportTo) : []));
        }

        var snapshot = await tree.GetAsync(ct);
        var reach = rule.JurisdictionId is { } limited ? snapshot.DescendantsAndSelf(limited).Select(n => n.Id).Where(scope.Contains).ToList() : null;
        var query = db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId).Where(i => !i.IsDrill);
        if (reach is not null)
        {
            query = query.Where(i => reach.Contains(i.OriginJurisdictionId));
        }

        var latest = await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Take(PreviewIncidents).ToListAsync(ct);
        var types = await TypesAsync(db, ct);
        var matched = new List<(Incident Incident, Guid? Owed)>();
        foreach (var incident in latest)
        {
            var type = types.GetValueOrDefault(incident.EventTypeCode);
            var tier = snapshot.Find(incident.OriginJurisdictionId)?.Level ?? JurisdictionLevel.County;
            if (type is null || !rule.Covers(incident.Severity, incident.IsSensitive, type.Class, tier))
            {
                continue;
            }

            var targets = await ObligationSync.TargetsAsync(tree, dutyRooms, incident.OriginJurisdictionId, [], ct);
            if (ObligationPlanner.Applies(rule, incident, targets))
            {
                matched.Add((incident, targets.OwedUnit(rule)));
            }
        }

        var owedIds = matched.Select(m => m.Owed).OfType<Guid>().Distinct().ToList();
        var owedNames = await db.Units.AsNoTracking().Where(u => owedIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var incidents = matched.Select(m => new RulePreviewIncident(
                m.Incident.Id, m.Incident.Number, m.Incident.Title, m.Incident.Severity, m.Incident.IsSensitive, m.Incident.EventTypeCode,
                snapshot.Find(m.Incident.OriginJurisdictionId)?.Name ?? "", m.Incident.LearnedAt,
                Obligations(rule, m.Owed is { } owed ? owedNames.GetValueOrDefault(owed, rule.ReportTo) : rule.ReportTo)))
            .ToList();
        return TypedResults.Ok(new RulePreview(latest.Count, incidents.Count, levels, incidents));
    }

    private static List<RulePreviewObligation> Obligations(ReportingRule rule, string owedTo)
    {
        var list = new List<RulePreviewObligation>();
        if (rule.PhoneMinutes is { } phone)
        {
            list.Add(new RulePreviewObligation(ReportChannel.Phone, ReportKind.First, phone, owedTo));
        }

        if (rule.WrittenMinutes is { } written)
        {
            list.Add(new RulePreviewObligation(ReportChannel.Written, ReportKind.First, written, owedTo));
        }

        if (rule.FollowUpEveryMinutes is { } every)
        {
            list.Add(new RulePreviewObligation(ReportChannel.Written, ReportKind.FollowUp, every, owedTo));
        }

        return list;
    }

    private async Task<IResult> SetActiveAsync(Guid id, bool active, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.ManageReportingRules, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var (rule, denied) = await LoadForChangeAsync(db, id, scope, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (rule!.IsActive == active)
        {
            return active
                ? ApiResults.Conflict(IncidentErrors.RuleNotRetired, "The rule is active.")
                : ApiResults.Conflict(IncidentErrors.RuleAlreadyRetired, "The rule is already retired.");
        }

        var now = clock.GetUtcNow();
        SetActive(rule, active, now);
        rule.UpdatedAt = now;
        rule.UpdatedBy = scopes.Actor.UserName;
        rule.Version++;
        db.Audit(active ? "reporting-rule.reinstated" : "reporting-rule.retired", nameof(ReportingRule), rule.Id.ToString(), new { rule.Name });
        await db.SaveChangesAsync(ct);
        reference.Invalidate();
        return TypedResults.Ok(await ViewAsync(db, rule, scope, ct));
    }

    private void SetActive(ReportingRule rule, bool active, DateTimeOffset now)
    {
        rule.IsActive = active;
        if (active)
        {
            // Reinstated: like a new rule, it covers incidents recorded from now on.
            rule.EffectiveFrom = now;
            rule.RetiredAt = null;
            rule.RetiredBy = null;
        }
        else
        {
            rule.RetiredAt = now;
            rule.RetiredBy = scopes.Actor.UserName;
        }
    }

    /// <summary>The rule to change, or why not: not visible to the caller (404), or visible but outside its subtree (403).</summary>
    private async Task<(ReportingRule? Rule, IResult? Refused)> LoadForChangeAsync(BeaconDb db, Guid id, DataScope scope, CancellationToken ct)
    {
        var rule = await db.Set<ReportingRule>().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (rule is null || !Visible(rule, scope, await tree.GetAsync(ct)))
        {
            return (null, ApiResults.NotFound(IncidentErrors.RuleNotFound, "Reporting rule"));
        }

        if (!Manages(rule.JurisdictionId, scope))
        {
            return (null, rule.JurisdictionId is null
                ? ApiResults.Forbidden(IncidentErrors.RuleNotRegionAdmin, "Region-wide reporting rules are set by a region-level administrator.")
                : ApiResults.Forbidden(IncidentErrors.RuleOutOfScope, "The rule applies above the caller's jurisdiction."));
        }

        return (rule, null);
    }

    /// <summary>Checks a request field by field, then against the caller's scope; the rule's values when it passes.</summary>
    private async Task<(CheckedRule? Rule, IResult? Refused)> CheckAsync(BeaconDb db, ReportingRuleRequest r, DataScope scope, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (r.MinSeverity == Severity.NotAssessed)
        {
            errors.Add(new FieldError("minSeverity", IncidentErrors.RuleMinSeverity, "must be I, II, III or IV (or null for sensitive events only)"));
        }
        else if (r.MinSeverity is null && !r.CoversSensitive)
        {
            errors.Add(new FieldError("minSeverity", IncidentErrors.RuleCoversNothing, "a rule covers a lowest level, sensitive events, or both"));
        }

        if (r.PhoneMinutes is null && r.WrittenMinutes is null && r.FollowUpEveryMinutes is null)
        {
            errors.Add(new FieldError("writtenMinutes", IncidentErrors.RuleNoDeadline, "set at least one of phone, written or follow-up minutes"));
        }

        var snapshot = await tree.GetAsync(ct);
        JurisdictionTree.Node? jurisdiction = null;
        if (r.JurisdictionCode?.Trim() is { Length: > 0 } code)
        {
            jurisdiction = snapshot.Nodes.FirstOrDefault(n => n.Code == code && !n.IsRetired);
            if (jurisdiction is null)
            {
                errors.Add(new FieldError("jurisdictionCode", IncidentErrors.RuleJurisdictionUnknown, "not a known jurisdiction"));
            }
        }

        string? typeCode = null;
        if (r.EventTypeCode?.Trim().ToUpperInvariant() is { Length: > 0 } wanted)
        {
            var type = await db.Set<EventType>().AsNoTracking().SingleOrDefaultAsync(t => t.Code == wanted && t.IsActive, ct);
            if (type is null)
            {
                errors.Add(new FieldError("eventTypeCode", IncidentErrors.RuleEventTypeUnknown, "not an active event type code"));
            }
            else if (r.EventClass is { } cls && type.Class != cls)
            {
                errors.Add(new FieldError("eventTypeCode", IncidentErrors.RuleEventTypeClass, "the event type belongs to another class than eventClass"));
            }
            else
            {
                typeCode = type.Code;
            }
        }

        string? unitName = null;
        Guid? unitJurisdiction = null;
        if (r.ReportToUnitId is { } unitId)
        {
            var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId && !u.IsRetired).Select(u => new { u.Name, u.JurisdictionId }).SingleOrDefaultAsync(ct);
            if (unit is null || !scope.Contains(unit.JurisdictionId) && !Above(snapshot, scope, unit.JurisdictionId))
            {
                errors.Add(new FieldError("reportToUnitId", IncidentErrors.RuleReportToUnitUnknown, "not an active unit"));
            }
            else
            {
                (unitName, unitJurisdiction) = (unit.Name, unit.JurisdictionId);
            }
        }

        if (errors.Count > 0)
        {
            return (null, ApiResults.Invalid(errors));
        }

        // Scope: a region administrator sets any rule; the others only rules limited to their subtree, owed within it.
        if (!scope.IsEverything)
        {
            if (jurisdiction is null)
            {
                return (null, ApiResults.Forbidden(IncidentErrors.RuleNotRegionAdmin, "Region-wide reporting rules are set by a region-level administrator."));
            }

            if (!scope.Contains(jurisdiction.Id))
            {
                return (null, ApiResults.Forbidden(IncidentErrors.RuleOutOfScope, "The jurisdiction lies outside the caller's."));
            }

            var ownLevel = scope.RootJurisdictionId is { } root ? snapshot.Find(root)?.Level : null;
            var owedWithin = unitJurisdiction is { } owedAt
                ? scope.Contains(owedAt)
                : r.ReportToLevel is { } level && ownLevel is { } own && level >= own;
            if (!owedWithin)
            {
                return (null, ApiResults.Forbidden(IncidentErrors.RuleReportToOutOfScope, "The rule would owe reports above the caller's jurisdiction."));
            }
        }

        var reportTo = r.ReportTo?.Trim() is { Length: > 0 } text ? text : unitName ?? DefaultReportTo(r.ReportToLevel);
        return (new CheckedRule(r.Name.Trim(), r.MinSeverity, r.CoversSensitive, r.EventClass, r.OriginTier, r.PhoneMinutes, r.WrittenMinutes,
            r.FollowUpEveryMinutes, reportTo, r.ReportToUnitId is null ? r.ReportToLevel : null, r.ReportToUnitId, jurisdiction?.Id, typeCode), null);
    }

    /// <summary>Whether a rule can apply to the caller: region-wide, limited to its chain above, or to its subtree.</summary>
    private static bool Visible(ReportingRule rule, DataScope scope, JurisdictionTree.Snapshot snapshot) =>
        rule.JurisdictionId is not { } j || scope.Contains(j) || Above(snapshot, scope, j);

    /// <summary>Whether <paramref name="jurisdictionId"/> is above the caller's jurisdiction (in its chain).</summary>
    private static bool Above(JurisdictionTree.Snapshot snapshot, DataScope scope, Guid jurisdictionId)
    {
        for (var node = scope.RootJurisdictionId is { } root ? snapshot.Find(root) : null; node is not null; node = node.ParentId is { } p ? snapshot.Find(p) : null)
        {
            if (node.Id == jurisdictionId)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Manages(Guid? ruleJurisdiction, DataScope scope) => scope.IsEverything || (ruleJurisdiction is { } j && scope.Contains(j));

    private async Task<ReportingRuleView> ViewAsync(BeaconDb db, ReportingRule rule, DataScope scope, CancellationToken ct) =>
        ReportingRuleView.Of(rule, await tree.GetAsync(ct), await TypesAsync(db, ct), Manages(rule.JurisdictionId, scope));

    private static async Task<Dictionary<string, EventType>> TypesAsync(BeaconDb db, CancellationToken ct) =>
        await db.Set<EventType>().AsNoTracking().ToDictionaryAsync(t => t.Code, StringComparer.Ordinal, ct);

    private static object Summary(ReportingRule r) => new
    {
        r.Name,
        r.MinSeverity,
        r.CoversSensitive,
        r.EventClass,
        r.OriginTier,
        r.PhoneMinutes,
        r.WrittenMinutes,
        r.FollowUpEveryMinutes,
        r.ReportTo,
        r.ReportToLevel,
        r.ReportToUnitId,
        r.JurisdictionId,
        r.EventTypeCode,
    };

    private sealed record CheckedRule(
        string Name, Severity? MinSeverity, bool CoversSensitive, EventClass? EventClass, JurisdictionLevel? OriginTier, int? PhoneMinutes,
        int? WrittenMinutes, int? FollowUpEveryMinutes, string ReportTo, JurisdictionLevel? ReportToLevel, Guid? ReportToUnitId, Guid? JurisdictionId,
        string? EventTypeCode)
    {
        public void CopyTo(ReportingRule rule)
        {
            rule.Name = Name;
            rule.MinSeverity = MinSeverity;
            rule.CoversSensitive = CoversSensitive;
            rule.EventClass = EventClass;
            rule.OriginTier = OriginTier;
            rule.PhoneMinutes = PhoneMinutes;
            rule.WrittenMinutes = WrittenMinutes;
            rule.FollowUpEveryMinutes = FollowUpEveryMinutes;
            rule.ReportTo = ReportTo;
            rule.ReportToLevel = ReportToLevel;
            rule.ReportToUnitId = ReportToUnitId;
            rule.JurisdictionId = JurisdictionId;
            rule.EventTypeCode = EventTypeCode;
        }
    }
}

internal static class ReportingRulesEndpoint
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder admin)
    {
        api.MapGet("/reporting-rules", async (ReportingRulesHandler handler, bool? active, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(active, ct)))
            .WithName("ListReportingRules").WithTags("Incidents")
            .WithSummary("The reporting rules (报送规则) that can apply to the caller (region-wide, its chain above, its subtree), active first; active=true/false filters; a short configuration list, complete and unpaged");
        admin.MapPost("/reporting-rules", (ReportingRulesHandler handler, ReportingRuleRequest request, CancellationToken ct) => handler.AddAsync(request, ct))
            .RequirePermission(IncidentPermissions.ManageReportingRules)
            .WithName("AddReportingRule").WithTags("Incidents")
            .Produces<ReportingRuleView>(StatusCodes.Status201Created).ProducesProblems()
            .WithSummary("Adds a reporting rule (per level, event type, jurisdiction); it covers incidents recorded from now on. Region administrators any rule, others rules limited to their subtree");
        admin.MapPost("/reporting-rules/preview", (ReportingRulesHandler handler, ReportingRuleRequest request, CancellationToken ct) => handler.PreviewAsync(request, ct))
            .RequirePermission(IncidentPermissions.ManageReportingRules)
            .WithName("PreviewReportingRule").WithTags("Incidents")
            .Produces<RulePreview>().ProducesProblems()
            .WithSummary("What a draft rule would create, nothing stored: per level, and for the latest incidents in the caller's scope and the rule's jurisdiction");
        admin.MapPut("/reporting-rules/{id:guid}", (ReportingRulesHandler handler, HttpContext http, Guid id, ReportingRuleRequest request, CancellationToken ct) =>
                handler.UpdateAsync(id, request, http, ct))
            .RequirePermission(IncidentPermissions.ManageReportingRules)
            .WithName("UpdateReportingRule").WithTags("Incidents")
            .Produces<ReportingRuleView>().AnswersETag(StatusCodes.Status200OK).NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Changes a reporting rule; needs If-Match. Obligations already created keep their deadlines");
        admin.MapPost("/reporting-rules/{id:guid}/retire", (ReportingRulesHandler handler, Guid id, CancellationToken ct) => handler.RetireAsync(id, ct))
            .RequirePermission(IncidentPermissions.ManageReportingRules)
            .WithName("RetireReportingRule").WithTags("Incidents")
            .Produces<ReportingRuleView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Retires a reporting rule (停用): kept and listed, it creates no obligation from now on");
        admin.MapPost("/reporting-rules/{id:guid}/reinstate", (ReportingRulesHandler handler, Guid id, CancellationToken ct) => handler.ReinstateAsync(id, ct))
            .RequirePermission(IncidentPermissions.ManageReportingRules)
            .WithName("ReinstateReportingRule").WithTags("Incidents")
            .Produces<ReportingRuleView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Reinstates a retired reporting rule (重新启用); it covers incidents recorded from then on");
    }
}
