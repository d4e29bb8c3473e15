using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Beacon.Warnings.Drafting;
using Beacon.Warnings.Release;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Warnings.Demo;

/// <summary>
/// The warnings' demo records (Development or <c>Beacon:Demo</c>; off with <c>Beacon:Warnings:DemoWarnings=false</c>):
/// the region's blizzard warning and 包头市's gale warning in force (drafted, reviewed and signed off by three demo
/// accounts, so they reach the demo recipients through the channels configured, the recorder in Development), a cold
/// wave warning of 包头市 awaiting its leader's sign-off, and a draft of 昆都仑区. Written through the handlers.
/// </summary>
internal sealed class DemoWarnings(IServiceProvider services, IConfiguration config, IHostEnvironment environment,
    IHostApplicationLifetime lifetime, ILogger<DemoWarnings> logger, TimeProvider clock)
    : DemoStory(services, config, environment, lifetime, logger)
{
    protected override string Switch => "Beacon:Warnings:DemoWarnings";

    protected override Task<bool> HasRecordsAsync(BeaconDb db, CancellationToken ct) => db.Set<Warning>().AnyAsync(ct);

    protected override async Task TellAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var blizzard = await DraftAsync(@as, "150000", Draft("11B04", WarningLevel.Yellow, now, 36,
            "内蒙古自治区发布暴雪黄色预警",
            "预计今天夜间到明天白天，呼和浩特市、包头市大部地区有中到大雪，局地暴雪，降雪量5～10毫米，并伴有4～5级偏北风，气温下降6～8℃。",
            "各地做好道路除雪保畅和设施农业、牲畜棚圈防护；减少不必要的外出，驾车注意防滑减速；牧区做好转场和饲草料储备。",
            "150100", "150200"), ct);
        await ReleaseAsync(@as, "150000", blizzard, ct);

        var gale = await DraftAsync(@as, "150200", Draft("11B06", WarningLevel.Blue, now, 24,
            "包头市发布大风蓝色预警",
            "受冷空气影响，预计今天下午到夜间包头市有5～6级偏西风，阵风7～8级，部分地区有扬沙。",
            "加固广告牌、围挡、脚手架等临时搭建物；高空、水上作业人员停止作业；注意森林草原防火。",
            "150202", "150203", "150204", "150206", "150207"), ct);
        await ReleaseAsync(@as, "150200", gale, ct);

        var cold = await DraftAsync(@as, "150200", Draft("11B05", WarningLevel.Orange, now, 48,
            "包头市发布寒潮橙色预警",
            "预计明天到后天包头市将出现寒潮天气，气温下降10～12℃，最低气温降至零下22℃，并伴有6级左右偏北风。",
            "做好供暖保障和防寒保暖；牧区做好牲畜防寒；注意煤气中毒防范；老人儿童减少外出。",
            "150200"), ct);
        await StepAsync(@as, Roles.DutyOfficer, "150200", sp => sp.GetRequiredService<ReleaseHandler>().SubmitAsync(cold, "*", ct), ct);
        await StepAsync(@as, Roles.LeaderOnDuty, "150200", sp => sp.GetRequiredService<ReleaseHandler>().ReviewAsync(cold, "*", new ReviewRequest(true, "内容准确，请领导签发。"), ct), ct);

        await DraftAsync(@as, "150203", Draft("11B06", WarningLevel.Yellow, now, 12,
            "昆都仑区发布大风黄色预警",
            "预计今天夜间昆都仑区有6～7级偏西风，阵风8～9级。",
            "停止户外高空作业；加固临时搭建物；行人避免在广告牌、大树下停留。",
            "150203"), ct);
    }

    private static WarningDraftRequest Draft(string code, WarningLevel level, DateTimeOffset now, int hours, string headline, string description,
        string instruction, params string[] divisions) =>
        new(code, level, WarningStatus.Actual, "Expected", "Likely", now, now.AddHours(2), now.AddHours(hours), headline, description, instruction,
            null, null, null, "应急管理局值班室", null, divisions.Select(d => new WarningAreaRequest(null, d, null, null)).ToList());

    private static async Task<Guid> DraftAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, WarningDraftRequest r,
        CancellationToken ct)
    {
        await using var scope = await @as(Roles.DutyOfficer, code, ct);
        var result = await scope.ServiceProvider.GetRequiredService<DraftingHandler>().CreateAsync(r, ct);
        return Done(result) is WarningView w ? w.Id : throw new InvalidOperationException("The demo draft gave no warning.");
    }

    /// <summary>Submitted by the duty officer, reviewed by the leader on duty, signed off by the leader: three people.</summary>
    private static async Task ReleaseAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string code, Guid id, CancellationToken ct)
    {
        await StepAsync(@as, Roles.DutyOfficer, code, sp => sp.GetRequiredService<ReleaseHandler>().SubmitAsync(id, "*", ct), ct);
        await StepAsync(@as, Roles.LeaderOnDuty, code, sp => sp.GetRequiredService<ReleaseHandler>().ReviewAsync(id, "*", new ReviewRequest(true, "同意发布。"), ct), ct);
        await StepAsync(@as, Roles.Leader, code, sp => sp.GetRequiredService<ReleaseHandler>().SignOffAsync(id, "*", new SignOffRequest("签发。"), ct), ct);
    }

    private static async Task StepAsync(Func<string, string, CancellationToken, Task<AsyncServiceScope>> @as, string role, string code,
        Func<IServiceProvider, Task<IResult>> step, CancellationToken ct)
    {
        await using var scope = await @as(role, code, ct);
        Done(await step(scope.ServiceProvider));
    }

    private static object? Done(IResult result) => Accepted(result, "warning");
}
