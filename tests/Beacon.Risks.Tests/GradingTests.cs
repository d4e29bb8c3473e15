using System.Net;
using System.Net.Http.Headers;
using Beacon.Risks.Grading;
using Beacon.Risks.Hazards;
using Beacon.Testing;
using Xunit;

namespace Beacon.Risks.Tests;

/// <summary>Issue 18, acceptance 1: the matrix R = L × S and the major-hazard R = α·Σβq/Q against hand-computed cases, band edges included.</summary>
public sealed class GradingFormulaTests
{
    private static readonly RiskMatrixSettings Default = new();

    [Theory]
    [InlineData(1, 1, 1, RiskLevel.Low)]
    [InlineData(2, 4, 8, RiskLevel.Low)] // one below the 一般 edge (9)
    [InlineData(3, 3, 9, RiskLevel.General)] // the 一般 edge
    [InlineData(3, 4, 12, RiskLevel.General)]
    [InlineData(3, 5, 15, RiskLevel.Considerable)] // the 较大 edge
    [InlineData(4, 4, 16, RiskLevel.Considerable)]
    [InlineData(4, 5, 20, RiskLevel.Major)] // the 重大 edge
    [InlineData(5, 5, 25, RiskLevel.Major)]
    public void The_matrix_multiplies_likelihood_by_severity_and_bands_at_the_configured_edges(int l, int s, int r, RiskLevel level)
    {
        Assert.Equal((r, level), RiskGrading.Matrix(l, s, Default));
    }

    [Fact]
    public void Other_bands_move_the_edges()
    {
        var strict = new RiskMatrixSettings { GeneralFrom = 10, ConsiderableFrom = 12, MajorFrom = 16 };
        Assert.Equal(RiskLevel.Low, RiskGrading.Matrix(3, 3, strict).Level);
        Assert.Equal(RiskLevel.General, RiskGrading.Matrix(2, 5, strict).Level);
        Assert.Equal(RiskLevel.Considerable, RiskGrading.Matrix(3, 4, strict).Level);
        Assert.Equal(RiskLevel.Major, RiskGrading.Matrix(4, 4, strict).Level);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 1.0)]
    [InlineData(29, 1.0)]
    [InlineData(30, 1.2)]
    [InlineData(49, 1.2)]
    [InlineData(50, 1.5)]
    [InlineData(99, 1.5)]
    [InlineData(100, 2.0)]
    [InlineData(5000, 2.0)]
    public void Alpha_follows_the_people_within_500_metres(int people, double alpha)
    {
        Assert.Equal(alpha, RiskGrading.Alpha(people));
    }

    [Theory]
    // 液氨 Q = 10 t, β = 2, more than 100 people (α = 2): R = 2 · 2 · q / 10.
    [InlineData(250, 100.0, 1)] // exactly 100: 一级
    [InlineData(249.9, 99.96, 2)]
    [InlineData(125, 50.0, 2)] // exactly 50: 二级
    [InlineData(124.9, 49.96, 3)]
    [InlineData(25, 10.0, 3)] // exactly 10: 三级
    [InlineData(24.975, 9.99, 4)]
    public void The_major_hazard_grade_changes_at_100_50_and_10(double tonnes, double r, int grade)
    {
        Assert.Equal((r, grade), RiskGrading.MajorHazard(150, [(tonnes, 10, 2)]));
    }

    [Fact]
    public void Several_substances_add_up_before_alpha()
    {
        // 液氯 10 t (β 4, Q 5) → 8; 汽油 100 t (β 1, Q 200) → 0.5; 40 people → α 1.2; R = 1.2 × 8.5 = 10.2 → 三级.
        Assert.Equal((10.2, 3), RiskGrading.MajorHazard(40, [(10, 5, 4), (100, 200, 1)]));
        // Nobody around (α 0.5) halves it: 4.25 → 四级.
        Assert.Equal((4.25, 4), RiskGrading.MajorHazard(0, [(10, 5, 4), (100, 200, 1)]));
    }
}

/// <summary>Issue 18, acceptance 1 through the API: a change of bands grades the next assessment, never the stored ones.</summary>
public abstract class RegradingTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Changing_the_bands_regrades_the_next_assessment_and_leaves_stored_ones_alone()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var hazard = await (await county.PostJsonAsync("/api/v1/risks/hazards", new
        {
            name = "昆都仑区某加油站",
            kindCode = "other",
            owner = "某石油销售公司",
            responsibleDepartment = "商务局",
            jurisdictionCode = "150203",
            coordinates = "109.83,40.65",
        })).ReadAsync<HazardDetail>();
        var first = await (await county.PostJsonAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}/assessments", new
        {
            method = "Matrix",
            likelihood = 3,
            severity = 3,
            controlMeasures = "每日巡查",
            responsiblePerson = "刘站长",
        })).ReadAsync<HazardDetail>();
        Assert.Equal(RiskLevel.General, first.Hazard.Level);

        var admin = await Beacon.SignInAsync("admin.150000");
        var grading = await (await admin.GetAsync("/api/v1/risks/grading", Ct)).ReadAsync<GradingView>();
        using var change = new HttpRequestMessage(HttpMethod.Put, "/api/v1/risks/grading")
        {
            Content = JsonContent(new { scaleMax = 5, generalFrom = 10, considerableFrom = 15, majorFrom = 20 }),
        };
        change.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{grading.Matrix.Version}\""));
        var changed = await admin.SendAsync(change, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        try
        {
            // Not retroactive: the stored assessment and the hazard keep 一般.
            var stored = await (await county.GetAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}", Ct)).ReadAsync<HazardDetail>();
            Assert.Equal(RiskLevel.General, stored.Hazard.Level);
            Assert.Equal(RiskLevel.General, Assert.Single(stored.Assessments).Level);
            Assert.Equal(grading.Matrix.Version, stored.Assessments[0].BandsVersion);

            // The next assessment with the same L and S grades 低 by the new bands.
            var next = await (await county.PostJsonAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}/assessments", new
            {
                method = "Matrix",
                likelihood = 3,
                severity = 3,
                controlMeasures = "每日巡查",
                responsiblePerson = "刘站长",
            })).ReadAsync<HazardDetail>();
            Assert.Equal(RiskLevel.Low, next.Hazard.Level);
            Assert.Equal(new[] { RiskLevel.Low, RiskLevel.General }, next.Assessments.Select(a => a.Level));
            Assert.Equal(grading.Matrix.Version + 1, next.Assessments[0].BandsVersion);
        }
        finally
        {
            using var restore = new HttpRequestMessage(HttpMethod.Put, "/api/v1/risks/grading")
            {
                Content = JsonContent(new { scaleMax = 5, generalFrom = 9, considerableFrom = 15, majorFrom = 20 }),
            };
            restore.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{grading.Matrix.Version + 1}\""));
            Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(restore, Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task A_chemical_installation_is_graded_by_the_major_hazard_formula_with_the_configured_substances()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var grading = await (await county.GetAsync("/api/v1/risks/grading", Ct)).ReadAsync<GradingView>();
        var chlorine = grading.Substances.Single(s => s.Name == "液氯");
        var hazard = await (await county.PostJsonAsync("/api/v1/risks/hazards", new
        {
            name = "昆都仑区某水厂液氯库",
            kindCode = "hazchem",
            owner = "包头市某水务公司",
            responsibleDepartment = "应急管理局",
            jurisdictionCode = "150203",
            coordinates = "109.80,40.66",
        })).ReadAsync<HazardDetail>();
        var assessed = await (await county.PostJsonAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}/assessments", new
        {
            method = "MajorHazard",
            peopleWithin500m = 120,
            substances = new[] { new { substanceId = chlorine.Id, tonnes = 50 } },
            controlMeasures = "紧急切断、氯气吸收装置",
            responsiblePerson = "孙厂长",
        })).ReadAsync<HazardDetail>();

        // α 2 × β 4 × 50 / 5 = 80 → 二级 (shown orange, 较大).
        Assert.Equal(80, assessed.Hazard.RiskValue);
        Assert.Equal(2, assessed.Hazard.MajorGrade);
        Assert.Equal(RiskLevel.Considerable, assessed.Hazard.Level);
        Assert.Equal(2.0, assessed.Assessments[0].Alpha);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, BeaconFactory.Json), System.Text.Encoding.UTF8, "application/json");
}

public sealed class RegradingTestsOnSqlite(RisksSqliteBeacon beacon) : RegradingTests(beacon), IClassFixture<RisksSqliteBeacon>;

public sealed class RegradingTestsOnPostgres(RisksPostgresBeacon beacon) : RegradingTests(beacon), IClassFixture<RisksPostgresBeacon>;
