using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Risks.Grading;

/// <summary>Risk level (风险等级) by the colour of the four-colour map: 重大 red, 较大 orange, 一般 yellow, 低 blue.</summary>
public enum RiskLevel
{
    /// <summary>低风险 (blue).</summary>
    Low = 1,

    /// <summary>一般风险 (yellow).</summary>
    General = 2,

    /// <summary>较大风险 (orange).</summary>
    Considerable = 3,

    /// <summary>重大风险 (red).</summary>
    Major = 4,
}

/// <summary>
/// The configured bands of the matrix method R = L × S (风险矩阵法): likelihood and severity each on 1..<see cref="ScaleMax"/>,
/// R at or above <see cref="MajorFrom"/> is 重大, at or above <see cref="ConsiderableFrom"/> 较大, at or above
/// <see cref="GeneralFrom"/> 一般, else 低. One row (id 1); an administrator changes it, and the change applies to the
/// next assessment only: stored assessments keep the level and the version of the bands they were graded with.
/// </summary>
public sealed class RiskMatrixSettings
{
    public int Id { get; set; } = 1;

    public int ScaleMax { get; set; } = 5;

    public int GeneralFrom { get; set; } = 9;

    public int ConsiderableFrom { get; set; } = 15;

    public int MajorFrom { get; set; } = 20;

    public int Version { get; set; } = 1;

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "system";
}

/// <summary>
/// A hazardous substance of GB 18218 with its critical quantity Q (临界量, tonnes) and correction factor β (校正系数),
/// for the major-hazard grading R = α·Σβq/Q. Configurable reference data.
/// </summary>
public sealed class HazardousSubstance
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public string? CasNumber { get; set; }

    public double CriticalTonnes { get; set; }

    public double Beta { get; set; } = 1;

    public int SortOrder { get; set; }
}

/// <summary>The kinds of hazard site (城市燃气管道, 危险化学品生产储存, 矿山 …): configurable; chemical kinds take the major-hazard grading.</summary>
public sealed class HazardKind
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string NameEn { get; set; } = "";

    public bool IsChemical { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>The matrix and major-hazard formulas; pure, so the grading tests check hand-computed cases.</summary>
public static class RiskGrading
{
    /// <summary>R = L × S and its band.</summary>
    public static (int R, RiskLevel Level) Matrix(int likelihood, int severity, RiskMatrixSettings bands)
    {
        var r = likelihood * severity;
        var level = r >= bands.MajorFrom ? RiskLevel.Major
            : r >= bands.ConsiderableFrom ? RiskLevel.Considerable
            : r >= bands.GeneralFrom ? RiskLevel.General
            : RiskLevel.Low;
        return (r, level);
    }

    /// <summary>α, the correction for people exposed within 500 m (GB 18218-2018 table 5): ≥100 → 2.0, 50–99 → 1.5, 30–49 → 1.2, 1–29 → 1.0, 0 → 0.5.</summary>
    public static double Alpha(int peopleWithin500m) => peopleWithin500m switch
    {
        >= 100 => 2.0,
        >= 50 => 1.5,
        >= 30 => 1.2,
        >= 1 => 1.0,
        _ => 0.5,
    };

    /// <summary>R = α · Σ βᵢ·qᵢ/Qᵢ, rounded to two decimals, and its grade: 一级 R ≥ 100, 二级 50 ≤ R &lt; 100, 三级 10 ≤ R &lt; 50, 四级 R &lt; 10.</summary>
    public static (double R, int Grade) MajorHazard(int peopleWithin500m, IEnumerable<(double Tonnes, double CriticalTonnes, double Beta)> substances)
    {
        var sum = substances.Sum(s => s.Beta * s.Tonnes / s.CriticalTonnes);
        var r = Math.Round(Alpha(peopleWithin500m) * sum, 2, MidpointRounding.AwayFromZero);
        var grade = r >= 100 ? 1 : r >= 50 ? 2 : r >= 10 ? 3 : 4;
        return (r, grade);
    }

    /// <summary>A major-hazard grade as a level for the map: 一级 red … 四级 blue.</summary>
    public static RiskLevel LevelOfGrade(int grade) => grade switch
    {
        1 => RiskLevel.Major,
        2 => RiskLevel.Considerable,
        3 => RiskLevel.General,
        _ => RiskLevel.Low,
    };

    /// <summary>The Chinese name of a level (重大/较大/一般/低).</summary>
    public static string LevelName(RiskLevel level) => level switch
    {
        RiskLevel.Major => "重大",
        RiskLevel.Considerable => "较大",
        RiskLevel.General => "一般",
        _ => "低",
    };

    /// <summary>一级–四级.</summary>
    public static string GradeName(int grade) => grade switch
    {
        1 => "一级",
        2 => "二级",
        3 => "三级",
        _ => "四级",
    };

    public static string Colour(RiskLevel level) => level switch
    {
        RiskLevel.Major => "#d4001a",
        RiskLevel.Considerable => "#f57a00",
        RiskLevel.General => "#f2c200",
        _ => "#1565d8",
    };

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

internal sealed class RiskMatrixSettingsConfiguration : IEntityTypeConfiguration<RiskMatrixSettings>
{
    public void Configure(EntityTypeBuilder<RiskMatrixSettings> b)
    {
        b.ToTable("matrix_settings");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.UpdatedBy).HasMaxLength(100);
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class HazardousSubstanceConfiguration : IEntityTypeConfiguration<HazardousSubstance>
{
    public void Configure(EntityTypeBuilder<HazardousSubstance> b)
    {
        b.ToTable("substances");
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.CasNumber).HasMaxLength(30);
        b.HasIndex(s => s.Name).IsUnique();
    }
}

internal sealed class HazardKindConfiguration : IEntityTypeConfiguration<HazardKind>
{
    public void Configure(EntityTypeBuilder<HazardKind> b)
    {
        b.ToTable("kinds");
        b.HasKey(k => k.Code);
        b.Property(k => k.Code).HasMaxLength(40);
        b.Property(k => k.Name).HasMaxLength(50);
        b.Property(k => k.NameEn).HasMaxLength(80);
    }
}
