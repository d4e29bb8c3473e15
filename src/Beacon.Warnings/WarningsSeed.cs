using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings;

/// <summary>
/// Seeds the kinds of warning (codes of the national classification of emergencies, GB/T 35561); with demo data
/// (Development or <c>Beacon:Demo</c>, unless <c>Beacon:Warnings:DemoRecipients</c> is false) the recipients of
/// 包头市 and 昆都仑区 (预警接收人). Idempotent: each part only when missing.
/// </summary>
internal sealed class WarningsSeed(BeaconDbFactory dbs, TimeProvider clock, IOptions<WarningsOptions> options) : IModuleSeed
{
    /// <summary>
    /// The demo recipients: owner jurisdiction, kind, name, unit (by name, of the owner's jurisdiction), phone, e-mail,
    /// areas and, for some, where they are (latitude, longitude).
    /// </summary>
    private static readonly (string Owner, RecipientKind Kind, string Name, string? Unit, string? Phone, string? Email, string Areas, double? Lat, double? Lon)[] DemoRecipients =
    [
        ("150200", RecipientKind.Unit, "包头市应急管理局", "包头市应急管理局", "13904720101", "yjj@baotou.example.cn", "150200", null, null),
        ("150200", RecipientKind.Unit, "包头市人民政府总值班室", "包头市人民政府总值班室", "13904720102", "zbs@baotou.example.cn", "150200", null, null),
        ("150200", RecipientKind.Person, "王建华", "包头市应急管理局", "13904720103", "wangjianhua@baotou.example.cn", "150200", null, null),
        ("150200", RecipientKind.Person, "李秀英", "包头市应急管理局", "13904720104", null, "150200", null, null),
        ("150200", RecipientKind.Person, "张志强", null, "13904720105", null, "150202", 40.5760, 110.0380),
        ("150200", RecipientKind.Person, "刘海涛", null, "13904720106", null, "150204", 40.6680, 109.8650),
        ("150200", RecipientKind.Person, "陈丽娟", null, "13904720107", "chenlijuan@example.cn", "150205", null, null),
        ("150200", RecipientKind.Person, "杨永刚", null, "13904720108", null, "150206", 40.5380, 110.5120),
        ("150200", RecipientKind.Person, "赵文斌", null, "13904720109", null, "150207", null, null),
        ("150200", RecipientKind.Person, "黄淑芬", null, "13904720110", null, "150221", null, null),
        ("150200", RecipientKind.Person, "周国庆", null, "13904720111", null, "150222", 41.2870, 110.4190),
        ("150200", RecipientKind.Person, "吴晓明", null, "13904720112", null, "150223", 41.6730, 110.0120),
        ("150200", RecipientKind.Subscriber, "包头钢铁（集团）有限责任公司安全部", null, "13904720113", "anquan@btsteel.example.cn", "150203、150205", 40.6480, 109.7760),
        ("150200", RecipientKind.Subscriber, "包头市第一中学", null, "13904720114", null, "150204", 40.6590, 109.8460),
        ("150203", RecipientKind.Unit, "昆都仑区应急管理局", "昆都仑区应急管理局", "13904720201", "yjj@kdl.example.cn", "150203", 40.6614, 109.8227),
        ("150203", RecipientKind.Unit, "昆都仑区人民政府总值班室", "昆都仑区人民政府总值班室", "13904720202", "zbs@kdl.example.cn", "150203", null, null),
        ("150203", RecipientKind.Person, "孙海燕", "昆都仑区应急管理局", "13904720203", null, "150203", null, null),
        ("150203", RecipientKind.Person, "马俊峰", "昆都仑区应急管理局", "13904720204", "majunfeng@kdl.example.cn", "150203", null, null),
        ("150203", RecipientKind.Person, "朱丽华", null, "13904720205", null, "150203002", 40.6550, 109.8330),
        ("150203", RecipientKind.Person, "胡建军", null, "13904720206", null, "150203003", 40.6420, 109.8120),
        ("150203", RecipientKind.Person, "郭秀兰", null, "13904720207", null, "150203004", null, null),
        ("150203", RecipientKind.Person, "何志刚", null, "13904720208", null, "150203005", 40.6690, 109.7980),
        ("150203", RecipientKind.Person, "高玉梅", null, "13904720209", null, "150203006", null, null),
        ("150203", RecipientKind.Person, "林德明", null, "13904720210", null, "150203007", 40.6300, 109.8400),
        ("150203", RecipientKind.Person, "罗春燕", null, "13904720211", null, "150203008", null, null),
        ("150203", RecipientKind.Person, "郑国栋", null, "13904720212", null, "150203009", 40.7050, 109.7650),
        ("150203", RecipientKind.Person, "梁红霞", null, "13904720213", null, "150203", null, null),
        ("150203", RecipientKind.Person, "谢宝山", null, "13904720214", null, "150203", 40.7400, 109.7200),
        ("150203", RecipientKind.Person, "宋晓东", null, "13904720215", "songxiaodong@example.cn", "150203", null, null),
        ("150203", RecipientKind.Subscriber, "昆都仑水库管理所", null, "13904720216", null, "150203", 40.7800, 109.7050),
        ("150203", RecipientKind.Subscriber, "包头市昆区友谊大街小学", null, "13904720217", null, "150203002", 40.6570, 109.8400),
        ("150203", RecipientKind.Subscriber, "昆区万达广场物业服务中心", null, "13904720218", "wuye@example.cn", "150203003", 40.6510, 109.8210),
        ("150203", RecipientKind.Subscriber, "内蒙古第一机械集团安全环保部", null, "13904720219", null, "150203", 40.6350, 109.7900),
        ("150203", RecipientKind.Subscriber, "昆都仑区卜尔汉图镇卫生院", null, "13904720220", null, "150203100", 40.7900, 109.6800),
    ];

    private static readonly (string Code, string Name, string NameEn, string Category)[] EventTypes =
    [
        ("11A01", "洪水", "Flood", "Met"),
        ("11A02", "干旱", "Drought", "Met"),
        ("11B03", "暴雨", "Rainstorm", "Met"),
        ("11B04", "暴雪", "Snowstorm", "Met"),
        ("11B05", "寒潮", "Cold wave", "Met"),
        ("11B06", "大风", "Gale", "Met"),
        ("11B07", "沙尘暴", "Sandstorm", "Met"),
        ("11B10", "冰雹", "Hail", "Met"),
        ("11C01", "地震", "Earthquake", "Geo"),
        ("11D01", "滑坡", "Landslide", "Geo"),
        ("11D02", "泥石流", "Debris flow", "Geo"),
        ("11F01", "森林火险", "Forest fire danger", "Fire"),
        ("11F02", "草原火险", "Grassland fire danger", "Fire"),
    ];

    public async Task SeedAsync(bool demo, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        if (!await db.Set<WarningEventType>().AnyAsync(ct))
        {
            db.AddRange(EventTypes.Select(t => new WarningEventType { Code = t.Code, Name = t.Name, NameEn = t.NameEn, Category = t.Category }));
            await db.SaveChangesAsync(ct);
        }

        if (demo && options.Value.DemoRecipients && !await db.Set<Recipient>().AnyAsync(ct))
        {
            await SeedDemoRecipientsAsync(db, ct);
        }
    }

    private async Task SeedDemoRecipientsAsync(BeaconDb db, CancellationToken ct)
    {
        var owners = await db.Jurisdictions.AsNoTracking().Where(j => j.Code == "150200" || j.Code == "150203").ToDictionaryAsync(j => j.Code, j => j.Id, ct);
        if (owners.Count != 2)
        {
            return;
        }

        var ownerIds = owners.Values.ToList();
        var units = await db.Units.AsNoTracking().Where(u => ownerIds.Contains(u.JurisdictionId)).Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var (owner, kind, name, unit, phone, email, areas, lat, lon) in DemoRecipients)
        {
            var recipient = new Recipient
            {
                Kind = kind,
                Name = name,
                UnitId = units.FirstOrDefault(u => u.Name == unit)?.Id,
                OwnerJurisdictionId = owners[owner],
                Phone = phone,
                Email = email,
                Latitude = lat,
                Longitude = lon,
                CreatedAt = now,
            };
            recipient.Areas.AddRange(areas.Split('、').Select(c => new RecipientArea { RecipientId = recipient.Id, Code = c, Prefix = AreaCodes.Prefix(c) }));
            db.Add(recipient);
        }

        await db.SaveChangesAsync(ct);
    }
}
