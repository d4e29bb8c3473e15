using Beacon.Platform.Data;
using Beacon.Platform.Seeding;
using Beacon.Resources.Nearest;
using Beacon.Resources.Registry;
using Beacon.Resources.Stock;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources;

/// <summary>
/// Seeds the supply category tree (top classes of GB/T 38565-2020 as data) and, for demonstrations only, a few real-looking
/// resources of 包头市 (150200) and 昆都仑区 (150203) with stock: only when the register is still empty, a handful of rows.
/// </summary>
internal sealed class ResourcesSeed(BeaconDbFactory dbs, TimeProvider clock) : IModuleSeed
{
    internal static readonly (string Code, string Name, string NameEn, string? Parent)[] Categories =
    [
        ("01", "生命救助", "Life rescue", null),
        ("0101", "搜救设备", "Search and rescue equipment", "01"),
        ("0102", "医疗急救", "Medical first aid", "01"),
        ("02", "生命支持", "Life support", null),
        ("0201", "防护用品", "Protective equipment", "02"),
        ("03", "救援运载", "Rescue transport", null),
        ("04", "临时安置", "Temporary shelter", null),
        ("0401", "帐篷", "Tents", "04"),
        ("0402", "被服", "Bedding and clothing", "04"),
        ("05", "污染清理", "Pollution clean-up", null),
        ("06", "动力燃料", "Power and fuel", null),
        ("07", "工程设备", "Engineering equipment", null),
        ("0701", "防汛物资", "Flood control materials", "07"),
        ("08", "器材工具", "Tools and equipment", null),
        ("09", "照明设备", "Lighting", null),
        ("10", "通信广播", "Communications and broadcasting", null),
        ("11", "交通运输", "Transport", null),
        ("12", "工程材料", "Engineering materials", null),
        ("13", "生活用品", "Daily necessities", null),
    ];

    public async Task SeedAsync(bool demo, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        if (!await db.Set<SupplyCategory>().AnyAsync(ct))
        {
            db.AddRange(Categories.Select(c => new SupplyCategory { Code = c.Code, Name = c.Name, NameEn = c.NameEn, ParentCode = c.Parent }));
            db.AddRange(
                new SupplyItem { Code = "0401-001", Name = "单帐篷", CategoryCode = "0401", Unit = "顶", Specification = "12 m² 棉帐篷", MinimumStock = 100 },
                new SupplyItem { Code = "0402-001", Name = "棉被", CategoryCode = "0402", Unit = "床", Specification = "2 kg", MinimumStock = 300 },
                new SupplyItem { Code = "0402-002", Name = "折叠床", CategoryCode = "0402", Unit = "张", Specification = "单人", MinimumStock = 100 },
                new SupplyItem { Code = "0701-001", Name = "编织袋", CategoryCode = "0701", Unit = "条", Specification = "50×80 cm", MinimumStock = 5000 },
                new SupplyItem { Code = "0701-002", Name = "救生衣", CategoryCode = "0701", Unit = "件", Specification = "成人款", MinimumStock = 200 },
                new SupplyItem { Code = "0102-001", Name = "急救包", CategoryCode = "0102", Unit = "个", Specification = "家庭型", MinimumStock = 100 },
                new SupplyItem { Code = "13-001", Name = "矿泉水", CategoryCode = "13", Unit = "箱", Specification = "550 ml×24", MinimumStock = 500 });
            await db.SaveChangesAsync(ct);
        }

        if (!demo || await db.Set<Resource>().AnyAsync(ct))
        {
            return;
        }

        var jurisdictions = await db.Jurisdictions.AsNoTracking().Where(j => j.Code == "150200" || j.Code == "150203").ToDictionaryAsync(j => j.Code, j => j.Id, ct);
        if (jurisdictions.Count < 2)
        {
            return;
        }

        var now = clock.GetUtcNow();
        Resource R(string code, ResourceKind kind, string name, string owner, string category, double lat, double lon, string contact, string phone,
            string[]? specialities = null, int? capacity = null, int? headcount = null, string details = "", bool shared = false, Readiness readiness = Readiness.Ready) => new()
            {
                Kind = kind,
                Name = name,
                JurisdictionId = jurisdictions[code],
                OwnerUnit = owner,
                Category = category,
                Latitude = lat,
                Longitude = lon,
                Cell = GeoGrid.CellOf(lat, lon),
                Contact = contact,
                Phone = phone,
                Specialities = Specialities.Join(specialities ?? []),
                Capacity = capacity,
                Headcount = headcount,
                Details = details,
                IsShared = shared,
                Readiness = readiness,
                Address = "内蒙古自治区" + (code == "150203" ? "包头市昆都仑区" : "包头市"),
                CreatedAt = now,
                CreatedBy = "system",
            };
        var cityStore = R("150200", ResourceKind.Warehouse, "包头市应急物资储备库", "包头市应急管理局", "市级", 40.6213, 109.9536, "王保管", "0472-5111119",
            capacity: 12000, details: "24小时值班；叉车2台，货运车辆4辆", shared: true);
        var countyStore = R("150203", ResourceKind.Warehouse, "昆都仑区应急物资储备点", "昆都仑区应急管理局", "县级", 40.6580, 109.8225, "李保管", "0472-2155110", capacity: 2000);
        db.AddRange(
            cityStore, countyStore,
            R("150200", ResourceKind.RescueTeam, "包头市消防救援支队特勤大队", "包头市消防救援支队", "综合性消防救援", 40.6452, 109.8667, "赵队长", "0472-2119119",
                ["rescue", "fire", "flood", "hazchem"], headcount: 85, details: "抢险救援车6辆、冲锋舟4艘、排涝泵2台"),
            R("150203", ResourceKind.RescueTeam, "昆都仑区防汛抢险队", "昆都仑区水务局", "专业：防汛", 40.6691, 109.8102, "孙队长", "13904720001",
                ["flood"], headcount: 40, details: "冲锋舟2艘、抽水泵6台、编织袋5000条"),
            R("150200", ResourceKind.RescueTeam, "包钢矿山救护队", "包头钢铁（集团）有限责任公司", "专业：矿山", 40.6381, 109.7718, "周队长", "0472-2183377",
                ["mine", "rescue"], headcount: 60, details: "正压氧气呼吸器40台、生命探测仪2台", shared: true),
            R("150203", ResourceKind.RescueTeam, "昆都仑区蓝天救援队", "昆都仑区应急志愿者协会", "社会：志愿者", 40.6502, 109.8395, "吴队长", "13847200002",
                ["flood", "rescue", "medical"], headcount: 32, readiness: Readiness.Standby),
            R("150200", ResourceKind.Expert, "陈水利（防汛抗旱）", "包头市水利勘测设计院", "正高级工程师", 40.6571, 109.8404, "陈水利", "13904720003", ["flood", "geological"]),
            R("150200", ResourceKind.Expert, "刘安全（危险化学品）", "内蒙古科技大学", "教授", 40.6160, 109.8470, "刘安全", "13904720004", ["hazchem", "fire"]),
            R("150200", ResourceKind.ServiceProvider, "包头市通达应急物流有限公司", "包头市通达应急物流有限公司", "应急物流", 40.6003, 110.0120, "郑经理", "0472-6123456",
                details: "厢式货车20辆；覆盖包头市全域，4小时到达"),
            R("150203", ResourceKind.Shelter, "昆都仑区阿尔丁植物园应急避难场所", "昆都仑区园林局", "Ⅰ类（长期）", 40.6488, 109.8266, "钱主任", "0472-2160001",
                capacity: 20000, details: "应急供水、应急厕所、应急照明、医疗救护点"),
            R("150200", ResourceKind.Shelter, "包头市赛罕塔拉城中草原避难场所", "包头市园林管理处", "Ⅰ类（长期）", 40.6262, 109.8839, "冯主任", "0472-5150002",
                capacity: 50000, details: "应急供水、供电、物资储备、直升机停机坪"));
        await db.SaveChangesAsync(ct);

        var items = await db.Set<SupplyItem>().AsNoTracking().ToDictionaryAsync(i => i.Code, i => i.Id, ct);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        void Stock(Resource w, string item, string batch, long quantity, DateOnly? expires)
        {
            var b = new StockBatch { WarehouseId = w.Id, JurisdictionId = w.JurisdictionId, ItemId = items[item], BatchNo = batch, Quantity = quantity, ExpiresOn = expires, ProducedOn = today.AddYears(-1) };
            db.Add(b);
            db.Add(new StockMovement { BatchId = b.Id, WarehouseId = w.Id, JurisdictionId = w.JurisdictionId, ItemId = b.ItemId, Kind = MovementKind.In, Delta = quantity, Note = "期初入库", At = now, By = "system" });
        }

        Stock(cityStore, "0401-001", "2025-01", 800, null);
        Stock(cityStore, "0402-001", "2025-02", 2500, null);
        Stock(cityStore, "0402-002", "2025-02", 600, null);
        Stock(cityStore, "0701-001", "2025-03", 30000, null);
        Stock(cityStore, "0701-002", "2025-03", 1200, today.AddYears(3));
        Stock(cityStore, "13-001", "2025-06", 900, today.AddDays(20));
        Stock(countyStore, "0401-001", "2025-01", 60, null);
        Stock(countyStore, "0102-001", "2024-05", 150, today.AddDays(-3));
        await db.SaveChangesAsync(ct);
    }
}
