using Beacon.Incidents.Clues;
using Beacon.Incidents.Duty;
using Beacon.Incidents.Escalation.SignForReceipt;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Instructions;
using Beacon.Incidents.Instructions.CarryOut;
using Beacon.Incidents.Instructions.IssueInstruction;
using Beacon.Incidents.Reporting;
using Beacon.Incidents.Reporting.LeaderApproval;
using Beacon.Incidents.Reporting.LogPhoneReport;
using Beacon.Incidents.Reporting.SubmitReport;
using Beacon.Incidents.Verification;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Seeding;
using Beacon.Platform.Units;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Incidents.Demo;

/// <summary>
/// The duty rooms' demo morning (Development or <c>Beacon:Demo</c>; off with <c>Beacon:Incidents:DemoRecords=false</c>):
/// 昆都仑区, 包头市 and the region's duty rooms with their rosters and duty logs, a gas leak reported, signed and closed,
/// a level Ⅲ road accident reported up to the region with a leader's instruction being carried out, a sensitive
/// gathering whose written report is still due, a grassland fire and a Hohhot blizzard, 核报 answered and open, and
/// 舆情线索 judged and linked; before that, four weeks of history written at their own times (decision 0035, "History"),
/// and after it 青山区's overdue call and a report waiting for 带班领导审核. Written through the handlers as the demo
/// accounts, so numbers, deadlines and audit entries are real ones.
/// </summary>
internal sealed class DemoDutyRoom(IServiceProvider services, IConfiguration config, IHostEnvironment environment,
    IHostApplicationLifetime lifetime, ILogger<DemoDutyRoom> logger, TimeProvider clock, JurisdictionTree tree, DutyRooms dutyRooms)
    : DemoStory(services, config, environment, lifetime, logger)
{
    private const string Kundulun = "150203";
    private const string Baotou = "150200";
    private const string Region = "150000";
    private const string Hohhot = "150100";
    private const string Qingshan = "150204";

    protected override string Switch => "Beacon:Incidents:DemoRecords";

    protected override Task<bool> HasRecordsAsync(BeaconDb db, CancellationToken ct) => db.Set<Incident>().AnyAsync(ct);

    protected override async Task TellAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, CancellationToken ct)
    {
        var rooms = await DutyRoomsAsync(ct);
        await HistoryAsync(@as, rooms, ct);
        var now = clock.GetUtcNow();

        await RosterAsync(@as, Kundulun, "王海涛、李娜", "刘振华", "0472-2151119", ct);
        await RosterAsync(@as, Baotou, "赵敏、孙立军", "高志强", "0472-5617110", ct);
        await RosterAsync(@as, Region, "周文静、马腾飞", "白乌云", "0471-6945110", ct);

        // A gas leak in 昆都仑区: reported, told by phone, signed by 包头市, followed up and closed.
        var gas = await ReportAsync(@as, Kundulun, new ReportIncidentRequest(
            "昆都仑区钢铁大街北侧居民小区燃气管道泄漏", "12C01", Severity.IV, false, now.AddMinutes(-95), now.AddMinutes(-90), null,
            Kundulun, "昆都仑区钢铁大街北侧阿尔丁小区12栋", 40.6582, 109.8260, 0, 0, 0, 0, 126, 300, 0m, InformationSource.Phone,
            "群众拨打119报警称小区12栋单元门口有浓烈燃气味。消防救援大队、燃气公司抢修队已到场，疏散12栋居民126人，关闭上游阀门。",
            "关闭上游阀门，设置警戒区，疏散居民", "燃气公司排查泄漏点并抢修", "王海涛", "0472-2151119"), ct);
        await PhoneAsync(@as, Kundulun, gas, rooms[Baotou], "王海涛", "赵敏", "电话报告包头市总值班室：阿尔丁小区燃气泄漏，已疏散126人，无人员伤亡。", ct);
        await SignAsync(@as, Baotou, gas, "已签收，请昆都仑区做好群众安置并及时续报。", ct);
        await FollowUpAsync(@as, Kundulun, gas, ReportKind.FollowUp, Severity.IV, 0, 126,
            "抢修队在12栋东侧找到泄漏点（管道接口老化），已完成更换，复测燃气浓度正常。", "组织居民有序返回", "王海涛", ct);
        await FollowUpAsync(@as, Kundulun, gas, ReportKind.Final, Severity.IV, 0, 0,
            "居民已全部返回，现场警戒解除。事件处置完毕，无人员伤亡，直接经济损失约0.8万元。", null, "刘振华", ct);
        await ClueAsync(@as, Kundulun, "微博", "https://weibo.com/", "网友发帖称钢铁大街阿尔丁小区“闻到很大燃气味，有人说要爆炸了”，转发约300次。",
            ClueHeat.Medium, "与已接报的燃气泄漏事件一致，已处置，无爆炸。", gas, ct);

        // A level Ⅲ road accident: reported up to the region, a leader's instruction carried out.
        var road = await ReportAsync(@as, Kundulun, new ReportIncidentRequest(
            "昆都仑区G110国道卜尔汉图段货车与客车相撞", "12B01", Severity.III, false, now.AddMinutes(-14), now.AddMinutes(-9), null,
            Kundulun, "G110国道卜尔汉图镇路段（K1052处）", 40.7206, 109.7424, 3, 0, 8, 2, 0, 35, 60m, InformationSource.LowerLevelReport,
            "一辆重型货车与一辆载有35人的客车相撞，造成3人死亡、8人受伤、2人被困。公安交警、消防救援、120已赶赴现场，伤员送包钢医院救治。",
            "交通管制，破拆救援被困人员，伤员转运", "核实伤亡人数，查明事故原因", "王海涛", "0472-2151119"), ct);
        await PhoneAsync(@as, Kundulun, road, rooms[Baotou], "王海涛", "孙立军", "电话报告：G110国道货车与客车相撞，3死8伤2人被困，救援进行中。", ct);
        await PhoneAsync(@as, Kundulun, road, rooms[Region], "王海涛", "马腾飞", "电话报告自治区总值班室（较大事件直报）：G110国道货车与客车相撞，3人死亡。", ct);
        await SignAsync(@as, Baotou, road, "已签收，情况属实。", ct);
        await ForwardAsync(@as, Baotou, road, "包头市总值班室核实：较大道路交通事故，已按程序转报自治区。", ct);
        await PhoneAsync(@as, Baotou, road, rooms[Region], "赵敏", "周文静", "电话报告自治区总值班室：昆都仑区G110国道较大道路交通事故，3人死亡。", ct);
        var instruction = await InstructAsync(@as, Baotou, road, "高志强",
            "全力救治伤员，尽快解救被困人员；做好遇难者家属安抚；查明事故原因，及时续报。", [rooms[Kundulun]], now.AddHours(2), ct);
        await CarryOutAsync(@as, Kundulun, instruction, "被困2人已全部解救送医，伤员均已得到救治，家属安抚工作已安排专人负责。", ct);

        // A sensitive gathering: phoned in, the written report still due.
        var gathering = await ReportAsync(@as, Kundulun, new ReportIncidentRequest(
            "昆都仑区某小区部分居民聚集反映供暖不热问题", "14B", Severity.NotAssessed, true, now.AddMinutes(-6), now.AddMinutes(-4), null,
            Kundulun, "昆都仑区少先路某小区物业门前", 40.6440, 109.8430, 0, 0, 0, 0, 0, 60, 0m, InformationSource.Department,
            "约60名居民在物业门前聚集，反映供暖温度不达标。街道、供热公司、派出所已到场做解释疏导工作，现场秩序平稳。",
            "街道和供热公司现场答复诉求", "跟进供热管网检修进度", "李娜", "0472-2151119"), ct);
        await PhoneAsync(@as, Kundulun, gathering, rooms[Baotou], "李娜", "赵敏", "电话报告：少先路某小区约60名居民聚集反映供暖问题，现场平稳。", ct);
        await PhoneAsync(@as, Kundulun, gathering, rooms[Region], "李娜", "周文静", "电话报告自治区总值班室：少先路某小区居民聚集，敏感信息，书面报告随后报送。", ct);

        // A grassland fire reported by 包头市 for 达尔罕茂明安联合旗, and a blizzard in Hohhot's 赛罕区 (not Baotou's to see).
        await ReportAsync(@as, Baotou, new ReportIncidentRequest(
            "达茂旗明安镇草原火情", "11F02", Severity.IV, false, now.AddMinutes(-40), now.AddMinutes(-35), null,
            "150223", "明安镇哈沙图嘎查以北约3公里", 41.5540, 110.2050, 0, 0, 0, 0, 0, 0, 0m, InformationSource.Department,
            "林草部门报告：明安镇哈沙图嘎查以北草原起火，过火面积约20亩，风力4级。旗森林草原消防大队已出动扑救。",
            "扑打明火，开设隔离带", "明火扑灭后清理余火、看守火场", "赵敏", "0472-5617110"), ct);
        await ReportAsync(@as, Hohhot, new ReportIncidentRequest(
            "赛罕区暴雪致部分道路积雪严重", "11B04", Severity.IV, false, now.AddMinutes(-70), now.AddMinutes(-65), null,
            "150105", "赛罕区金桥开发区一带", 40.8050, 111.7440, 0, 0, 0, 0, 0, 0, 0m, InformationSource.Department,
            "气象部门报告赛罕区降雪量达12毫米，部分主次干道积雪严重，环卫部门已出动除雪车辆80台次。",
            "除雪保畅，公交部分线路临时调整", "关注降雪持续情况", "呼和浩特市值班员", null), ct);

        // 核报: the region asks 包头市 (answered); 包头市 asks 昆都仑区 (open).
        var rumour = await AskAsync(@as, Region, rooms[Baotou], "网传“包头市昆都仑区一化工厂发生爆炸”视频，请核实并报告。", "抖音", 30, null, ct);
        await AnswerAsync(@as, Baotou, rumour, VerificationResult.Unfounded,
            "经核实，视频为2019年外省旧视频，昆都仑区辖内化工企业生产正常，未发生爆炸。已联系网信部门处置。", ct);
        await AskAsync(@as, Baotou, rooms[Kundulun], "有群众反映昆都仑河北段水位上涨、河堤渗水，请核实现场情况。", "12345热线", 60, null, ct);
        await ClueAsync(@as, Baotou, "抖音", null, "短视频称“包头某小区连续三天停暖，居民家里只有十几度”，点赞2万。",
            ClueHeat.High, null, gathering, ct);

        await OverdueNowAsync(@as, now, ct);
        await HeldForApprovalAsync(@as, now, ct);

        await LogAsync(@as, Kundulun, "接班。检查值班电话、传真、视频会商系统运行正常。", ct);
        await LogAsync(@as, Kundulun, "接包头市总值班室通知：今明两天有大风降温天气，请做好防范。已转告各街道、镇。", ct);
        await LogAsync(@as, Baotou, "接班。与各旗县区值班室点名，均在岗。", ct);
        logger.LogInformation("Demo duty room written: {Gas}, {Road}, {Gathering}", gas, road, gathering);
    }

    /// <summary>
    /// The last four weeks, written with their own times (<see cref="DemoStory.Back"/>), so 报送及时率 and the register
    /// have a history: some reports on time, some late, in 昆都仑区 and its neighbour 青山区, and 核报 answered in time and late.
    /// </summary>
    private async Task HistoryAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, Dictionary<string, Guid> rooms, CancellationToken ct)
    {
        // A sensitive gathering 26 days ago: told by phone and reported up in time, closed the next day.
        var ago = TimeSpan.FromDays(26);
        var wages = await AtAsync(ago, 3, () => ReportAsync(@as, Kundulun, Past(
            Kundulun, "昆都仑区某建筑工地农民工聚集讨要拖欠工资", "14B", Severity.NotAssessed, true, 3, "昆都仑区昆河北岸某在建住宅项目", 40.6720, 109.8190,
            0, 0, 0, "约40名农民工在项目部门前聚集讨要拖欠工资。街道、人社局劳动监察大队、派出所已到场，现场秩序平稳。",
            "人社部门约谈施工企业负责人", "督促企业制定工资支付方案", "王海涛", "0472-2151119"), ct));
        await AtAsync(ago, 12, () => PhoneAsync(@as, Kundulun, wages, rooms[Region], "王海涛", "马腾飞", "电话报告自治区总值班室：某建筑工地约40名农民工聚集讨薪，现场平稳。", ct));
        await AtAsync(ago, 14, () => PhoneAsync(@as, Kundulun, wages, rooms[Baotou], "王海涛", "赵敏", "电话报告包头市总值班室：某建筑工地农民工聚集讨薪。", ct));
        await AtAsync(ago, 20, () => SignAsync(@as, Baotou, wages, "已签收，敏感信息，按程序报送自治区。", ct));
        await AtAsync(ago, 31, () => ForwardAsync(@as, Baotou, wages, "包头市总值班室核实：敏感事件，已转报自治区。", ct));
        await AtAsync(ago, 20 * 60, () => FollowUpAsync(@as, Kundulun, wages, ReportKind.Final, Severity.NotAssessed, 0, 0,
            "施工企业已筹措资金，拖欠工资当日全部发放到位，聚集人员已散去。", null, "刘振华", ct, sensitive: true));

        // 青山区, 19 days ago: a level Ⅲ accident phoned in late and reported up late; the 续报 in time.
        ago = TimeSpan.FromDays(19);
        var plant = await AtAsync(ago, 5, () => ReportAsync(@as, Qingshan, Past(
            Qingshan, "青山区装备制造园区某企业危化品仓库爆燃致3人死亡", "12A03", Severity.III, false, 5, "青山区装备制造产业园区某企业危化品库房", 40.6680, 109.9010,
            3, 4, 0, "企业危化品库房发生爆燃，造成3人死亡、4人受伤。消防救援支队已扑灭明火，伤员送医救治，周边企业人员已疏散。",
            "扑灭明火，疏散周边人员，环境监测", "核查事故原因，排查园区同类风险", "青山区值班员", "0472-3612110"), ct));
        await AtAsync(ago, 15, () => SignAsync(@as, Baotou, plant, "已签收，较大事故，请青山区同时电话报告自治区。", ct));
        await AtAsync(ago, 26, () => PhoneAsync(@as, Qingshan, plant, rooms[Region], "青山区值班员", "周文静", "电话报告自治区总值班室：装备制造园区危化品库房爆燃，3人死亡。", ct));
        await AtAsync(ago, 52, () => ForwardAsync(@as, Baotou, plant, "包头市总值班室核实：较大生产安全事故，已转报自治区。", ct));
        await AtAsync(ago, 20 * 60, () => FollowUpAsync(@as, Qingshan, plant, ReportKind.FollowUp, Severity.III, 3, 60,
            "4名伤员均无生命危险；环境监测未见异常。事故原因正在调查。", "配合事故调查组工作", "青山区值班员", ct));
        await AtAsync(ago, 3 * 24 * 60, () => FollowUpAsync(@as, Qingshan, plant, ReportKind.Final, Severity.III, 3, 0,
            "现场处置结束，善后工作有序开展，事故调查组已成立。", null, "青山区值班员", ct));

        // 昆都仑区, 12 days ago: a tower crane collapse, everything in time but the 续报, which came a few hours late.
        ago = TimeSpan.FromDays(12);
        var crane = await AtAsync(ago, 4, () => ReportAsync(@as, Kundulun, Past(
            Kundulun, "昆都仑区某在建项目塔吊倒塌致3人死亡", "12A05", Severity.III, false, 4, "昆都仑区友谊大街某在建商业综合体项目", 40.6610, 109.8350,
            3, 2, 0, "在建项目一台塔吊在拆卸作业中倒塌，造成3人死亡、2人受伤。应急、住建、消防救援已到场，现场已停工封闭。",
            "救治伤员，封闭现场，全市在建项目塔吊排查", "查明事故原因", "李娜", "0472-2151119"), ct));
        await AtAsync(ago, 9, () => PhoneAsync(@as, Kundulun, crane, rooms[Region], "李娜", "马腾飞", "电话报告自治区总值班室：某在建项目塔吊倒塌，3人死亡。", ct));
        await AtAsync(ago, 11, () => SignAsync(@as, Baotou, crane, "已签收。", ct));
        await AtAsync(ago, 24, () => ForwardAsync(@as, Baotou, crane, "包头市总值班室核实：较大建筑施工事故，已转报自治区。", ct));
        await AtAsync(ago, 27 * 60, () => FollowUpAsync(@as, Kundulun, crane, ReportKind.FollowUp, Severity.III, 3, 0,
            "2名伤员病情稳定；全区在建项目塔吊安全排查已启动。", "排查结果汇总上报", "李娜", ct));
        await AtAsync(ago, 2 * 24 * 60, () => FollowUpAsync(@as, Kundulun, crane, ReportKind.Final, Severity.III, 3, 0,
            "善后处置完毕，事故调查报告将另行报送。", null, "刘振华", ct));

        // 核报 9 days ago answered in time; 2 days ago 青山区 answered late.
        ago = TimeSpan.FromDays(9);
        var asked = await AtAsync(ago, 0, () => AskAsync(@as, Baotou, rooms[Kundulun], "网传“昆都仑区某超市发生踩踏”，请核实。", "微信群", 30, null, ct));
        await AtAsync(ago, 18, () => AnswerAsync(@as, Kundulun, asked, VerificationResult.Unfounded, "经核实，系超市促销排队人员较多，未发生踩踏，秩序正常。", ct));
        ago = TimeSpan.FromDays(2);
        asked = await AtAsync(ago, 0, () => AskAsync(@as, Baotou, rooms[Qingshan], "有网民称青山区某小区二次供水浑浊，请核实。", "12345热线", 30, null, ct));
        await AtAsync(ago, 47, () => AnswerAsync(@as, Qingshan, asked, VerificationResult.PartlyConfirmed, "经核实，该小区二次供水水箱清洗后短时浑浊，已放水冲洗，水质检测合格。", ct));

        // 昆都仑区, 2 days ago: a suspected food poisoning, phoned in time, the written report reached the region late.
        var school = await AtAsync(ago, 6, () => ReportAsync(@as, Kundulun, Past(
            Kundulun, "昆都仑区某小学部分学生出现疑似食物中毒症状", "13C01", Severity.NotAssessed, true, 6, "昆都仑区某小学", 40.6500, 109.8480,
            0, 23, 0, "午餐后23名学生陆续出现腹痛、呕吐症状，已送包钢医院、市中心医院观察治疗，均无生命危险。市场监管、卫健、教育部门已介入。",
            "封存留样食品，学生送医观察", "检测结果出来后续报", "王海涛", "0472-2151119"), ct));
        await AtAsync(ago, 15, () => PhoneAsync(@as, Kundulun, school, rooms[Region], "王海涛", "周文静", "电话报告自治区总值班室：某小学23名学生疑似食物中毒，均无生命危险。", ct));
        await AtAsync(ago, 30, () => SignAsync(@as, Baotou, school, "已签收，敏感信息，请持续关注学生救治情况。", ct));
        await AtAsync(ago, 55, () => ForwardAsync(@as, Baotou, school, "包头市总值班室核实：敏感事件，已转报自治区。", ct));
        await AtAsync(ago, 22 * 60, () => FollowUpAsync(@as, Kundulun, school, ReportKind.Final, Severity.NotAssessed, 0, 0,
            "23名学生已全部出院。经检测，系午餐凉拌菜受污染所致，涉事供餐企业已停业整顿。", null, "刘振华", ct, sensitive: true));
    }

    /// <summary>
    /// 青山区's sensitive gathering learned 35 minutes ago: no call to the region yet and not signed by 包头市, so the
    /// deadline scan raises its alerts on both duty rooms' boards a few seconds after start-up (时限提醒).
    /// </summary>
    private static Task<Guid> OverdueNowAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, DateTimeOffset now, CancellationToken ct) =>
        ReportAsync(@as, Qingshan, new ReportIncidentRequest(
            "青山区某小区业主因物业纠纷在小区门口聚集", "14B", Severity.NotAssessed, true, now.AddMinutes(-40), now.AddMinutes(-35), null,
            "150204", "青山区幸福路某小区正门", 40.6620, 109.8870, 0, 0, 0, 0, 0, 80, 0m, InformationSource.Department,
            "约80名业主在小区正门聚集，反映物业公司擅自上调物业费。街道、派出所已到场做疏导工作。",
            "街道组织业主代表与物业公司协商", "跟进协商结果", "青山区值班员", "0472-3612110"), ct);

    /// <summary>
    /// 昆都仑区 asks its 带班领导 to approve level Ⅲ and above before they go up (decision 0039); a report of a tanker
    /// rolled over waits for leader.150203 on the workbench.
    /// </summary>
    private static async Task HeldForApprovalAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, DateTimeOffset now, CancellationToken ct)
    {
        await ActAsync(@as, Roles.Administrator, Kundulun, async sp => Done(await sp.GetRequiredService<LeaderApprovalHandler>().SetRuleAsync(Kundulun,
            new ApprovalRuleRequest(true, Severity.III), ct), "approval rule"), ct);
        await ReportAsync(@as, Kundulun, new ReportIncidentRequest(
            "昆都仑区包固公路一槽罐车侧翻致液碱泄漏", "12A03", Severity.III, false, now.AddMinutes(-3), now.AddMinutes(-2), null,
            Kundulun, "包固公路昆都仑区段（K12处）", 40.7350, 109.8050, 0, 0, 1, 0, 30, 0, 0m, InformationSource.Phone,
            "一辆运输液碱的槽罐车侧翻，部分液碱泄漏，司机受轻伤。消防救援、生态环境部门已到场围堵稀释，道路双向封闭。",
            "围堵稀释泄漏液碱，道路封闭", "倒罐转运，监测周边水体", "王海涛", "0472-2151119"), ct);
    }

    /// <summary>Runs <paramref name="step"/> with the clock at <paramref name="minutesLater"/> minutes after the moment <paramref name="ago"/> before now.</summary>
    private async Task<T> AtAsync<T>(TimeSpan ago, int minutesLater, Func<Task<T>> step)
    {
        using (Back(ago - TimeSpan.FromMinutes(minutesLater)))
        {
            return await step();
        }
    }

    /// <summary>A first report filed now (on the story's clock) of something learned <paramref name="learnedMinutesAgo"/> ago, occurred five minutes before.</summary>
    private ReportIncidentRequest Past(string county, string title, string type, Severity severity, bool sensitive, int learnedMinutesAgo, string address,
        double latitude, double longitude, int deaths, int injured, int evacuated, string narrative, string measures, string next, string signer, string phone)
    {
        var learned = clock.GetUtcNow().AddMinutes(-learnedMinutesAgo);
        return new ReportIncidentRequest(title, type, severity, sensitive, learned.AddMinutes(-5), learned, null, county, address, latitude, longitude,
            deaths, 0, injured, 0, evacuated, 0, 0m, InformationSource.Department, narrative, measures, next, signer, phone);
    }

    private async Task<Dictionary<string, Guid>> DutyRoomsAsync(CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var codes = new[] { Kundulun, Baotou, Region, Hohhot, Qingshan };
        var ids = codes.ToDictionary(c => c, c => snapshot.Nodes.Single(n => n.Code == c).Id);
        var rooms = await dutyRooms.OfAsync(ids.Values, ct);
        return codes.ToDictionary(c => c, c => rooms[ids[c]]);
    }

    private static async Task<T> ActAsync<T>(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string role, string code,
        Func<IServiceProvider, Task<T>> act, CancellationToken ct)
    {
        await using var scope = await @as(role, code, ct);
        return await act(scope.ServiceProvider);
    }

    private static Guid? Done(IResult result, string step) => Accepted(result, step) switch
    {
        ReportedIncident r => r.Id,
        VerificationView v => v.Id,
        _ => null,
    };

    private static async Task<Guid> ReportAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, ReportIncidentRequest r,
        CancellationToken ct)
    {
        await ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<ReportIncidentHandler>().HandleAsync(r, ct), r.Title), ct);
        await using var scope = await @as(Roles.DutyOfficer, code, ct);
        await using var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem();
        return await db.Set<Incident>().Where(i => i.Title == r.Title).Select(i => i.Id).SingleAsync(ct);
    }

    private static Task<Guid?> PhoneAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid incident, Guid toUnit,
        string caller, string callee, string summary, CancellationToken ct) =>
        ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<LogPhoneReportHandler>().HandleAsync(incident,
            new LogPhoneReportRequest(toUnit, caller, callee, sp.GetRequiredService<TimeProvider>().GetUtcNow(), summary), ct), "phone"), ct);

    private static Task<Guid?> SignAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid incident, string assessment,
        CancellationToken ct) =>
        ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<EscalationHandler>().SignAsync(incident, new SignRequest(assessment), ct), "sign"), ct);

    private static Task<Guid?> ForwardAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid incident, string assessment,
        CancellationToken ct) =>
        ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<EscalationHandler>().ForwardAsync(incident, new ForwardRequest(assessment), ct), "forward"), ct);

    private static Task<Guid?> FollowUpAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid incident, ReportKind kind,
        Severity severity, int deaths, int evacuated, string narrative, string? next, string signer, CancellationToken ct, bool sensitive = false) =>
        ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<SubmitReportHandler>().HandleAsync(incident,
            new SubmitReportRequest(kind, severity, sensitive, deaths, 0, 0, 0, evacuated, 300, kind == ReportKind.Final ? 0.8m : 0m, narrative, null, next, signer, null), ct),
            kind.ToString()), ct);

    private static async Task<Guid> InstructAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid incident,
        string leader, string text, IReadOnlyList<Guid> to, DateTimeOffset due, CancellationToken ct)
    {
        await ActAsync(@as, Roles.Leader, code, async sp => Done(await sp.GetRequiredService<IssueInstructionHandler>().HandleAsync(incident,
            new IssueInstructionRequest(InstructionKind.LeaderInstruction, text, leader, to, due, null), ct), "instruction"), ct);
        await using var scope = await @as(Roles.Leader, code, ct);
        await using var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem();
        return await db.Set<InstructionAssignment>().Where(a => a.IncidentId == incident).Select(a => a.Id).FirstAsync(ct);
    }

    private static async Task CarryOutAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid assignment,
        string feedback, CancellationToken ct)
    {
        await ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<CarryOutHandler>().SignAsync(assignment, ct), "sign instruction"), ct);
        await ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<CarryOutHandler>().FeedbackAsync(assignment,
            new FeedbackRequest(feedback, false), ct), "feedback"), ct);
    }

    private static async Task<Guid> AskAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid toUnit, string clue,
        string source, int minutes, Guid? incident, CancellationToken ct) =>
        await ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<VerificationHandler>().RequestAsync(
            new RequestVerificationRequest(toUnit, clue, source, minutes, incident), ct), "verification") ?? throw new InvalidOperationException("no verification id"), ct);

    private static Task<Guid?> AnswerAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid request, VerificationResult result,
        string text, CancellationToken ct) =>
        ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<VerificationHandler>().AnswerAsync(request,
            new AnswerVerificationRequest(result, text), ct), "answer"), ct);

    private static Task<Guid?> ClueAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, string source, string? link,
        string excerpt, ClueHeat heat, string? judgement, Guid? incident, CancellationToken ct) =>
        ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<CluesHandler>().CaptureAsync(
            new CaptureClueRequest(source, link, excerpt, heat, judgement, incident, null), ct), "clue"), ct);

    private static Task<Guid?> LogAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, string text, CancellationToken ct) =>
        ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<DutyLogHandler>().AddAsync(new DutyLogRequest(text, false), ct), "log"), ct);

    /// <summary>Yesterday's, today's and tomorrow's 24-hour shifts from 08:30 Beijing time.</summary>
    private async Task RosterAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, string officers, string leader,
        string phone, CancellationToken ct)
    {
        var beijing = TimeSpan.FromHours(8);
        var local = clock.GetUtcNow().ToOffset(beijing);
        var today = new DateTimeOffset(local.Year, local.Month, local.Day, 8, 30, 0, beijing);
        if (local < today)
        {
            today = today.AddDays(-1);
        }

        for (var day = -1; day <= 1; day++)
        {
            var start = today.AddDays(day);
            await ActAsync(@as, Roles.DutyOfficer, code, async sp => Done(await sp.GetRequiredService<ShiftsHandler>().AddAsync(
                new ShiftRequest(start, start.AddDays(1), day == 0 ? officers : "值班员（轮班）", day == 0 ? leader : "带班领导（轮班）", phone,
                    day == 0 ? "重点关注大风降温和供暖保障" : null), ct), "shift"), ct);
        }
    }
}
