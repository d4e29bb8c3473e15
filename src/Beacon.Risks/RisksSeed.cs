using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Beacon.Platform.Units;
using Beacon.Risks.Grading;
using Beacon.Risks.Hazards;
using Beacon.Risks.Rectifications;
using Beacon.Risks.Rounds;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Risks;

/// <summary>
/// Seeds the hazard kinds, the GB 18218 substances and the default matrix bands; with demo data (Development or
/// <c>Beacon:Demo</c>) a handful of Baotou and Kundulun hazards, assessed, a round with one return, and a rectification.
/// Idempotent: each part only when missing.
/// </summary>
internal sealed class RisksSeed(BeaconDbFactory dbs, TimeProvider clock, DutyRooms dutyRooms) : IModuleSeed
{
    private static readonly (string Code, string Name, string NameEn, bool Chemical)[] Kinds =
    [
        ("gas-pipeline", "城市燃气管道", "City gas pipeline", false),
        ("hazchem", "危险化学品生产储存", "Hazardous chemicals production and storage", true),
        ("mine", "矿山", "Mine", false),
        ("tailings", "尾矿库", "Tailings pond", false),
        ("geohazard", "地质灾害隐患点", "Geological hazard site", false),
        ("fire-zone", "森林草原火险区", "Forest and grassland fire-risk zone", false),
        ("reservoir", "水库堤防", "Reservoir and embankment", false),
        ("crowded", "人员密集场所", "Crowded place", false),
        ("other", "其他", "Other", false),
    ];

    // GB 18218-2018: critical quantity Q (t) and correction factor β.
    private static readonly (string Name, string Cas, double Q, double Beta)[] Substances =
    [
        ("液氯", "7782-50-5", 5, 4),
        ("液氨", "7664-41-7", 10, 2),
        ("硫化氢", "7783-06-4", 5, 5),
        ("液化石油气", "68476-85-7", 50, 1.5),
        ("天然气（甲烷）", "74-82-8", 50, 1.5),
        ("氢", "1333-74-0", 5, 1.5),
        ("汽油", "86290-81-5", 200, 1),
        ("甲醇", "67-56-1", 500, 1),
        ("苯", "71-43-2", 50, 1),
    ];

    public async Task SeedAsync(bool demo, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        if (!await db.Set<HazardKind>().AnyAsync(ct))
        {
            db.AddRange(Kinds.Select((k, i) => new HazardKind { Code = k.Code, Name = k.Name, NameEn = k.NameEn, IsChemical = k.Chemical, SortOrder = i }));
        }

        if (!await db.Set<HazardousSubstance>().AnyAsync(ct))
        {
            db.AddRange(Substances.Select((s, i) => new HazardousSubstance { Name = s.Name, CasNumber = s.Cas, CriticalTonnes = s.Q, Beta = s.Beta, SortOrder = i }));
        }

        if (!await db.Set<RiskMatrixSettings>().AnyAsync(ct))
        {
            db.Add(new RiskMatrixSettings { UpdatedAt = clock.GetUtcNow() });
        }

        await db.SaveChangesAsync(ct);
        if (demo && !await db.Set<Hazard>().AnyAsync(ct))
        {
            await SeedDemoAsync(db, ct);
        }
    }

    private async Task SeedDemoAsync(BeaconDb db, CancellationToken ct)
    {
        var codes = new[] { "150200", "150203", "150204", "150202" };
        var places = await db.Jurisdictions.AsNoTracking().Where(j => codes.Contains(j.Code)).ToDictionaryAsync(j => j.Code, j => j.Id, ct);
        if (places.Count != codes.Length)
        {
            return;
        }

        var rooms = await dutyRooms.OfAsync(places.Values, ct);
        if (rooms.Count != codes.Length)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var bands = await db.Set<RiskMatrixSettings>().AsNoTracking().SingleAsync(ct);
        Hazard Add(string code, string name, string kind, string owner, string dept, double lng, double lat, int l, int s, string measures, string person)
        {
            var (r, level) = RiskGrading.Matrix(l, s, bands);
            var h = new Hazard
            {
                Name = name,
                KindCode = kind,
                Owner = owner,
                ResponsibleDepartment = dept,
                JurisdictionId = places[code],
                UnitId = rooms[places[code]],
                LocationKind = LocationKind.Point,
                Coordinates = $"{lng},{lat}",
                Longitude = lng,
                Latitude = lat,
                CreatedBy = "system",
                CreatedAt = now.AddDays(-40),
                Level = level,
                RiskValue = r,
                AssessedAt = now.AddDays(-30),
                ControlMeasures = measures,
                ResponsiblePerson = person,
            };
            h.Assessments.Add(new HazardAssessment
            {
                HazardId = h.Id,
                Method = AssessmentMethod.Matrix,
                Likelihood = l,
                Severity = s,
                RiskValue = r,
                Level = level,
                BandsVersion = bands.Version,
                ControlMeasures = measures,
                ResponsiblePerson = person,
                AssessedBy = "system",
                AssessedAt = now.AddDays(-30),
            });
            db.Add(h);
            return h;
        }

        var pipe = Add("150203", "钢铁大街中压燃气管道（阿尔丁大街—民族东路段）", "gas-pipeline", "包头市华融燃气有限责任公司", "住房和城乡建设局",
            109.8352, 40.6574, 3, 5, "每日巡线两次，加装泄漏监测报警装置，占压清理", "王建国");
        Add("150203", "昆都仑区某商业综合体", "crowded", "包头万达广场商业管理有限公司", "应急管理局", 109.8227, 40.6620, 2, 4, "消防通道专人值守，节假日限流", "李明");
        Add("150203", "昆都仑水库大坝", "reservoir", "昆都仑水库管理所", "水利局", 109.7905, 40.7302, 2, 5, "汛期24小时值守，坝体位移监测", "赵海");
        Add("150200", "包头市某化工园区液氯储罐区", "hazchem", "内蒙古某化工有限公司", "应急管理局", 109.9011, 40.6012, 4, 5, "双人双锁，紧急切断系统，周边500米人员疏散预案", "张强");
        Add("150204", "青山区北部山体滑坡隐患点", "geohazard", "青山区自然资源局", "自然资源局", 109.9030, 40.6950, 3, 3, "设置警示牌，雨季群测群防", "刘波");

        var round = new InvestigationRound
        {
            Title = "2026年第四季度风险隐患排查",
            Kind = RoundKind.Periodic,
            IssuerUnitId = rooms[places["150200"]],
            IssuerJurisdictionId = places["150200"],
            OpenedBy = "duty.150200",
            OpenedAt = now.AddDays(-10),
            DueAt = now.AddDays(5),
            RemindAt = now.AddDays(4),
        };
        foreach (var code in new[] { "150202", "150203", "150204" })
        {
            round.Targets.Add(new RoundTarget { RoundId = round.Id, UnitId = rooms[places[code]], JurisdictionId = places[code], DueAt = round.DueAt, RemindAt = round.RemindAt });
        }

        var kundulun = round.Targets.Single(t => t.JurisdictionId == places["150203"]);
        kundulun.ReturnedAt = now.AddDays(-2);
        kundulun.ReturnedBy = "duty.150203";
        kundulun.Summary = "排查燃气管道、人员密集场所等12处，发现问题1处，已落实整改。";
        var rect = new Rectification
        {
            Title = "钢铁大街燃气管道被违章建筑占压",
            UnitId = kundulun.UnitId,
            JurisdictionId = kundulun.JurisdictionId,
            HazardId = pipe.Id,
            RoundId = round.Id,
            Owner = "王建国",
            Measures = "拆除占压建筑，管道安全评估",
            DueAt = now.AddDays(20),
            CreatedBy = "duty.150203",
            CreatedAt = now.AddDays(-2),
        };
        pipe.Status = HazardStatus.Rectifying;
        kundulun.Findings.Add(new RoundFinding { TargetId = kundulun.Id, Kind = FindingKind.NewHazard, Description = rect.Title, HazardId = pipe.Id, RectificationId = rect.Id });
        db.Add(round);
        db.Add(rect);
        await db.SaveChangesAsync(ct);
    }
}
