using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Deadlines.ReportingRules;

public sealed record ReportingRuleView(
    Guid Id, string Name, bool IsActive, Severity? MinSeverity, bool CoversSensitive, EventClass? EventClass, JurisdictionLevel? OriginTier,
    int? PhoneMinutes, int? WrittenMinutes, int? FollowUpEveryMinutes, string ReportTo, int Version)
{
    internal static ReportingRuleView Of(ReportingRule r) => new(
        r.Id, r.Name, r.IsActive, r.MinSeverity, r.CoversSensitive, r.EventClass, r.OriginTier, r.PhoneMinutes, r.WrittenMinutes,
        r.FollowUpEveryMinutes, r.ReportTo, r.Version);
}

/// <summary>An administrator's change to a rule. Applies to obligations created from now on; existing ones keep their deadlines.</summary>
public sealed record UpdateReportingRuleRequest(
    [property: Required, StringLength(100, MinimumLength = 2)] string Name,
    bool IsActive,
    [property: EnumDataType(typeof(Severity))] Severity? MinSeverity,
    bool CoversSensitive,
    [property: EnumDataType(typeof(EventClass))] EventClass? EventClass,
    [property: EnumDataType(typeof(JurisdictionLevel))] JurisdictionLevel? OriginTier,
    [property: Range(1, 10080)] int? PhoneMinutes,
    [property: Range(1, 10080)] int? WrittenMinutes,
    [property: Range(10, 10080)] int? FollowUpEveryMinutes,
    [property: Required, StringLength(100, MinimumLength = 2)] string ReportTo);

/// <summary>Reporting rules are region-wide configuration: everyone reads them, region administrators change them.</summary>
public sealed class ReportingRulesHandler(BeaconDbFactory dbs, Platform.Scope.ScopeService scopes, TimeProvider clock, ReportingReferenceData reference)
{
    public async Task<List<ReportingRuleView>> ListAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return (await db.Set<ReportingRule>().AsNoTracking().OrderByDescending(r => r.IsActive).ThenBy(r => r.Name).ToListAsync(ct))
            .Select(ReportingRuleView.Of).ToList();
    }

    public async Task<IResult> UpdateAsync(Guid id, UpdateReportingRuleRequest r, HttpContext http, CancellationToken ct)
    {
        if (!(await scopes.GetAsync(ct)).IsEverything)
        {
            return ApiResults.Forbidden("Reporting rules are set by a region-level administrator.");
        }

        if (r.MinSeverity == Severity.NotAssessed)
        {
            return ApiResults.Invalid("minSeverity", "must be I, II, III or IV (or null for sensitive events only)");
        }

        await using var db = dbs.CreateDbContext();
        var rule = await db.Set<ReportingRule>().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (rule is null)
        {
            return ApiResults.NotFound("Reporting rule");
        }

        if (ApiResults.CheckIfMatch(http, rule.Version) is { } precondition)
        {
            return precondition;
        }

        rule.Name = r.Name.Trim();
        rule.IsActive = r.IsActive;
        rule.MinSeverity = r.MinSeverity;
        rule.CoversSensitive = r.CoversSensitive;
        rule.EventClass = r.EventClass;
        rule.OriginTier = r.OriginTier;
        rule.PhoneMinutes = r.PhoneMinutes;
        rule.WrittenMinutes = r.WrittenMinutes;
        rule.FollowUpEveryMinutes = r.FollowUpEveryMinutes;
        rule.ReportTo = r.ReportTo.Trim();
        rule.UpdatedAt = clock.GetUtcNow();
        rule.Version++;
        await db.SaveChangesAsync(ct);
        reference.Invalidate();
        ApiResults.SetETag(http, rule.Version);
        return TypedResults.Ok(ReportingRuleView.Of(rule));
    }
}

internal static class ReportingRulesEndpoint
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder admin)
    {
        api.MapGet("/reporting-rules", async (ReportingRulesHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(ct)))
            .WithName("ListReportingRules").WithTags("Incidents");
        admin.MapPut("/reporting-rules/{id:guid}", (ReportingRulesHandler handler, HttpContext http, Guid id, UpdateReportingRuleRequest request, CancellationToken ct) =>
                handler.UpdateAsync(id, request, http, ct))
            .WithName("UpdateReportingRule").WithTags("Incidents")
            .Produces<ReportingRuleView>().AnswersETag(StatusCodes.Status200OK).NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Changes a reporting rule (region administrators); needs If-Match");
    }
}
