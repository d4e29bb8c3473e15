using AntDesign;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Localization;
using Beacon.Platform.Accounts;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Localization;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Deadlines.ReportingRules;

/// <summary>
/// The reporting rules page (报送规则, 值班 → 报送规则), for holders of <see cref="IncidentPermissions.ManageReportingRules"/>:
/// the rules the administrator sees, filtered by state and name; the form (级别, 事件类型, 辖区, 时限, 报送对象) with the
/// preview of the obligations the draft would create beside it; retire (停用) and reinstate (重新启用) after confirmation.
/// </summary>
public partial class ReportingRulesPage
{
    private readonly RuleForm _form = new();
    private List<ReportingRuleView> _rules = [];
    private List<Choice> _types = [];
    private List<Choice> _jurisdictions = [];
    private List<Choice> _classes = [];
    private List<Choice> _tiers = [];
    private PeopleNames _people = PeopleNames.None;
    private Dictionary<string, string> _errors = [];
    private string _state = "all";
    private string? _query;
    private bool _loading = true;
    private bool _busy;
    private bool _previewing;
    private bool _formOpen;
    private ReportingRuleView? _editing;
    private ReportingRuleView? _confirming;
    private RulePreview? _preview;
    private string? _error;
    private (AlertType Type, string Text)? _notice;

    [Inject]
    private ReportingRulesHandler Rules { get; set; } = default!;

    [Inject]
    private IncidentLookups Lookups { get; set; } = default!;

    [Inject]
    private JurisdictionTree Tree { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private PermissionCheck Can { get; set; } = default!;

    [Inject]
    private People People { get; set; } = default!;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    private List<ReportingRuleView> Shown =>
    [
        .. _rules.Where(r => _state switch { "active" => r.IsActive, "retired" => !r.IsActive, _ => true })
            .Where(r => string.IsNullOrWhiteSpace(_query) || r.Name.Contains(_query.Trim(), StringComparison.OrdinalIgnoreCase)
                || (r.JurisdictionName?.Contains(_query.Trim(), StringComparison.Ordinal) ?? false)
                || (r.EventTypeName?.Contains(_query.Trim(), StringComparison.Ordinal) ?? false)),
    ];

    protected override async Task OnInitializedAsync()
    {
        if (!Can.Allows(IncidentPermissions.ManageReportingRules))
        {
            _loading = false;
            return;
        }

        await LoadAsync();
        _types = [.. (await Lookups.EventTypesAsync(CancellationToken.None)).Select(t => new Choice(t.Code, $"{t.Code} {t.Name}"))];
        var scope = await Scopes.GetAsync(CancellationToken.None);
        var snapshot = await Tree.GetAsync(CancellationToken.None);
        _jurisdictions =
        [
            .. snapshot.Nodes.Where(n => !n.IsRetired && n.Level is JurisdictionLevel.Prefecture or JurisdictionLevel.County && scope.Contains(n.Id))
                .OrderBy(n => n.Code, StringComparer.Ordinal).Select(n => new Choice(n.Code, $"{n.Name}（{n.Code}）")),
        ];
        _classes = [.. Enum.GetValues<EventClass>().Select(c => new Choice(c.ToString(), L["Rules.Class." + c].Value))];
        _tiers = [.. new[] { JurisdictionLevel.Prefecture, JurisdictionLevel.County }.Select(t => new Choice(t.ToString(), L["Rules.Tier." + t].Value))];
    }

    private async Task LoadAsync()
    {
        _rules = await Rules.ListAsync(null, CancellationToken.None);
        _people = await People.ResolveAsync(_rules.SelectMany(r => new[] { r.UpdatedBy, r.RetiredBy }), CancellationToken.None);
        _loading = false;
    }

    private async Task OpenNewAsync()
    {
        _editing = null;
        var scope = await Scopes.GetAsync(CancellationToken.None);
        var own = scope.RootJurisdictionId is { } root ? (await Tree.GetAsync(CancellationToken.None)).Find(root) : null;
        _form.Load(null);
        if (!scope.IsEverything && own is not null)
        {
            // A prefecture or county administrator's rule is limited to its own subtree and owed within it.
            _form.JurisdictionCode = own.Code;
            _form.ReportToLevel = own.Level;
        }

        Open();
    }

    private Task OpenEditAsync(ReportingRuleView rule)
    {
        _editing = rule;
        _form.Load(rule);
        Open();
        return PreviewAsync();
    }

    private void Open()
    {
        _errors = [];
        _error = null;
        _preview = null;
        _formOpen = true;
    }

    private async Task PreviewAsync()
    {
        var request = _form.ToRequest(_editing);
        _error = null;
        _errors = IncidentsUi.Validate(request, L);
        if (_errors.Count > 0)
        {
            return;
        }

        _previewing = true;
        try
        {
            var outcome = Problems.Read(await Rules.PreviewAsync(request, CancellationToken.None), L);
            if (!outcome.Succeeded)
            {
                _errors = outcome.FieldErrors;
                _error = outcome.Problem ?? L["Error.CheckFields"].Value;
                _preview = null;
                return;
            }

            _preview = (RulePreview?)outcome.Value;
        }
        finally
        {
            _previewing = false;
        }
    }

    private async Task SaveAsync()
    {
        var request = _form.ToRequest(_editing);
        _error = null;
        _errors = IncidentsUi.Validate(request, L);
        if (_errors.Count > 0)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = _editing is { } editing
                ? await Rules.UpdateAsync(editing.Id, request, $"\"{editing.Version}\"", CancellationToken.None)
                : await Rules.AddAsync(request, CancellationToken.None);
            var outcome = Problems.Read(result, L);
            if (!outcome.Succeeded)
            {
                _errors = outcome.FieldErrors;
                _error = outcome.Problem ?? L["Error.CheckFields"].Value;
                return;
            }
        }
        finally
        {
            _busy = false;
        }

        _formOpen = false;
        _notice = (AlertType.Success, L[_editing is null ? "Rules.Added" : "Rules.Changed", request.Name].Value);
        await LoadAsync();
    }

    private async Task ConfirmAsync()
    {
        if (_confirming is not { } rule)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = rule.IsActive
                ? await Rules.RetireAsync(rule.Id, CancellationToken.None)
                : await Rules.ReinstateAsync(rule.Id, CancellationToken.None);
            var outcome = Problems.Read(result, L);
            _notice = outcome.Succeeded
                ? (AlertType.Success, L[rule.IsActive ? "Rules.Retired" : "Rules.Reinstated", rule.Name].Value)
                : (AlertType.Error, outcome.Problem ?? L["Error.CheckFields"].Value);
        }
        finally
        {
            _busy = false;
            _confirming = null;
        }

        await LoadAsync();
    }

    private string CoversText(ReportingRuleView r)
    {
        var level = r.MinSeverity is { } min ? L["Rules.Level." + min].Value : null;
        return (level, r.CoversSensitive) switch
        {
            ({ } l, true) => L["Rules.Covers.LevelAndSensitive", l].Value,
            ({ } l, false) => l,
            (null, true) => L["Rules.Covers.SensitiveOnly"].Value,
            _ => L["Rules.Covers.Nothing"].Value,
        };
    }

    private string DeadlinesText(int? phone, int? written, int? followUp)
    {
        var parts = new List<string>();
        if (phone is { } p)
        {
            parts.Add(L["Rules.Deadline.Phone", p].Value);
        }

        if (written is { } w)
        {
            parts.Add(L["Rules.Deadline.Written", w].Value);
        }

        if (followUp is { } f)
        {
            parts.Add(L["Rules.Deadline.FollowUp", f].Value);
        }

        return string.Join("，", parts);
    }

    private string ObligationsText(IReadOnlyList<RulePreviewObligation> obligations) =>
        string.Join("；", obligations.Select(o => L[o.Kind == Reporting.ReportKind.FollowUp ? "Rules.Preview.FollowUp" : "Rules.Preview." + o.Channel, o.Minutes, o.OwedTo].Value));

    /// <summary>A choice of a picker: the value sent, the label shown.</summary>
    public sealed record Choice(string Value, string Label);

    private sealed class RuleForm
    {
        public string Name { get; set; } = "";

        public Severity? MinSeverity { get; set; }

        public bool CoversSensitive { get; set; }

        public string? EventTypeCode { get; set; }

        public string? JurisdictionCode { get; set; }

        public int? PhoneMinutes { get; set; }

        public int? WrittenMinutes { get; set; }

        public int? FollowUpEveryMinutes { get; set; }

        public JurisdictionLevel ReportToLevel { get; set; } = JurisdictionLevel.Region;

        public string? ReportTo { get; set; }

        public string? EventClass { get; set; }

        public string? OriginTier { get; set; }

        public void Load(ReportingRuleView? r)
        {
            Name = r?.Name ?? "";
            MinSeverity = r is null ? Severity.IV : r.MinSeverity;
            CoversSensitive = r?.CoversSensitive ?? false;
            EventTypeCode = r?.EventTypeCode;
            JurisdictionCode = r?.JurisdictionCode;
            PhoneMinutes = r?.PhoneMinutes;
            WrittenMinutes = r?.WrittenMinutes;
            FollowUpEveryMinutes = r?.FollowUpEveryMinutes;
            ReportToLevel = r?.ReportToLevel ?? JurisdictionLevel.Region;
            ReportTo = r?.ReportTo;
            EventClass = r?.EventClass?.ToString();
            OriginTier = r?.OriginTier?.ToString();
        }

        public ReportingRuleRequest ToRequest(ReportingRuleView? editing) => new(
            Name.Trim(),
            editing?.IsActive,
            MinSeverity,
            CoversSensitive,
            Enum.TryParse<EventClass>(EventClass, out var cls) ? cls : null,
            Enum.TryParse<JurisdictionLevel>(OriginTier, out var tier) ? tier : null,
            PhoneMinutes,
            WrittenMinutes,
            FollowUpEveryMinutes,
            // The owed-to text follows the level unless the administrator names it (or it was named before).
            string.IsNullOrWhiteSpace(ReportTo) ? null : ReportTo.Trim(),
            ReportToLevel == JurisdictionLevel.Region ? null : ReportToLevel,
            editing?.ReportToUnitId,
            string.IsNullOrWhiteSpace(JurisdictionCode) ? null : JurisdictionCode,
            string.IsNullOrWhiteSpace(EventTypeCode) ? null : EventTypeCode);
    }
}
