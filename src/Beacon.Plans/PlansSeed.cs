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

        if (!await db.Set<Evaluation.EvaluationTemplate>().AnyAsync(ct))
        {
            await SeedEvaluationAsync(db, ct);
        }
    }

    /// <summary>
    /// Baotou's scoring template; the two drills held, scored by the demo accounts, with findings that became a plan
    /// revision task (due in six weeks) and follow-up actions (one due soon, one overdue); a revision of the earthquake
    /// plan for a change of law; and a departmental plan never drilled, so the coverage page shows a real gap.
    /// </summary>
    private async Task SeedEvaluationAsync(BeaconDb db, CancellationToken ct)
    {
        var plans = await db.Set<Plan>().AsNoTracking().Where(p => p.CreatedBy == "system").ToListAsync(ct);
        var safety = plans.FirstOrDefault(p => p.Title == "包头市生产安全事故应急预案");
        var quake = plans.FirstOrDefault(p => p.Title == "包头市地震应急预案");
        var drills = await db.Set<Drills.Drill>().AsNoTracking().Where(d => d.CreatedBy == "system").ToListAsync(ct);
        var tabletop = drills.FirstOrDefault(d => d.Title == "包头市危险化学品泄漏事故桌面推演");
        var remote = drills.FirstOrDefault(d => d.Title == "昆都仑区防汛远程指挥调度演练");
        if (safety is null || quake is null || tabletop is null || remote is null || tabletop.ParticipantUnitIds.Count < 2)
        {
            return;
        }

        var baotouRoom = tabletop.OrganiserUnitId;
        var kundulunRoom = remote.OrganiserUnitId;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.AddHours(8).UtcDateTime);
        var kundulun = remote.JurisdictionId;
        var template = new Evaluation.EvaluationTemplate
        {
            Title = "包头市应急演练通用评估模板",
            JurisdictionId = safety.JurisdictionId,
            Items =
            [
                new("信息接报与报送", 20, 2),
                new("预案启动与响应", 20, 2),
                new("指挥协调", 30, 3),
                new("力量调度与处置", 20, 2),
                new("保障与善后", 10, 1),
            ],
            CreatedBy = "leader.150200",
            CreatedAt = now.AddMonths(-6),
        };
        db.Add(template);

        Evaluation.DrillEvaluation Scored(Drills.Drill drill, string by, string summary, params Evaluation.ScoreSheet[] sheets) => new()
        {
            DrillId = drill.Id,
            JurisdictionId = drill.JurisdictionId,
            TemplateId = template.Id,
            TemplateTitle = template.Title,
            Items = template.Items,
            Sheets = [.. sheets],
            Summary = summary,
            EvaluatedBy = by,
            EvaluatedAt = drill.EndsAt.AddDays(2),
        };
        db.Add(Scored(tabletop, "leader.150200", "信息报送基本及时，指挥部各组职责清楚；疏散安置环节衔接不够顺畅，部分成员单位对预案不熟悉。",
            new(null, [17, 16, 24, 16, 8], null),
            new(baotouRoom, [18, 17, 25, 16, 8], "汇总信息及时，向自治区报告规范。"),
            new(kundulunRoom, [13, 15, 22, 15, 7], "书面报告超时，现场信息核实不够。")));
        db.Add(Scored(remote, "duty.150203", "视频会商顺畅，转移指令下达及时；排涝设备调度清单未及时更新。",
            new(null, [18, 18, 26, 14, 8], null),
            new(kundulunRoom, [18, 18, 26, 14, 8], null)));

        Evaluation.RevisionTask Task(Evaluation.RevisionKind kind, Evaluation.RevisionTrigger trigger, Guid? plan, Drills.Drill? drill, string text, Guid owner, Guid jurisdiction,
            DateOnly due, string by) => new()
            {
                Kind = kind,
                Trigger = trigger,
                PlanId = plan,
                DrillId = drill?.Id,
                Description = text,
                OwnerUnitId = owner,
                JurisdictionId = jurisdiction,
                DueOn = due,
                CreatedBy = by,
                CreatedAt = drill?.EndsAt.AddDays(2) ?? now.AddDays(-3),
            };
        void Finding(Drills.Drill drill, Guid? unit, string text, Evaluation.RevisionTask? task, string by)
        {
            var finding = new Evaluation.DrillFinding
            {
                DrillId = drill.Id,
                JurisdictionId = drill.JurisdictionId,
                UnitId = unit,
                Text = text,
                TaskId = task?.Id,
                CreatedBy = by,
                CreatedAt = drill.EndsAt.AddDays(2),
            };
            if (task is not null)
            {
                task.FindingId = finding.Id;
                db.Add(task);
            }

            db.Add(finding);
        }

        Finding(tabletop, null, "预案疏散安置组成员单位与机构改革后的职责不一致，需修订指挥部组成。",
            Task(Evaluation.RevisionKind.Revision, Evaluation.RevisionTrigger.DrillFinding, safety.Id, tabletop, "预案疏散安置组成员单位与机构改革后的职责不一致，需修订指挥部组成。",
                baotouRoom, safety.JurisdictionId, today.AddDays(45), "leader.150200"), "leader.150200");
        Finding(tabletop, kundulunRoom, "昆都仑区总值班室书面报告用时32分钟，超过30分钟时限。",
            Task(Evaluation.RevisionKind.FollowUp, Evaluation.RevisionTrigger.DrillFinding, null, tabletop, "组织值班人员开展信息报送时限专题培训，并修订值班工作手册。",
                kundulunRoom, kundulun, today.AddDays(10), "leader.150200"), "leader.150200");
        Finding(remote, kundulunRoom, "排涝设备调度清单未及时更新，两台大功率排水泵已报废仍在清单中。",
            Task(Evaluation.RevisionKind.FollowUp, Evaluation.RevisionTrigger.DrillFinding, null, remote, "更新排涝设备调度清单，核对在用设备。",
                kundulunRoom, kundulun, today.AddDays(-5), "duty.150203"), "duty.150203");
        db.Add(Task(Evaluation.RevisionKind.Revision, Evaluation.RevisionTrigger.LawChange, quake.Id, null, "根据新修订的《中华人民共和国突发事件应对法》调整信息报告和响应分级条款。",
            baotouRoom, quake.JurisdictionId, today.AddDays(20), "duty.150200"));

        var bureau = await db.Units.AsNoTracking()
            .Where(u => u.JurisdictionId == safety.JurisdictionId && !u.IsRetired && u.Name.Contains("应急管理")).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        db.Add(new Plan
        {
            Title = "包头市应急管理局危险化学品事故部门应急预案",
            Type = PlanType.Departmental,
            Status = PlanStatus.InForce,
            IssuingUnitId = bureau ?? baotouRoom,
            JurisdictionId = safety.JurisdictionId,
            EventTypeCodes = ["12A03"],
            DocumentNumber = "包应急发〔2025〕3号",
            ApprovedOn = today.AddMonths(-14),
            Levels = [new(ResponseLevel.III, "deaths >= 3 or injured >= 10", [new("综合协调组", [baotouRoom], "汇总信息，协调处置。", ["1小时内书面报告"], 2)])],
            CreatedBy = "duty.150200",
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
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
