using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Beacon.Incidents;
using Beacon.Incidents.Attachments;
using Beacon.Incidents.Clues;
using Beacon.Incidents.Deadlines.OverdueAlerts;
using Beacon.Incidents.Deadlines.ReportingRules;
using Beacon.Incidents.Duty;
using Beacon.Incidents.Duty.Handovers;
using Beacon.Incidents.Escalation.SignForReceipt;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Instructions.CarryOut;
using Beacon.Incidents.Instructions.IssueInstruction;
using Beacon.Incidents.Instructions.Supervise;
using Beacon.Incidents.Reporting.LeaderApproval;
using Beacon.Incidents.Reporting.LogPhoneReport;
using Beacon.Incidents.Reporting.SubmitReport;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Plans;
using Beacon.Plans.Drills.PlanDrill;
using Beacon.Plans.Evaluation;
using Beacon.Plans.Plans.Cycles;
using Beacon.Plans.Plans.RegisterPlan;
using Beacon.Plans.Plans.ReviewPlan;
using Beacon.Plans.Response.Activate;
using Beacon.Plans.Response.Tasks;
using Beacon.Platform.Accounts;
using Beacon.Platform.Accounts.Me;
using Beacon.Platform.Accounts.ResetPassword;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.ApiTokens.CreateToken;
using Beacon.Platform.ApiTokens.RevokeToken;
using Beacon.Platform.Audit;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Seeding;
using Beacon.Platform.Units.ListUnits;
using Beacon.Platform.Units.UpdateUnit;
using Beacon.Resources;
using Beacon.Resources.Allocation;
using Beacon.Resources.Registry;
using Beacon.Resources.Stock;
using Beacon.Risks;
using Beacon.Testing;
using Beacon.Warnings;
using Beacon.Warnings.CapIn;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Dissemination.Deliveries;
using Beacon.Warnings.Drafting;
using Beacon.Warnings.Release;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// Issue 12, acceptance 1: every action (permission) of the kernel, incidents and warnings, tried by every demo role
/// in the target's own, parent, child and sibling jurisdiction, once through the HTTP API and once through the
/// page's path (the handler resolved from the host's services with the actor set as the Blazor circuit sets it).
/// The two must agree on every refusal, refusals must match the permission table, and nobody outside the
/// target's jurisdiction gets anything done.
/// </summary>
public sealed class PermissionMatrixTests(SqliteBeacon beacon) : LaneTests(beacon), IClassFixture<SqliteBeacon>
{
    private const string Target = "150200";

    /// <summary>The jurisdictions of the actors, seen from the targets' jurisdiction (包头市 150200).</summary>
    private static readonly (string Relation, string Code)[] Relations =
        [("own", "150200"), ("parent", "150000"), ("child", "150203"), ("sibling", "150100")];

    private static readonly Dictionary<string, string> Prefix = new()
    {
        [Roles.Administrator] = "admin",
        [Roles.DutyOfficer] = "duty",
        [Roles.LeaderOnDuty] = "onduty",
        [Roles.Leader] = "leader",
        [Roles.DepartmentLiaison] = "liaison",
        [Roles.Viewer] = "viewer",
    };

    private enum Outcome
    {
        /// <summary>Refused for want of the permission (403 <c>permission.denied</c>, or the handler's PermissionDeniedException).</summary>
        Denied,

        /// <summary>Done (2xx, or the handler's success outcome).</summary>
        Done,

        /// <summary>Let through by the permission but not done: not found, out of scope, conflict, invalid …</summary>
        NotDone,
    }

    /// <summary>One action tried both ways. <see cref="Targeted"/> actions act on a record of 150200; the others create in the actor's own place.</summary>
    private sealed record Probe(
        Permission Permission,
        string Method,
        string Url,
        object? Body,
        bool Targeted,
        Func<IServiceProvider, Task<object?>> Page);

    [Fact]
    public async Task Every_action_of_the_three_modules_is_refused_alike_by_the_api_and_the_page_for_every_demo_role_and_jurisdiction()
    {
        var t = await ArrangeAsync();
        var probes = Probes(t).Concat(RiskProbes(await ArrangeRisksAsync())).ToList();
        var permissions = Beacon.Services.GetServices<Permission>().ToList();
        Assert.Equal(permissions.Select(p => p.Code).Order(StringComparer.Ordinal), probes.Select(p => p.Permission.Code).Distinct().Order(StringComparer.Ordinal));

        var failures = new List<string>();
        foreach (var probe in probes)
        {
            foreach (var (relation, code) in Relations)
            {
                foreach (var role in Roles.All)
                {
                    var userName = $"{Prefix[role]}.{code}";
                    var api = await ThroughApiAsync(await Beacon.SignInAsync(userName), probe);
                    var page = await ThroughPageAsync(userName, probe);
                    var allowed = RolesOf(probe.Permission).Contains(role);
                    var cell = $"{probe.Permission.Code} × {role} × {relation} ({userName})";
                    if ((api == Outcome.Denied) != (page == Outcome.Denied))
                    {
                        failures.Add($"{cell}: the API answered {api}, the page's path {page}");
                    }

                    if ((api == Outcome.Denied) == allowed || (page == Outcome.Denied) == allowed)
                    {
                        failures.Add($"{cell}: the table says {(allowed ? "allowed" : "refused")}, API {api}, page {page}");
                    }

                    if (probe.Targeted && relation is "child" or "sibling" && (api == Outcome.Done || page == Outcome.Done))
                    {
                        failures.Add($"{cell}: done on a record outside the actor's jurisdiction (API {api}, page {page})");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task A_viewer_can_neither_sign_for_nor_forward_a_report_through_the_api_or_the_page_and_the_page_offers_neither()
    {
        var reporter = await Beacon.SignInAsync("duty.150203");
        var created = await reporter.PostJsonAsync("/api/v1/incidents", IncidentBody("150203", "昆都仑区某厂房起火"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incident = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var viewer = await Beacon.SignInAsync("viewer.150200");

        using var sign = await viewer.PostJsonAsync($"/api/v1/incidents/{incident}/sign", new { assessment = (string?)null });
        using var forward = await viewer.PostJsonAsync($"/api/v1/incidents/{incident}/forward", new { assessment = "查看人员不能转报" });
        await AssertDeniedAsync(sign, IncidentPermissions.Sign);
        await AssertDeniedAsync(forward, IncidentPermissions.Forward);

        await using (var scope = await PageScopeAsync("viewer.150200"))
        {
            var handler = scope.ServiceProvider.GetRequiredService<EscalationHandler>();
            var signed = await Assert.ThrowsAsync<PermissionDeniedException>(() => handler.SignAsync(incident, new SignRequest(null), Ct));
            var forwarded = await Assert.ThrowsAsync<PermissionDeniedException>(() => handler.ForwardAsync(incident, new ForwardRequest("查看人员不能转报"), Ct));
            Assert.Same(IncidentPermissions.Sign, signed.Permission);
            Assert.Same(IncidentPermissions.Forward, forwarded.Permission);
        }

        // Nothing was signed, and every refusal is in the audit trail.
        var inbox = await (await Beacon.SignInAsync("duty.150200")).GetAllPagesAsync<JsonElement>("/api/v1/inbox", Ct);
        var received = Assert.Single(inbox, i => i.GetProperty("incidentId").GetGuid() == incident);
        Assert.Equal(JsonValueKind.Null, received.GetProperty("signedAt").ValueKind);
        await using var db = Beacon.Db();
        var denied = await db.AuditEntries.Where(e => e.UserName == "viewer.150200" && e.Outcome == AuditOutcome.Denied && e.EntityId == incident.ToString()).ToListAsync(Ct);
        Assert.Equal(2, denied.Count(e => e.Action == "incident.sign"));
        Assert.Equal(2, denied.Count(e => e.Action == "incident.forward"));

        // The page (prerendered) offers the duty officer 签收 and 转报上级, the viewer and the leader neither.
        var dutyPage = await (await Beacon.SignInAsync("duty.150200")).GetStringAsync($"/incidents/{incident}", Ct);
        Assert.Contains("data-testid=\"incident-sign\"", dutyPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"incident-forward\"", dutyPage, StringComparison.Ordinal);
        foreach (var userName in new[] { "viewer.150200", "leader.150200" })
        {
            var html = await (await Beacon.SignInAsync(userName)).GetStringAsync($"/incidents/{incident}", Ct);
            Assert.Contains(WebUtility.HtmlEncode("昆都仑区某厂房起火"), html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"incident-sign\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"incident-forward\"", html, StringComparison.Ordinal);
        }

        // Once forwarded, 转报上级 is no longer offered.
        var duty = await Beacon.SignInAsync("duty.150200");
        Assert.Equal(HttpStatusCode.OK, (await duty.PostJsonAsync($"/api/v1/incidents/{incident}/forward", new { assessment = "研判后转报自治区" })).StatusCode);
        var after = await duty.GetStringAsync($"/incidents/{incident}", Ct);
        Assert.DoesNotContain("data-testid=\"incident-forward\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_write_endpoint_of_the_api_declares_a_permission_and_every_permission_has_a_title_in_both_languages()
    {
        var endpoints = Beacon.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .ToList();
        var writes = endpoints.Where(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Any(m => m is not ("GET" or "HEAD" or "OPTIONS"))).ToList();
        Assert.NotEmpty(writes);
        var undeclared = writes.Where(e => e.Metadata.GetMetadata<PermissionRequirement>() is null).Select(e => e.DisplayName).ToList();
        Assert.True(undeclared.Count == 0, "Write endpoints without a permission: " + string.Join(", ", undeclared));

        var permissions = Beacon.Services.GetServices<Permission>().ToList();
        Assert.Equal(permissions.Count, permissions.Select(p => p.Code).Distinct(StringComparer.Ordinal).Count());
        // Every permission gates some endpoint: a write, or a read that is not everyone's (报送及时率统计).
        var used = endpoints.SelectMany(e => e.Metadata.GetMetadata<PermissionRequirement>()?.AnyOf ?? []).ToHashSet();
        Assert.All(permissions, p => Assert.Contains(p, used));

        var factory = Beacon.Services.GetRequiredService<IStringLocalizerFactory>();
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var p in permissions)
            {
                Assert.All(p.Roles, r => Assert.True(Roles.IsKnown(r), $"{p.Code}: unknown role {r}"));
                var localizer = factory.Create(p.Resource);
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
                var zh = localizer[p.TitleKey];
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
                var en = localizer[p.TitleKey];
                Assert.False(zh.ResourceNotFound, $"{p.Code}: no zh-CN title {p.TitleKey}");
                Assert.False(en.ResourceNotFound, $"{p.Code}: no en-US title {p.TitleKey}");
                Assert.NotEqual(zh.Value, en.Value);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private IReadOnlyList<string> RolesOf(Permission permission)
    {
        using var scope = Beacon.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<PermissionCheck>().RolesOf(permission);
    }

    private static async Task AssertDeniedAsync(HttpResponseMessage response, Permission permission)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(PermissionCheck.DeniedCode, problem.GetProperty("code").GetString());
        Assert.Equal(permission.Code, problem.GetProperty("permission").GetString());
    }

    private static async Task<Outcome> ThroughApiAsync(HttpClient client, Probe probe)
    {
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
        request.Headers.IfMatch.ParseAdd("*");
        request.Content = probe.Body switch
        {
            null => null,
            byte[] png => Photo(png),
            string xml => new StringContent(xml, Encoding.UTF8, "application/cap+xml"),
            var body => new StringContent(JsonSerializer.Serialize(body, BeaconFactory.Json), Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, Ct);
        if (response.StatusCode == HttpStatusCode.Forbidden
            && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && (await response.JsonAsync()).TryGetProperty("code", out var code) && code.GetString() == PermissionCheck.DeniedCode)
        {
            return Outcome.Denied;
        }

        return response.IsSuccessStatusCode ? Outcome.Done : Outcome.NotDone;
    }

    private async Task<Outcome> ThroughPageAsync(string userName, Probe probe)
    {
        await using var scope = await PageScopeAsync(userName);
        object? result;
        try
        {
            result = await probe.Page(scope.ServiceProvider);
        }
        catch (PermissionDeniedException)
        {
            return Outcome.Denied;
        }

        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result switch
        {
            IStatusCodeHttpResult { StatusCode: { } status } => status is >= 200 and < 300 ? Outcome.Done : Outcome.NotDone,
            IResult => Outcome.NotDone,
            null or false => Outcome.NotDone,
            true => Outcome.Done,
            // The kernel's handlers answer pages with outcome records: Created, Updated … or a reason why not.
            var outcome when outcome.GetType().Name is "Created" or "Updated" or "Merged" or "Retired" => Outcome.Done,
            var outcome when outcome.GetType().Name.EndsWith("View", StringComparison.Ordinal) || outcome.GetType().Name.EndsWith("Result", StringComparison.Ordinal) => Outcome.Done,
            _ => Outcome.NotDone,
        };
    }

    /// <summary>A service scope as a Blazor circuit of <paramref name="userName"/> has it: the actor built from the signed-in principal.</summary>
    private async Task<AsyncServiceScope> PageScopeAsync(string userName)
    {
        Guid userId;
        await using (var db = Beacon.Db())
        {
            userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(Ct);
        }

        var scope = Beacon.Services.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<SignInService>().PrincipalForAsync(userId, IdentityConstants.ApplicationScheme, Ct);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.FromPrincipal(principal!, "127.0.0.1"));
        return scope;
    }

    private static T As<T>(object body) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(body, BeaconFactory.Json), BeaconFactory.Json)!;

    private static MultipartFormDataContent Photo(byte[] png)
    {
        var part = new ByteArrayContent(png);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { part, "file", "现场.png" } };
    }

    private Dictionary<string, object?> IncidentBody(string location, string title) => new()
    {
        ["title"] = title,
        ["eventTypeCode"] = "12C01",
        ["severity"] = "IV",
        ["isSensitive"] = false,
        ["occurredAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-10),
        ["learnedAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-5),
        ["locationCode"] = location,
        ["source"] = "Phone",
        ["narrative"] = "现场情况核实中。",
        ["signer"] = "值班员",
    };

    private Dictionary<string, object?> WarningBody(string headline) => new()
    {
        ["eventCode"] = "11B03",
        ["level"] = "Yellow",
        ["expiresAt"] = Beacon.Clock.GetUtcNow().AddHours(12),
        ["headline"] = headline,
        ["description"] = "预计未来6小时内将出现50毫米以上降雨。",
        ["instruction"] = "做好防暴雨准备。",
        ["areas"] = new object[] { new { divisionCode = Target } },
    };

    /// <summary>The records of 包头市 (150200) the actions target, and the sibling's missing demo accounts.</summary>
    private sealed record Targets(
        Guid Incident, Guid RegionDutyRoom, Guid Department, Guid DutyRoom, Guid Instruction, Guid Assignment, Guid Verification,
        Guid Clue, Guid Shift, Guid Rule, Guid DraftWarning, Guid WarningInReview, Guid ApprovedWarning, Guid PublishedWarning,
        Guid Recipient, Guid Unit, Guid Account, Guid Token, Guid Warehouse, Guid Supply, Guid Allocation, Guid ApprovedAllocation,
        Guid Plan, Guid PlanTask, Guid Handover);

    private static object PlanBody(string title, Guid unit) => new
    {
        title,
        type = "Special",
        status = "InForce",
        eventTypeCodes = new[] { "12C" },
        levels = new object[]
        {
            new { level = "II", criteria = "deaths >= 0", groups = new[] { new { name = "综合协调组", memberUnitIds = new[] { unit }, duties = "协调" } } },
            new { level = "IV", criteria = "deaths >= 0", groups = new[] { new { name = "综合协调组", memberUnitIds = new[] { unit }, duties = "协调" } } },
        },
    };

    private async Task<Targets> ArrangeAsync()
    {
        var region = await Beacon.SignInAsync("admin.150000");
        async Task<List<UnitView>> UnitsAsync(string code, string kind) =>
            await region.GetAllPagesAsync<UnitView>($"/api/v1/units?jurisdiction={code}&kind={kind}", Ct);
        var dutyRoom = (await UnitsAsync(Target, "DutyRoom")).Single().Id;
        var regionDutyRoom = (await UnitsAsync("150000", "DutyRoom")).Single().Id;

        // 呼和浩特市 (150100) has only an administrator and a duty officer among the demo accounts: add the other roles.
        var siblingRoom = (await UnitsAsync("150100", "DutyRoom")).Single().Id;
        var siblingDepartment = (await UnitsAsync("150100", "LineDepartment")).First().Id;
        foreach (var role in new[] { Roles.LeaderOnDuty, Roles.Leader, Roles.DepartmentLiaison, Roles.Viewer })
        {
            var added = await region.PostJsonAsync("/api/v1/accounts", new
            {
                userName = $"{Prefix[role]}.150100",
                displayName = $"呼和浩特{Prefix[role]}",
                unitId = role == Roles.DepartmentLiaison ? siblingDepartment : siblingRoom,
                roles = new[] { role },
                password = DemoAccounts.Password,
            });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var unit = await IdAsync(region.PostJsonAsync("/api/v1/units", new { jurisdictionCode = Target, name = "包头市矩阵测试局", kind = "LineDepartment" }));
        var account = (await (await region.PostJsonAsync("/api/v1/accounts", new
        {
            userName = "target.150200",
            displayName = "矩阵测试账号",
            unitId = dutyRoom,
            roles = new[] { Roles.Viewer },
            password = DemoAccounts.Password,
        })).JsonAsync()).GetProperty("account").GetProperty("id").GetGuid();
        var token = (await (await region.PostJsonAsync("/api/v1/tokens", new { name = "包头市接口", unitId = dutyRoom, roles = new[] { Roles.DutyOfficer } }))
            .ReadAsync<CreatedToken>()).Token.Id;
        var rule = (await (await region.GetAsync("/api/v1/reporting-rules", Ct)).JsonAsync())[0].GetProperty("id").GetGuid();

        var duty = await Beacon.SignInAsync("duty.150200");
        var department = (await (await (await Beacon.SignInAsync("liaison.150200")).GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>()).UnitId!.Value;
        var incident = await IdAsync(duty.PostJsonAsync("/api/v1/incidents", IncidentBody(Target, "包头市某仓库火灾")));
        var instruction = await (await duty.PostJsonAsync($"/api/v1/incidents/{incident}/instructions", new
        {
            kind = "Referral",
            text = "请市应急局做好现场处置。",
            toUnitIds = new[] { department },
        })).JsonAsync();
        var verification = await IdAsync((await Beacon.SignInAsync("duty.150000")).PostJsonAsync("/api/v1/verification-requests", new { toUnitId = dutyRoom, clue = "请核实包头市某处冒烟" }));
        var clue = await IdAsync(duty.PostJsonAsync("/api/v1/clues", new { source = "微博", excerpt = "网传包头市某处冒烟", heat = "Medium" }));
        var shiftStarts = Beacon.Clock.GetUtcNow().AddDays(30);
        var shift = await IdAsync(duty.PostJsonAsync("/api/v1/duty/shifts", new { startsAt = shiftStarts, endsAt = shiftStarts.AddHours(8), dutyOfficers = "张三", leaderOnDuty = "李四" }));
        var recipient = await IdAsync(duty.PostJsonAsync("/api/v1/recipients", new { kind = "Person", name = "包头市某社区负责人", phone = "13800000000", areas = new[] { Target } }));
        var plan = await IdAsync(duty.PostJsonAsync("/api/v1/plans", PlanBody("包头市矩阵测试预案（甲）", dutyRoom)));
        var activatedPlan = await IdAsync(duty.PostJsonAsync("/api/v1/plans", PlanBody("包头市矩阵测试预案（乙）", dutyRoom)));
        var activation = await (await (await Beacon.SignInAsync("leader.150200")).PostJsonAsync($"/api/v1/incidents/{incident}/plan-activations",
            new { planId = activatedPlan, level = "IV" })).JsonAsync();

        // Resources: a shared warehouse of 包头市 with stock, a request for its supplies, and one already approved.
        var warehouse = await IdAsync(duty.PostJsonAsync("/api/v1/resources", new { kind = "Warehouse", name = "包头市矩阵测试储备库", ownerUnit = "包头市应急管理局", latitude = 40.62, longitude = 109.95, isShared = true }));
        var supply = (await (await duty.GetAsync("/api/v1/supplies", Ct)).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse}/movements", new { kind = "In", itemId = supply, batchNo = "MATRIX-1", quantity = 10000 })).StatusCode);
        var countyDuty = await Beacon.SignInAsync("duty.150203");
        var allocationBody = new { warehouseId = warehouse, purpose = "矩阵测试调拨", lines = new[] { new { itemId = supply, quantity = 1 } } };
        var approved = await IdAsync(countyDuty.PostJsonAsync("/api/v1/allocations", allocationBody));
        Assert.Equal(HttpStatusCode.OK, (await (await Beacon.SignInAsync("leader.150200")).PostJsonAsync($"/api/v1/allocations/{approved}/approve", new { })).StatusCode);

        // Warnings at each stage: a draft, one in review, one approved, one published.
        var onDuty = await Beacon.SignInAsync("onduty.150200");
        var leader = await Beacon.SignInAsync("leader.150200");
        async Task<Guid> WarningAsync(string headline, int steps)
        {
            var id = await IdAsync(duty.PostJsonAsync("/api/v1/warnings", WarningBody(headline)));
            var actions = new (HttpClient Client, string Step, object? Body)[]
            {
                (duty, "submit", null), (onDuty, "review", new { approve = true, note = "同意" }), (leader, "sign-off", new { note = "签发" }),
            };
            foreach (var (client, step, body) in actions.Take(steps))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{id}/{step}");
                request.Headers.IfMatch.ParseAdd("*");
                request.Content = body is null ? null : new StringContent(JsonSerializer.Serialize(body, BeaconFactory.Json), Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request, Ct);
                Assert.True(response.IsSuccessStatusCode, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            }

            return id;
        }

        return new Targets(
            incident, regionDutyRoom, department, dutyRoom,
            instruction.GetProperty("id").GetGuid(), instruction.GetProperty("assignments")[0].GetProperty("id").GetGuid(), verification,
            clue, shift, rule,
            await WarningAsync("包头市气象台发布暴雨黄色预警（草稿）", 0),
            await WarningAsync("包头市气象台发布暴雨黄色预警（待审核）", 1),
            await WarningAsync("包头市气象台发布暴雨黄色预警（待签发）", 2),
            await WarningAsync("包头市气象台发布暴雨黄色预警", 3),
            recipient, unit, account, token, warehouse, supply,
            await IdAsync(countyDuty.PostJsonAsync("/api/v1/allocations", allocationBody)), approved,
            plan, activation.GetProperty("tasks")[0].GetProperty("id").GetGuid(),
            await IdAsync(duty.PostJsonAsync("/api/v1/duty/handovers", new { notes = "矩阵测试交班" })));
    }

    private static async Task<Guid> IdAsync(Task<HttpResponseMessage> send)
    {
        using var response = await send;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private List<Probe> Probes(Targets t)
    {
        var now = Beacon.Clock.GetUtcNow();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
        const string cap = "<alert/>";
        var report = IncidentBody(Target, "矩阵测试首报");
        var followUp = new { kind = "FollowUp", severity = "IV", narrative = "续报：明火已扑灭。", signer = "值班员" };
        var phone = new { toUnitId = t.RegionDutyRoom, caller = "值班员", callee = "自治区值班员", calledAt = now, summary = "电话报告火情" };
        var forward = new { assessment = "研判后转报" };
        var propose = new { kind = "Proposal", text = "拟请市应急局牵头处置。", toUnitIds = new[] { t.Department } };
        var instruct = new { kind = "LeaderInstruction", text = "全力救治伤员。", leaderName = "王局长", toUnitIds = new[] { t.Department } };
        var supervise = new { note = "请加快落实。", dueAt = now.AddDays(1) };
        var verify = new { toUnitId = t.DutyRoom, clue = "请核实某处冒烟" };
        var answer = new { result = "Confirmed", text = "经核实属实。" };
        var link = new { incidentId = t.Incident };
        var clue = new { source = "微博", excerpt = "网传某处冒烟", heat = "Low" };
        var judge = new { judgement = "研判为一般线索。" };
        var log = new { text = "矩阵测试值班日志。", isHandover = false };
        var handOver = new { notes = "矩阵测试交班说明。" };
        var acknowledge = new { note = "矩阵测试接班。" };
        var shift = new { startsAt = now.AddDays(40), endsAt = now.AddDays(40).AddHours(8), dutyOfficers = "王五", leaderOnDuty = "赵六" };
        var rule = new { name = "矩阵测试规则", isActive = true, coversSensitive = false, reportTo = "上一级" };
        var newRule = new { name = "矩阵测试新规则", minSeverity = "IV", coversSensitive = false, writtenMinutes = 60, reportToLevel = "Prefecture", jurisdictionCode = Target, eventTypeCode = "11D04" };
        var draft = WarningBody("包头市气象台更新暴雨黄色预警");
        var unit = new { name = "包头市矩阵测试局（改）", kind = "LineDepartment" };
        var recipient = new { kind = "Person", name = "矩阵测试接收人", phone = "13900000000", areas = new[] { Target } };
        var resource = new { kind = "Warehouse", name = "包头市矩阵测试储备库（改）", ownerUnit = "包头市应急管理局", latitude = 40.62, longitude = 109.95, isShared = true };
        var movement = new { kind = "In", itemId = t.Supply, batchNo = "MATRIX-2", quantity = 1 };
        var allocation = new { warehouseId = t.Warehouse, purpose = "矩阵测试调拨", lines = new[] { new { itemId = t.Supply, quantity = 1 } } };
        var approve = new { note = "同意" };
        var plan = PlanBody("包头市矩阵测试预案（登记）", t.DutyRoom);
        var review = new { reviewCycleMonths = 24 };
        var template = new { title = "矩阵测试评估模板", items = new[] { new { name = "信息报送", maxScore = 10, weight = 1 } } };
        var activate = new { planId = t.Plan, level = "II" };
        var drill = new
        {
            title = "包头市矩阵测试演练",
            type = "Tabletop",
            participantUnitIds = new[] { t.DutyRoom },
            scenario = "某仓库火灾",
            startsAt = now.AddDays(2),
            endsAt = now.AddDays(2).AddHours(2),
            injects = new[] { new { title = "仓库起火", eventTypeCode = "12C01", text = "接报某仓库起火" } },
        };
        var ruleHttp = new DefaultHttpContext();
        ruleHttp.Request.Headers.IfMatch = "*";

        static T H<T>(IServiceProvider sp)
            where T : notnull => sp.GetRequiredService<T>();
        var ct = Ct;
        return
        [
            new(PlatformPermissions.ManageUnits, "PUT", $"/api/v1/units/{t.Unit}", unit, true,
                async sp => await H<UpdateUnitHandler>(sp).UpdateAsync(t.Unit, As<UpdateUnitRequest>(unit), _ => true, ct)),
            new(PlatformPermissions.ManageAccounts, "POST", $"/api/v1/accounts/{t.Account}/reset-password", null, true,
                async sp => await H<ResetPasswordHandler>(sp).ResetAsync(t.Account, false, ct)),
            new(PlatformPermissions.ManageTokens, "POST", $"/api/v1/tokens/{t.Token}/revoke", null, true,
                async sp => await H<RevokeTokenHandler>(sp).RevokeAsync(t.Token, ct)),
            new(IncidentPermissions.Report, "POST", "/api/v1/incidents", report, false,
                async sp => await H<ReportIncidentHandler>(sp).HandleAsync(As<ReportIncidentRequest>(report), ct)),
            new(IncidentPermissions.FollowUp, "POST", $"/api/v1/incidents/{t.Incident}/reports", followUp, true,
                async sp => await H<SubmitReportHandler>(sp).HandleAsync(t.Incident, As<SubmitReportRequest>(followUp), ct)),
            new(IncidentPermissions.LogPhoneReport, "POST", $"/api/v1/incidents/{t.Incident}/phone-reports", phone, true,
                async sp => await H<LogPhoneReportHandler>(sp).HandleAsync(t.Incident, As<LogPhoneReportRequest>(phone), ct)),
            new(IncidentPermissions.Attach, "POST", $"/api/v1/incidents/{t.Incident}/attachments", png, true,
                async sp => await H<AttachmentsHandler>(sp).UploadAsync(t.Incident, new UploadedFile("现场.png", "image/png", png), ct)),
            new(IncidentPermissions.Sign, "POST", $"/api/v1/incidents/{t.Incident}/sign", new { assessment = (string?)null }, true,
                async sp => await H<EscalationHandler>(sp).SignAsync(t.Incident, new SignRequest(null), ct)),
            new(IncidentPermissions.Forward, "POST", $"/api/v1/incidents/{t.Incident}/forward", forward, true,
                async sp => await H<EscalationHandler>(sp).ForwardAsync(t.Incident, As<ForwardRequest>(forward), ct)),
            // Nothing of 包头市's unit awaits approval here: its leaders are let through (and told so), nobody else.
            new(IncidentPermissions.ApproveReport, "POST", $"/api/v1/incidents/{t.Incident}/approvals/approve", new { note = "同意" }, true,
                async sp => await H<LeaderApprovalHandler>(sp).ApproveAsync(t.Incident, new ApproveReportRequest("同意"), ct)),
            new(IncidentPermissions.ApproveReport, "POST", $"/api/v1/incidents/{t.Incident}/approvals/return", new { reason = "请补充伤亡情况" }, true,
                async sp => await H<LeaderApprovalHandler>(sp).ReturnAsync(t.Incident, new ReturnReportRequest("请补充伤亡情况"), ct)),
            new(IncidentPermissions.RequestVerification, "POST", "/api/v1/verification-requests", verify, false,
                async sp => await H<VerificationHandler>(sp).RequestAsync(As<RequestVerificationRequest>(verify), ct)),
            new(IncidentPermissions.AnswerVerification, "POST", $"/api/v1/verification-requests/{t.Verification}/answer", answer, true,
                async sp => await H<VerificationHandler>(sp).AnswerAsync(t.Verification, As<AnswerVerificationRequest>(answer), ct)),
            new(IncidentPermissions.AnswerVerification, "POST", $"/api/v1/verification-requests/{t.Verification}/link", link, true,
                async sp => await H<VerificationHandler>(sp).LinkAsync(t.Verification, As<LinkVerificationRequest>(link), ct)),
            new(IncidentPermissions.CaptureClue, "POST", "/api/v1/clues", clue, false,
                async sp => await H<CluesHandler>(sp).CaptureAsync(As<CaptureClueRequest>(clue), ct)),
            new(IncidentPermissions.JudgeClue, "POST", $"/api/v1/clues/{t.Clue}/judgements", judge, true,
                async sp => await H<CluesHandler>(sp).JudgeAsync(t.Clue, As<JudgeClueRequest>(judge), ct)),
            new(IncidentPermissions.WriteDutyLog, "POST", "/api/v1/duty/log", log, false,
                async sp => await H<DutyLogHandler>(sp).AddAsync(As<DutyLogRequest>(log), ct)),
            new(IncidentPermissions.WriteDutyLog, "POST", "/api/v1/duty/handovers", handOver, false,
                async sp => await H<HandoversHandler>(sp).HandOverAsync(As<HandOverRequest>(handOver), ct)),
            new(IncidentPermissions.WriteDutyLog, "POST", $"/api/v1/duty/handovers/{t.Handover}/acknowledge", acknowledge, true,
                async sp => await H<HandoversHandler>(sp).AcknowledgeAsync(t.Handover, As<AcknowledgeHandoverRequest>(acknowledge), ct)),
            new(IncidentPermissions.PlanRoster, "PUT", $"/api/v1/duty/shifts/{t.Shift}", shift, true,
                async sp => await H<ShiftsHandler>(sp).UpdateAsync(t.Shift, As<ShiftRequest>(shift), "*", ct)),
            new(IncidentPermissions.ProposeHandling, "POST", $"/api/v1/incidents/{t.Incident}/instructions", propose, true,
                async sp => await H<IssueInstructionHandler>(sp).HandleAsync(t.Incident, As<IssueInstructionRequest>(propose), ct)),
            new(IncidentPermissions.IssueInstruction, "POST", $"/api/v1/incidents/{t.Incident}/instructions", instruct, true,
                async sp => await H<IssueInstructionHandler>(sp).HandleAsync(t.Incident, As<IssueInstructionRequest>(instruct), ct)),
            new(IncidentPermissions.CarryOutInstruction, "POST", $"/api/v1/instruction-assignments/{t.Assignment}/sign", null, true,
                async sp => await H<CarryOutHandler>(sp).SignAsync(t.Assignment, ct)),
            new(IncidentPermissions.SuperviseInstruction, "POST", $"/api/v1/instructions/{t.Instruction}/supervision", supervise, true,
                async sp => await H<SuperviseHandler>(sp).HandleAsync(t.Instruction, As<SuperviseRequest>(supervise), "*", ct)),
            new(IncidentPermissions.AcknowledgeAlert, "POST", $"/api/v1/alerts/{t.Incident}/acknowledge", null, true,
                async sp => await H<OverdueScanner>(sp).AcknowledgeAsync(t.Incident, H<CurrentActor>(sp).Actor, ct)),
            new(IncidentPermissions.ManageReportingRules, "PUT", $"/api/v1/reporting-rules/{t.Rule}", rule, true,
                async sp => await H<ReportingRulesHandler>(sp).UpdateAsync(t.Rule, As<ReportingRuleRequest>(rule), ruleHttp, ct)),
            // A rule limited to 包头市: its own and the region's administrators add it, nobody below or beside.
            new(IncidentPermissions.ManageReportingRules, "POST", "/api/v1/reporting-rules", newRule, true,
                async sp => await H<ReportingRulesHandler>(sp).AddAsync(As<ReportingRuleRequest>(newRule), ct)),
            new(IncidentPermissions.ManageReportingRules, "POST", "/api/v1/reporting-rules/preview", newRule, true,
                async sp => await H<ReportingRulesHandler>(sp).PreviewAsync(As<ReportingRuleRequest>(newRule), ct)),
            // A read: the statistics of the units in the actor's own scope (报送及时率统计), the page's path and the API alike.
            new(IncidentPermissions.ViewTimeliness, "GET", "/api/v1/statistics/timeliness", null, false,
                async sp => await H<Incidents.Documents.ExportsHandler>(sp).TimelinessAnswerAsync(null, null, ct)),
            new(PlansPermissions.Register, "POST", "/api/v1/plans", plan, false,
                async sp => await H<RegisterPlanHandler>(sp).HandleAsync(As<RegisterPlanRequest>(plan), ct)),
            new(PlansPermissions.Review, "PUT", $"/api/v1/plans/{t.Plan}/review", review, true,
                async sp => await H<ReviewPlanHandler>(sp).HandleAsync(t.Plan, As<ReviewPlanRequest>(review), "*", ct)),
            new(PlansPermissions.Activate, "POST", $"/api/v1/incidents/{t.Incident}/plan-activations", activate, true,
                async sp => await H<ActivateHandler>(sp).ActivateAsync(t.Incident, As<ActivatePlanRequest>(activate), ct)),
            new(PlansPermissions.CarryOutTask, "POST", $"/api/v1/plan-tasks/{t.PlanTask}/sign", null, true,
                async sp => await H<TasksHandler>(sp).SignAsync(t.PlanTask, ct)),
            new(PlansPermissions.OrganiseDrill, "POST", "/api/v1/drills", drill, false,
                async sp => await H<PlanDrillHandler>(sp).HandleAsync(As<PlanDrillRequest>(drill), ct)),
            new(PlansPermissions.EvaluateDrill, "POST", "/api/v1/drill-templates", template, false,
                async sp => await H<EvaluationHandler>(sp).CreateTemplateAsync(As<CreateTemplateRequest>(template), ct)),
            // Every role may end its own sessions; a session that is not the caller's is not found either way.
            new(PlatformPermissions.ManageOwnAccount, "POST", $"/api/v1/account/sessions/{Guid.Empty}/end", null, false,
                async sp => await H<Platform.Accounts.OwnAccount.OwnAccountHandler>(sp).EndSessionAsync(Guid.Empty, ct)),
            new(PlansPermissions.ManageCycles, "PUT", "/api/v1/plan-cycles/Special", new { reviewCycleMonths = 36, drillCycleMonths = 36 }, false,
                async sp => await H<CyclesHandler>(sp).UpdateAsync(Plans.Plans.PlanType.Special, new CycleRequest(36, 36), "*", ct)),
            new(WarningPermissions.Draft, "PUT", $"/api/v1/warnings/{t.DraftWarning}", draft, true,
                async sp => await H<DraftingHandler>(sp).UpdateAsync(t.DraftWarning, "*", As<WarningDraftRequest>(draft), ct)),
            new(WarningPermissions.Submit, "POST", $"/api/v1/warnings/{t.DraftWarning}/submit", null, true,
                async sp => await H<ReleaseHandler>(sp).SubmitAsync(t.DraftWarning, "*", ct)),
            new(WarningPermissions.Review, "POST", $"/api/v1/warnings/{t.WarningInReview}/review", new { approve = false, note = "请补充防御指南" }, true,
                async sp => await H<ReleaseHandler>(sp).ReviewAsync(t.WarningInReview, "*", new ReviewRequest(false, "请补充防御指南"), ct)),
            new(WarningPermissions.SignOff, "POST", $"/api/v1/warnings/{t.ApprovedWarning}/sign-off", new { note = "签发" }, true,
                async sp => await H<ReleaseHandler>(sp).SignOffAsync(t.ApprovedWarning, "*", new SignOffRequest("签发"), ct)),
            new(WarningPermissions.Change, "POST", $"/api/v1/warnings/{t.PublishedWarning}/changes", new { change = "Extend" }, true,
                async sp => await H<ReleaseHandler>(sp).ChangeAsync(t.PublishedWarning, As<ChangeRequest>(new { change = "Extend" }), ct)),
            new(WarningPermissions.Republish, "POST", $"/api/v1/warnings/{t.PublishedWarning}/republish", null, true,
                async sp => await H<ReleaseHandler>(sp).RepublishAsync(t.PublishedWarning, ct)),
            new(WarningPermissions.RetryDeliveries, "POST", $"/api/v1/warnings/{t.PublishedWarning}/deliveries/retry", new { }, true,
                async sp => await H<RetryDeliveriesHandler>(sp).RetryAsync(t.PublishedWarning, new RetryDeliveriesRequest(null), ct)),
            new(WarningPermissions.Import, "POST", "/api/v1/warnings/import", cap, false,
                async sp => await H<ImportCapHandler>(sp).HandleAsync(cap, ct)),
            new(WarningPermissions.Feeds, "POST", "/api/v1/warnings/feeds/poll", null, false,
                async sp => await H<Beacon.Warnings.CapIn.Feeds.FeedsHandler>(sp).PollNowAsync(ct)),
            new(WarningPermissions.Feeds, "GET", $"/api/v1/warnings/{t.PublishedWarning}/upstream", null, true,
                async sp => (await H<Beacon.Warnings.Upstream.UpstreamStatusHandler>(sp).GetAsync(t.PublishedWarning, ct)).Push),
            new(WarningPermissions.ManageRecipients, "PUT", $"/api/v1/recipients/{t.Recipient}", recipient, true,
                async sp => await H<RecipientsHandler>(sp).UpdateAsync(t.Recipient, "*", As<RecipientRequest>(recipient), ct)),
            new(WarningPermissions.ManageRecipients, "POST", $"/api/v1/recipients/{t.Recipient}/reactivate", null, true,
                async sp => await H<RecipientsHandler>(sp).ReactivateAsync(t.Recipient, ct)),
            // Not a workbook (a PNG): allowed, it is refused as a file; not allowed, refused before it is read.
            new(WarningPermissions.ManageRecipients, "POST", "/api/v1/recipients/import", png, false,
                async sp => await H<RecipientsWorkbooksHandler>(sp).ImportAsync(new MemoryStream(png), ct)),
            new(ResourcePermissions.Manage, "PUT", $"/api/v1/resources/{t.Warehouse}", resource, true,
                async sp => await H<ResourcesHandler>(sp).UpdateAsync(t.Warehouse, "*", As<ResourceRequest>(resource), ct)),
            new(ResourcePermissions.MoveStock, "POST", $"/api/v1/warehouses/{t.Warehouse}/movements", movement, true,
                async sp => await H<StockHandler>(sp).MoveAsync(t.Warehouse, As<MoveStockRequest>(movement), ct)),
            new(ResourcePermissions.RequestAllocation, "POST", "/api/v1/allocations", allocation, false,
                async sp => await H<AllocationsHandler>(sp).RequestAsync(As<AllocationRequestBody>(allocation), ct)),
            new(ResourcePermissions.ApproveAllocation, "POST", $"/api/v1/allocations/{t.Allocation}/approve", approve, true,
                async sp => await H<AllocationsHandler>(sp).ApproveAsync(t.Allocation, As<ApproveRequest>(approve), ct)),
            new(ResourcePermissions.DispatchAllocation, "POST", $"/api/v1/allocations/{t.ApprovedAllocation}/dispatch", null, true,
                async sp => await H<AllocationsHandler>(sp).DispatchAsync(t.ApprovedAllocation, ct)),
        ];
    }

    /// <summary>The risks module's records of 包头市 (150200) the risk actions target.</summary>
    private sealed record RiskTargets(Guid Hazard, Guid Round, Guid OpenRectification, Guid DoneRectification, Guid Bulletin);

    private async Task<RiskTargets> ArrangeRisksAsync()
    {
        var duty = await Beacon.SignInAsync("duty.150200");
        var region = await Beacon.SignInAsync("duty.150000");
        var now = Beacon.Clock.GetUtcNow();
        var hazard = await IdAsync(duty.PostJsonAsync("/api/v1/risks/hazards", new
        {
            name = "矩阵测试燃气管道",
            kindCode = "gas-pipeline",
            owner = "某燃气公司",
            responsibleDepartment = "住房和城乡建设局",
            jurisdictionCode = Target,
            coordinates = "109.84,40.65",
        }));
        var round = await IdAsync(region.PostJsonAsync("/api/v1/risks/rounds", new { title = "矩阵测试排查", kind = "Periodic", jurisdictionCodes = new[] { Target }, dueAt = now.AddDays(5) }));
        var open = await IdAsync(duty.PostJsonAsync("/api/v1/risks/rectifications", new { hazardId = hazard, title = "矩阵测试整改一", owner = "王工", measures = "更换管段", dueAt = now.AddDays(10) }));
        var done = await IdAsync(duty.PostJsonAsync("/api/v1/risks/rectifications", new { hazardId = hazard, title = "矩阵测试整改二", owner = "王工", measures = "加装监测", dueAt = now.AddDays(10) }));
        Assert.True((await duty.PostJsonAsync($"/api/v1/risks/rectifications/{done}/done", new { note = "已完成" })).IsSuccessStatusCode);
        var day = DateOnly.FromDateTime(now.AddHours(8).DateTime);
        var bulletin = await IdAsync(duty.PostJsonAsync("/api/v1/risks/bulletins", new { periodFrom = day.AddDays(-7), periodTo = day, editor = "矩阵编辑" }));
        return new RiskTargets(hazard, round, open, done, bulletin);
    }

    private List<Probe> RiskProbes(RiskTargets r)
    {
        var now = Beacon.Clock.GetUtcNow();
        var day = DateOnly.FromDateTime(now.AddHours(8).DateTime);
        var assess = new { method = "Matrix", likelihood = 2, severity = 3, controlMeasures = "巡查", responsiblePerson = "王工" };
        var round = new { title = "矩阵测试部署", kind = "Periodic", jurisdictionCodes = new[] { "150203" }, dueAt = now.AddDays(5) };
        var report = new { isNil = true, summary = "未发现隐患。" };
        var doneNote = new { note = "已完成整改" };
        var verify = new { accept = false, note = "请补充材料" };
        var bulletin = new { title = "包头市应急管理动态信息", issueDate = day, editor = "矩阵编辑", sections = new[] { new { heading = "一、排查情况", body = "略" } } };
        var grading = new { scaleMax = 5, generalFrom = 9, considerableFrom = 15, majorFrom = 20 };
        static T H<T>(IServiceProvider sp)
            where T : notnull => sp.GetRequiredService<T>();
        var ct = Ct;
        return
        [
            new(RisksPermissions.ManageHazards, "POST", $"/api/v1/risks/hazards/{r.Hazard}/assessments", assess, true,
                async sp => await H<Risks.Hazards.HazardsHandler>(sp).AssessAsync(r.Hazard, As<Risks.Hazards.AssessHazardRequest>(assess), ct)),
            new(RisksPermissions.OpenRound, "POST", "/api/v1/risks/rounds", round, false,
                async sp => await H<Risks.Rounds.RoundsHandler>(sp).OpenAsync(As<Risks.Rounds.OpenRoundRequest>(round), ct)),
            new(RisksPermissions.ReportRound, "POST", $"/api/v1/risks/rounds/{r.Round}/returns", report, true,
                async sp => await H<Risks.Rounds.RoundsHandler>(sp).ReportAsync(r.Round, As<Risks.Rounds.ReportRoundRequest>(report), ct)),
            new(RisksPermissions.Rectify, "POST", $"/api/v1/risks/rectifications/{r.OpenRectification}/done", doneNote, true,
                async sp => await H<Risks.Rectifications.RectificationsHandler>(sp).CompleteAsync(r.OpenRectification, As<Risks.Rectifications.CompleteRectificationRequest>(doneNote), ct)),
            new(RisksPermissions.VerifyRectification, "POST", $"/api/v1/risks/rectifications/{r.DoneRectification}/verification", verify, true,
                async sp => await H<Risks.Rectifications.RectificationsHandler>(sp).VerifyAsync(r.DoneRectification, As<Risks.Rectifications.VerifyRectificationRequest>(verify), ct)),
            new(RisksPermissions.CompileBulletin, "PUT", $"/api/v1/risks/bulletins/{r.Bulletin}", bulletin, true,
                async sp => await H<Risks.Bulletins.BulletinsHandler>(sp).UpdateAsync(r.Bulletin, As<Risks.Bulletins.UpdateBulletinRequest>(bulletin), "*", ct)),
            new(RisksPermissions.ManageGrading, "PUT", "/api/v1/risks/grading", grading, false,
                async sp => await H<Risks.Hazards.GradingHandler>(sp).UpdateAsync(As<Risks.Hazards.UpdateGradingRequest>(grading), "*", ct)),
        ];
    }
}
