using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Modules;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Risks.Grading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Risks.Hazards;

public sealed record RegisterHazardRequest(
    [property: Required, StringLength(100, MinimumLength = 2)] string Name,
    [property: Required, StringLength(40)] string KindCode,
    [property: Required, StringLength(100, MinimumLength = 2)] string Owner,
    [property: Required, StringLength(100, MinimumLength = 2)] string ResponsibleDepartment,
    [property: Required, StringLength(12, MinimumLength = 6)] string JurisdictionCode,
    [property: EnumDataType(typeof(LocationKind))] LocationKind? LocationKind,
    [property: Required, StringLength(4000, MinimumLength = 3)] string Coordinates,
    [property: StringLength(2000)] string? Description);

public sealed record SubstanceAmount(Guid SubstanceId, [property: Range(0.0001, 1_000_000)] double Tonnes);

public sealed record AssessHazardRequest(
    [property: Required, EnumDataType(typeof(AssessmentMethod))] AssessmentMethod? Method,
    [property: Range(1, 10)] int? Likelihood,
    [property: Range(1, 10)] int? Severity,
    [property: Range(0, 1_000_000)] int? PeopleWithin500m,
    [property: MaxLength(30)] IReadOnlyList<SubstanceAmount>? Substances,
    [property: Required, StringLength(2000, MinimumLength = 2)] string ControlMeasures,
    [property: Required, StringLength(50, MinimumLength = 2)] string ResponsiblePerson);

public sealed record AssessmentView(
    Guid Id, AssessmentMethod Method, int? Likelihood, int? Severity, int? PeopleWithin500m, double? Alpha, string? Substances,
    double RiskValue, RiskLevel Level, int? MajorGrade, int BandsVersion, string ControlMeasures, string ResponsiblePerson,
    string AssessedBy, string? AssessedByName, DateTimeOffset AssessedAt);

public sealed record HazardView(
    Guid Id, string Name, string KindCode, string KindName, string Owner, string ResponsibleDepartment, Guid JurisdictionId,
    string JurisdictionCode, string JurisdictionName, LocationKind LocationKind, string Coordinates, double Longitude, double Latitude,
    string? Description, HazardStatus Status, RiskLevel? Level, int? MajorGrade, double? RiskValue, DateTimeOffset? AssessedAt,
    string? ControlMeasures, string? ResponsiblePerson, string CreatedBy, DateTimeOffset CreatedAt, int Version);

public sealed record HazardDetail(HazardView Hazard, bool IsChemical, IReadOnlyList<AssessmentView> Assessments)
{
    /// <summary>The hazard's id, at the top of the answer like every created record's.</summary>
    public Guid Id => Hazard.Id;
}

public sealed record CountRow(string Key, string Name, int Count);

public sealed record RoundTrendRow(Guid RoundId, string Title, DateTimeOffset DueAt, int Targets, int OnTime, int Late, int Missing, int Findings);

public sealed record RiskStatistics(IReadOnlyList<CountRow> ByKind, IReadOnlyList<CountRow> ByLevel, IReadOnlyList<CountRow> ByJurisdiction, IReadOnlyList<RoundTrendRow> Rounds);

public sealed record JurisdictionChoice(Guid Id, string Code, string Name);

/// <summary>Hazard registry (风险隐患登记), assessment (评估) and the counts by kind, level and jurisdiction.</summary>
public sealed class HazardsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, JurisdictionTree tree, People people)
{
    public async Task<IResult> RegisterAsync(RegisterHazardRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.ManageHazards, null, ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId)
        {
            return ApiResults.Forbidden(RisksErrors.NoUnit, "Only a unit registers hazards.");
        }

        await using var db = dbs.CreateDbContext();
        var (errors, hazard) = await PrepareAsync(r, unitId, await KindCodesAsync(db, ct), ct);
        if (hazard is null)
        {
            return ApiResults.Invalid(errors);
        }

        db.Add(hazard);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/risks/hazards/{hazard.Id}", await DetailAsync(db, hazard.Id, ct));
    }

    /// <summary>The configured hazard kinds' codes, for checking many registrations at once.</summary>
    internal static async Task<HashSet<string>> KindCodesAsync(BeaconDb db, CancellationToken ct) =>
        [.. await db.Set<HazardKind>().AsNoTracking().Select(k => k.Code).ToListAsync(ct)];

    /// <summary>
    /// Checks a registration against the caller's scope, the configured kinds and the region's extent, and builds the
    /// hazard for <paramref name="unitId"/>: the errors (camelCase fields) and no hazard, or no errors and the hazard.
    /// </summary>
    internal async Task<(List<FieldError> Errors, Hazard? Hazard)> PrepareAsync(RegisterHazardRequest r, Guid unitId, IReadOnlySet<string> kindCodes, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        var jurisdiction = divisions.Nodes.FirstOrDefault(n => n.Code == r.JurisdictionCode.Trim() && !n.IsRetired);
        var errors = new List<FieldError>();
        if (jurisdiction is null || !scope.Contains(jurisdiction.Id))
        {
            errors.Add(new("jurisdictionCode", RisksErrors.JurisdictionNotInScope, "must be a jurisdiction in your scope"));
        }

        if (!kindCodes.Contains(r.KindCode))
        {
            errors.Add(new("kindCode", RisksErrors.KindUnknown, "is not a configured hazard kind"));
        }

        var kind = r.LocationKind ?? LocationKind.Point;
        var points = ParseCoordinates(r.Coordinates, kind);
        if (points is null)
        {
            errors.Add(new("coordinates", RisksErrors.LocationInvalid, "must be lng,lat pairs separated by ';' inside the region: one for a point, two or more for a line, three or more for an area"));
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        return (errors, new Hazard
        {
            Name = r.Name.Trim(),
            KindCode = r.KindCode,
            Owner = r.Owner.Trim(),
            ResponsibleDepartment = r.ResponsibleDepartment.Trim(),
            JurisdictionId = jurisdiction!.Id,
            UnitId = unitId,
            LocationKind = kind,
            Coordinates = string.Join(";", points!.Select(p => $"{Fmt(p.Lng)},{Fmt(p.Lat)}")),
            Longitude = points![0].Lng,
            Latitude = points[0].Lat,
            Description = r.Description?.Trim(),
            CreatedBy = scopes.Actor.UserName,
            CreatedAt = clock.GetUtcNow(),
        });
    }

    public async Task<IResult> AssessAsync(Guid id, AssessHazardRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.ManageHazards, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var hazard = await db.Set<Hazard>().AsTracking().InScope(scope, h => h.JurisdictionId).SingleOrDefaultAsync(h => h.Id == id, ct);
        if (hazard is null)
        {
            return ApiResults.NotFound(RisksErrors.HazardNotFound, "Hazard");
        }

        var bands = await db.Set<RiskMatrixSettings>().AsNoTracking().SingleAsync(ct);
        var assessment = new HazardAssessment
        {
            HazardId = hazard.Id,
            Method = r.Method!.Value,
            BandsVersion = bands.Version,
            ControlMeasures = r.ControlMeasures.Trim(),
            ResponsiblePerson = r.ResponsiblePerson.Trim(),
            AssessedBy = scopes.Actor.UserName,
            AssessedAt = clock.GetUtcNow(),
        };
        if (r.Method == AssessmentMethod.Matrix)
        {
            var errors = new List<FieldError>();
            if (r.Likelihood is not { } l || l > bands.ScaleMax)
            {
                errors.Add(new("likelihood", RisksErrors.ScaleOutOfRange, $"must be 1–{bands.ScaleMax}"));
            }

            if (r.Severity is not { } s || s > bands.ScaleMax)
            {
                errors.Add(new("severity", RisksErrors.ScaleOutOfRange, $"must be 1–{bands.ScaleMax}"));
            }

            if (errors.Count > 0)
            {
                return ApiResults.Invalid(errors);
            }

            var (value, level) = RiskGrading.Matrix(r.Likelihood!.Value, r.Severity!.Value, bands);
            assessment.Likelihood = r.Likelihood;
            assessment.Severity = r.Severity;
            assessment.RiskValue = value;
            assessment.Level = level;
        }
        else
        {
            if (!await db.Set<HazardKind>().AnyAsync(k => k.Code == hazard.KindCode && k.IsChemical, ct))
            {
                return ApiResults.Invalid("method", RisksErrors.NotChemical, "the major-hazard grading is for hazardous-chemical installations");
            }

            var ids = (r.Substances ?? []).Select(s => s.SubstanceId).Distinct().ToList();
            var known = await db.Set<HazardousSubstance>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
            if (ids.Count == 0 || known.Count != ids.Count || ids.Count != r.Substances!.Count)
            {
                return ApiResults.Invalid("substances", RisksErrors.SubstanceUnknown, "name each configured substance once with its quantity");
            }

            var people = r.PeopleWithin500m ?? 0;
            var lines = r.Substances!.Select(s => (s.Tonnes, known[s.SubstanceId].CriticalTonnes, known[s.SubstanceId].Beta)).ToList();
            var (value, grade) = RiskGrading.MajorHazard(people, lines);
            assessment.PeopleWithin500m = people;
            assessment.Alpha = RiskGrading.Alpha(people);
            assessment.Substances = string.Join("；", r.Substances!.Select(s =>
                $"{known[s.SubstanceId].Name} {RiskGrading.Number(s.Tonnes)}t/Q={RiskGrading.Number(known[s.SubstanceId].CriticalTonnes)}t×β={RiskGrading.Number(known[s.SubstanceId].Beta)}"));
            assessment.RiskValue = value;
            assessment.MajorGrade = grade;
            assessment.Level = RiskGrading.LevelOfGrade(grade);
        }

        hazard.Level = assessment.Level;
        hazard.MajorGrade = assessment.MajorGrade;
        hazard.RiskValue = assessment.RiskValue;
        hazard.AssessedAt = assessment.AssessedAt;
        hazard.ControlMeasures = assessment.ControlMeasures;
        hazard.ResponsiblePerson = assessment.ResponsiblePerson;
        hazard.Version++;
        db.Add(assessment);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(db, hazard.Id, ct));
    }

    public async Task<Paged<HazardView>> ListAsync(string? kind, RiskLevel? level, string? q, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var paged = await Filtered(db, scope, kind, level, q).ToPagedAsync(page, ct);
        var views = await ViewsAsync(db, paged.Items, ct);
        return new Paged<HazardView>(views, paged.Total, paged.Page, paged.PageSize);
    }

    /// <summary>Every hazard of the filtered list (for the Excel export), in the list's order, up to an import's worth.</summary>
    public async Task<List<HazardView>> AllAsync(string? kind, RiskLevel? level, string? q, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        return await ViewsAsync(db, await Filtered(db, scope, kind, level, q).Take(Workbooks.MaxRows).ToListAsync(ct), ct);
    }

    private static IQueryable<Hazard> Filtered(BeaconDb db, DataScope scope, string? kind, RiskLevel? level, string? q)
    {
        var query = db.Set<Hazard>().AsNoTracking().InScope(scope, h => h.JurisdictionId);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(h => h.KindCode == kind);
        }

        if (level is { } lv)
        {
            query = query.Where(h => h.Level == lv);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(h => h.Name.Contains(term) || h.Owner.Contains(term));
        }

        return query.OrderByDescending(h => h.Level).ThenBy(h => h.Name).ThenBy(h => h.Id);
    }

    public async Task<HazardDetail?> GetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        if (!await db.Set<Hazard>().InScope(scope, h => h.JurisdictionId).AnyAsync(h => h.Id == id, ct))
        {
            return null;
        }

        return await DetailAsync(db, id, ct);
    }

    /// <summary>Hazards in the caller's scope by kind, level and jurisdiction (the caller's children), and each round's returns.</summary>
    public async Task<RiskStatistics> StatisticsAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<Hazard>().AsNoTracking().InScope(scope, h => h.JurisdictionId).Where(h => h.Status != HazardStatus.Closed)
            .Select(h => new { h.KindCode, h.Level, h.JurisdictionId }).ToListAsync(ct);
        var kinds = await db.Set<HazardKind>().AsNoTracking().OrderBy(k => k.SortOrder).ToListAsync(ct);
        var byKind = kinds.Select(k => new CountRow(k.Code, k.Name, rows.Count(r => r.KindCode == k.Code))).Where(r => r.Count > 0).ToList();
        var byLevel = new[] { RiskLevel.Major, RiskLevel.Considerable, RiskLevel.General, RiskLevel.Low }
            .Select(l => new CountRow(l.ToString(), RiskGrading.LevelName(l), rows.Count(r => r.Level == l)))
            .Append(new CountRow("Unassessed", "未评估", rows.Count(r => r.Level == null))).ToList();

        // By the child of the caller's jurisdiction each hazard lies under.
        var root = scopes.Actor.JurisdictionId;
        var byJurisdiction = rows.GroupBy(r => ChildOf(divisions, root, r.JurisdictionId))
            .Select(g => new CountRow(g.Key?.Code ?? "", g.Key?.Name ?? "", g.Count())).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

        var rounds = await Rounds.RoundsHandler.TrendAsync(db, scope, ct);
        return new RiskStatistics(byKind, byLevel, byJurisdiction, rounds);
    }

    private static JurisdictionTree.Node? ChildOf(JurisdictionTree.Snapshot divisions, Guid? root, Guid id)
    {
        var node = divisions.Find(id);
        while (node is not null && node.ParentId != root && node.Id != root)
        {
            node = node.ParentId is { } p ? divisions.Find(p) : null;
        }

        return node ?? divisions.Find(id);
    }

    public async Task<List<HazardKind>> KindsAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return await db.Set<HazardKind>().AsNoTracking().OrderBy(k => k.SortOrder).ToListAsync(ct);
    }

    public async Task<List<HazardousSubstance>> SubstancesAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return await db.Set<HazardousSubstance>().AsNoTracking().OrderBy(k => k.SortOrder).ThenBy(k => k.Name).ToListAsync(ct);
    }

    /// <summary>The caller's jurisdiction and those below it, for the pickers.</summary>
    public async Task<List<JurisdictionChoice>> JurisdictionsAsync(CancellationToken ct)
    {
        var divisions = await tree.GetAsync(ct);
        if (scopes.Actor.JurisdictionId is not { } root)
        {
            return [];
        }

        return [.. divisions.DescendantsAndSelf(root).Where(n => !n.IsRetired).OrderBy(n => n.Code, StringComparer.Ordinal).Select(n => new JurisdictionChoice(n.Id, n.Code, n.Name))];
    }

    internal async Task<HazardDetail> DetailAsync(BeaconDb db, Guid id, CancellationToken ct)
    {
        var hazard = await db.Set<Hazard>().AsNoTracking().Include(h => h.Assessments).SingleAsync(h => h.Id == id, ct);
        var view = (await ViewsAsync(db, [hazard], ct)).Single();
        var isChemical = await db.Set<HazardKind>().AnyAsync(k => k.Code == hazard.KindCode && k.IsChemical, ct);
        var names = await people.ResolveAsync(hazard.Assessments.Select(a => a.AssessedBy), ct);
        return new HazardDetail(view, isChemical, [.. hazard.Assessments.OrderByDescending(a => a.AssessedAt).ThenByDescending(a => a.Id).Select(a => new AssessmentView(
            a.Id, a.Method, a.Likelihood, a.Severity, a.PeopleWithin500m, a.Alpha, a.Substances, a.RiskValue, a.Level, a.MajorGrade, a.BandsVersion,
            a.ControlMeasures, a.ResponsiblePerson, a.AssessedBy, names[a.AssessedBy], a.AssessedAt))]);
    }

    private async Task<List<HazardView>> ViewsAsync(BeaconDb db, IReadOnlyList<Hazard> items, CancellationToken ct)
    {
        var divisions = await tree.GetAsync(ct);
        var kinds = await db.Set<HazardKind>().AsNoTracking().ToDictionaryAsync(k => k.Code, k => k.Name, ct);
        return [.. items.Select(h => new HazardView(h.Id, h.Name, h.KindCode, kinds.GetValueOrDefault(h.KindCode, h.KindCode), h.Owner, h.ResponsibleDepartment,
            h.JurisdictionId, divisions.Find(h.JurisdictionId)?.Code ?? "", divisions.Find(h.JurisdictionId)?.Name ?? "", h.LocationKind, h.Coordinates,
            h.Longitude, h.Latitude, h.Description, h.Status, h.Level, h.MajorGrade, h.RiskValue, h.AssessedAt, h.ControlMeasures, h.ResponsiblePerson,
            h.CreatedBy, h.CreatedAt, h.Version))];
    }

    private static string Fmt(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>lng,lat;lng,lat…</c>: every vertex inside the region, enough of them for the kind.</summary>
    internal static List<(double Lng, double Lat)>? ParseCoordinates(string text, LocationKind kind)
    {
        var points = new List<(double, double)>();
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lng)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                || !BoundingBox.Region.Contains(lng, lat))
            {
                return null;
            }

            points.Add((lng, lat));
        }

        var enough = kind switch
        {
            LocationKind.Point => points.Count == 1,
            LocationKind.Line => points.Count >= 2,
            _ => points.Count >= 3,
        };
        return enough && points.Count <= 200 ? points : null;
    }
}

public sealed record GradingView(RiskMatrixSettings Matrix, IReadOnlyList<HazardousSubstance> Substances, IReadOnlyList<HazardKind> Kinds);

public sealed record UpdateGradingRequest(
    [property: Range(2, 10)] int ScaleMax,
    [property: Range(1, 100)] int GeneralFrom,
    [property: Range(1, 100)] int ConsiderableFrom,
    [property: Range(1, 100)] int MajorFrom);

/// <summary>The grading standard: the matrix bands (administrators change them; the next assessment uses them), the substances and the kinds.</summary>
public sealed class GradingHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock)
{
    public async Task<GradingView> GetAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return new GradingView(
            await db.Set<RiskMatrixSettings>().AsNoTracking().SingleAsync(ct),
            await db.Set<HazardousSubstance>().AsNoTracking().OrderBy(s => s.SortOrder).ThenBy(s => s.Name).ToListAsync(ct),
            await db.Set<HazardKind>().AsNoTracking().OrderBy(k => k.SortOrder).ToListAsync(ct));
    }

    public async Task<IResult> UpdateAsync(UpdateGradingRequest r, string? ifMatch, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.ManageGrading, null, ct);
        if (!(await scopes.GetAsync(ct)).IsEverything)
        {
            return ApiResults.Forbidden(RisksErrors.GradingRegionOnly, "The grading standard is the region's: only the region's administrators change it.");
        }

        await using var db = dbs.CreateDbContext();
        var settings = await db.Set<RiskMatrixSettings>().AsTracking().SingleAsync(ct);
        if (ApiResults.CheckIfMatch(ifMatch, settings.Version) is { } precondition)
        {
            return precondition;
        }

        if (!(r.GeneralFrom < r.ConsiderableFrom && r.ConsiderableFrom < r.MajorFrom && r.MajorFrom <= r.ScaleMax * r.ScaleMax))
        {
            return ApiResults.Invalid("majorFrom", RisksErrors.BandsInvalid, "bands must increase: generalFrom < considerableFrom < majorFrom ≤ scaleMax²");
        }

        settings.ScaleMax = r.ScaleMax;
        settings.GeneralFrom = r.GeneralFrom;
        settings.ConsiderableFrom = r.ConsiderableFrom;
        settings.MajorFrom = r.MajorFrom;
        settings.Version++;
        settings.UpdatedAt = clock.GetUtcNow();
        settings.UpdatedBy = scopes.Actor.UserName;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(settings);
    }
}

internal static class HazardsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/risks/hazards", (HazardsHandler h, RegisterHazardRequest r, CancellationToken ct) => h.RegisterAsync(r, ct))
            .RequirePermission(RisksPermissions.ManageHazards)
            .WithName("RegisterHazard").WithTags("Risks").Produces<HazardDetail>(StatusCodes.Status201Created)
            .WithSummary("Registers a hazard site or installation (风险隐患登记) in a jurisdiction of the caller's scope; honours Idempotency-Key");
        api.MapGet("/risks/hazards", (HazardsHandler h, HttpContext http, string? kind, RiskLevel? level, string? q, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(kind, level, q, p, ct)))
            .WithName("ListHazards").WithTags("Risks")
            .WithSummary("Hazards in the caller's scope, highest level first, then name and id; filter by kind, level, or q in name and owner; paged");
        api.MapGet("/risks/hazards/{id:guid}", async (HazardsHandler h, Guid id, CancellationToken ct) =>
                await h.GetAsync(id, ct) is { } detail ? TypedResults.Ok(detail) : ApiResults.NotFound(RisksErrors.HazardNotFound, "Hazard"))
            .WithName("GetHazard").WithTags("Risks").Produces<HazardDetail>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One hazard with its assessment history, newest first");
        api.MapPost("/risks/hazards/{id:guid}/assessments", (HazardsHandler h, Guid id, AssessHazardRequest r, CancellationToken ct) => h.AssessAsync(id, r, ct))
            .RequirePermission(RisksPermissions.ManageHazards)
            .WithName("AssessHazard").WithTags("Risks").Produces<HazardDetail>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Assesses a hazard: the matrix R = L × S with the current bands, or the major-hazard grading R = α·Σβq/Q for chemical installations");
        api.MapGet("/risks/statistics", (HazardsHandler h, CancellationToken ct) => h.StatisticsAsync(ct))
            .WithName("RiskStatistics").WithTags("Risks").Produces<RiskStatistics>()
            .WithSummary("Hazards by kind, level and jurisdiction, and each round's returns (on time, late, missing) in the caller's scope; complete, not paged (a few dozen rows)");
        api.MapGet("/risks/grading", (GradingHandler h, CancellationToken ct) => h.GetAsync(ct))
            .WithName("GetRiskGrading").WithTags("Risks").Produces<GradingView>()
            .WithSummary("The grading standard: matrix bands, hazardous substances (Q, β) and hazard kinds; complete reference data");
        api.MapPut("/risks/grading", async (HttpContext http, GradingHandler h, UpdateGradingRequest r, CancellationToken ct) =>
            {
                var result = await h.UpdateAsync(r, http.Request.Headers.IfMatch.ToString(), ct);
                if (result is Ok<RiskMatrixSettings> { Value: { } s })
                {
                    ApiResults.SetETag(http, s.Version);
                }

                return result;
            })
            .RequirePermission(RisksPermissions.ManageGrading)
            .WithName("UpdateRiskGrading").WithTags("Risks").Produces<RiskMatrixSettings>().AnswersETag(StatusCodes.Status200OK).NeedsIfMatch()
            .WithSummary("Changes the matrix bands; applies to the next assessment, never to stored ones; needs If-Match with the bands' version");
    }
}
