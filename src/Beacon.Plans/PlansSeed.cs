using Beacon.Plans.Plans;
using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans;

/// <summary>
/// Demo plans (Development or <c>Beacon__Demo=true</c> only): Baotou's work-safety special plan with levels Ⅱ and Ⅲ, its
/// earthquake plan overdue for review (and for a drill), and Kundulun's flood plan; then two drills already held, a
/// tabletop exercise of the work-safety plan and a remote command-dispatch drill of the flood plan. Seeded once each,
/// when the register (the drills) is empty. Only past drills: a demo inject never arrives later on a real board.
/// </summary>
internal sealed class PlansSeed(BeaconDbFactory dbs, TimeProvider clock) : IModuleSeed
{
    public async Task SeedAsync(bool demo, CancellationToken ct)
    {
        if (!demo)
        {
            return;
        }

        await using var db = dbs.CreateForSystem();
        if (!await db.Set<Plan>().AnyAsync(ct))
        {
            await SeedPlansAsync(db, ct);
        }

        if (!await db.Set<Drills.Drill>().AnyAsync(ct))
        {
            await SeedDrillsAsync(db, ct);
        }
    }

    private async Task SeedPlansAsync(BeaconDb db, CancellationToken ct)
    {
        var baotou = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == "150200", ct);
        var kundulun = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == "150203", ct);
        if (baotou is null || kundulun is null)
        {
            return;
        }

        var units = await db.Units.AsNoTracking().Where(u => (u.JurisdictionId == baotou.Id || u.JurisdictionId == kundulun.Id) && !u.IsRetired).ToListAsync(ct);
        Guid? Unit(Guid jurisdiction, string part) => units.FirstOrDefault(u => u.JurisdictionId == jurisdiction && u.Name.Contains(part, StringComparison.Ordinal))?.Id;
        Guid? Room(Guid jurisdiction) => units.FirstOrDefault(u => u.JurisdictionId == jurisdiction && u.Kind == UnitKind.DutyRoom)?.Id;
        if (Room(baotou.Id) is not { } baotouRoom || Room(kundulun.Id) is not { } kundulunRoom)
        {
            return;
        }

        List<Guid> Of(Guid jurisdiction, string part) => Unit(jurisdiction, part) is { } id ? [id] : [Room(jurisdiction)!.Value];
        CommandGroup Group(string name, List<Guid> members, string duties, params string[] checklist) => new(name, members, duties, checklist, 2);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        db.Add(new Plan
        {
            Title = "包头市生产安全事故应急预案",
            Type = PlanType.Special,
            Status = PlanStatus.InForce,
            IssuingUnitId = baotouRoom,
            JurisdictionId = baotou.Id,
            EventTypeCodes = ["12A"],
            DocumentNumber = "包府办发〔2024〕18号",
            ApprovedOn = today.AddMonths(-20),
            FiledOn = today.AddMonths(-19),
            Levels =
            [
                new(ResponseLevel.II, "deaths >= 10 or injured >= 50", [
                    Group("综合协调组", [baotouRoom], "汇总信息，协调各组，向自治区报告。", "30分钟内电话报告自治区总值班室", "1小时内书面报告"),
                    Group("抢险救援组", Of(baotou.Id, "消防"), "组织搜救被困人员，控制险情。", "调派救援力量", "设置警戒区"),
                    Group("医疗救治组", Of(baotou.Id, "卫生"), "组织伤员救治和转运。", "调派急救车辆", "通报收治医院"),
                    Group("治安维护组", Of(baotou.Id, "公安"), "现场警戒、交通管制。", "实施交通管制"),
                ]),
                new(ResponseLevel.III, "deaths >= 3 or injured >= 10", [
                    Group("综合协调组", [baotouRoom], "汇总信息，协调处置。", "1小时内书面报告"),
                    Group("抢险救援组", Of(baotou.Id, "消防"), "组织搜救。", "调派救援力量"),
                ]),
            ],
            CreatedBy = "system",
            CreatedAt = now,
            Versions = [new() { Label = "2024版", EffectiveFrom = today.AddMonths(-20), ChangeSummary = "根据机构改革调整指挥部成员单位。" }],
        });
        db.Add(new Plan
        {
            Title = "包头市地震应急预案",
            Type = PlanType.Special,
            Status = PlanStatus.InForce,
            IssuingUnitId = baotouRoom,
            JurisdictionId = baotou.Id,
            EventTypeCodes = ["11C"],
            DocumentNumber = "包府办发〔2021〕42号",
            ApprovedOn = today.AddMonths(-40),
            Levels = [new(ResponseLevel.III, "severity >= III", [Group("综合协调组", [baotouRoom], "汇总震情灾情。", "启动震情会商")])],
            CreatedBy = "system",
            CreatedAt = now,
        });
        db.Add(new Plan
        {
            Title = "昆都仑区防汛应急预案",
            Type = PlanType.Special,
            Status = PlanStatus.InForce,
            IssuingUnitId = kundulunRoom,
            JurisdictionId = kundulun.Id,
            EventTypeCodes = ["11A", "11B03"],
            DocumentNumber = "昆政办发〔2025〕7号",
            ApprovedOn = today.AddMonths(-8),
            Levels = [new(ResponseLevel.IV, "severity >= IV", [
                Group("综合协调组", [kundulunRoom], "汇总汛情，组织转移群众。", "通知低洼地区群众转移"),
                Group("抢险救援组", Of(kundulun.Id, "水利"), "组织排涝抢险。", "调派排涝设备"),
            ])],
            CreatedBy = "system",
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedDrillsAsync(BeaconDb db, CancellationToken ct)
    {
        var plans = await db.Set<Plan>().AsNoTracking().Where(p => p.CreatedBy == "system").ToListAsync(ct);
        var safety = plans.FirstOrDefault(p => p.Title == "包头市生产安全事故应急预案");
        var flood = plans.FirstOrDefault(p => p.Title == "昆都仑区防汛应急预案");
        if (safety is null || flood is null)
        {
            return;
        }

        var rooms = await db.Units.AsNoTracking().Where(u => u.Kind == UnitKind.DutyRoom && !u.IsRetired && (u.JurisdictionId == safety.JurisdictionId || u.JurisdictionId == flood.JurisdictionId))
            .ToDictionaryAsync(u => u.JurisdictionId, u => u.Id, ct);
        if (!rooms.TryGetValue(safety.JurisdictionId, out var baotouRoom) || !rooms.TryGetValue(flood.JurisdictionId, out var kundulunRoom))
        {
            return;
        }

        var now = clock.GetUtcNow();
        Drills.Drill Held(string title, Drills.DrillType type, Plan plan, Guid organiser, List<Guid> participants, string scenario, DateTimeOffset start, string inject, string code) =>
            new()
            {
                Title = title,
                Type = type,
                PlanIds = [plan.Id],
                OrganiserUnitId = organiser,
                JurisdictionId = plan.JurisdictionId,
                ParticipantUnitIds = participants,
                Scenario = scenario,
                StartsAt = start,
                EndsAt = start.AddHours(3),
                SignWithinMinutes = 10,
                ReportWithinMinutes = 30,
                CreatedBy = "system",
                CreatedAt = start.AddDays(-14),
                Injects = [new() { Title = inject, EventTypeCode = code, Text = "演练注入：" + inject, ScheduledAt = start.AddHours(1), DeliveredAt = start.AddHours(1) }],
            };

        db.Add(Held("包头市危险化学品泄漏事故桌面推演", Drills.DrillType.Tabletop, safety, baotouRoom, [baotouRoom, kundulunRoom],
            "昆都仑区某化工企业液氨储罐阀门破裂，发生泄漏，下风向有居民区。推演信息报送、预案启动和疏散安置流程。",
            now.AddMonths(-5), "企业报告液氨储罐泄漏", "12A03"));
        db.Add(Held("昆都仑区防汛远程指挥调度演练", Drills.DrillType.RemoteDispatch, flood, kundulunRoom, [kundulunRoom],
            "昆都仑河上游突降暴雨，河道水位快速上涨，沿河低洼地区需转移群众。检验视频会商、力量调度和转移指令下达。",
            now.AddMonths(-10), "昆都仑河水位超警戒", "11A01"));
        await db.SaveChangesAsync(ct);
    }
}
