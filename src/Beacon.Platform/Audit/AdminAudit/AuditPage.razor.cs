using System.Text.Json;
using AntDesign;
using AntDesign.Select.Internal;
using AntDesign.TableModels;
using Beacon.Platform.Audit.ListAudit;
using Beacon.Platform.Audit.VerifyAudit;
using Beacon.Platform.Localization;
using Beacon.Platform.Time;
using Beacon.Platform.Units.ListUnits;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Beacon.Platform.Audit.AdminAudit;

/// <summary>
/// The audit trail (审计日志) of the administrator's scope, filtered and paged on the server, with times in Beijing
/// time, and a check of the whole hash chain (验证完整性).
/// </summary>
public partial class AuditPage
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private List<AuditRow> _rows = [];
    private List<UnitView> _units = [];
    private int _total;
    private int _pageIndex = 1;
    private int _pageSize = 20;
    private (int Page, int Size)? _loaded;
    private Guid? _filterUnit;
    private string? _filterUser;
    private string? _filterAction;
    private DateTime?[]? _range;
    private bool _loading = true;
    private bool _verifying;
    private AuditVerification? _verification;
    private string? _verifyError;

    [Inject]
    private ListAuditHandler AuditTrail { get; set; } = default!;

    [Inject]
    private VerifyAuditHandler Verify { get; set; } = default!;

    [Inject]
    private ListUnitsHandler Units { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<AdminResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    [Inject]
    private IEnumerable<AuditVocabulary> Vocabularies { get; set; } = default!;

    [Inject]
    private IStringLocalizerFactory Localizers { get; set; } = default!;

    private List<IStringLocalizer>? _words;

    /// <summary>The kernel's words first, then each module's (<see cref="AuditVocabulary"/>).</summary>
    private List<IStringLocalizer> Words => _words ??= [L, .. Vocabularies.Select(v => Localizers.Create(v.Resource))];

    private string[] RangePlaceholder => [L["Audit.Filter.From"], L["Audit.Filter.To"]];

    protected override async Task OnInitializedAsync()
    {
        _units = await Units.HandleAsync(null, null, null, includeRetired: true, CancellationToken.None);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        var query = new AuditQuery(_filterUnit, Blank(_filterUser), FromUtc(), ToUtc(), Blank(_filterAction), null,
            Math.Max(1, _pageIndex), Math.Clamp(_pageSize, 1, ListAuditHandler.MaxPageSize));
        var page = await AuditTrail.HandleAsync(query, CancellationToken.None);
        _rows = [.. page.Items];
        _total = page.Total;
        _loaded = (query.Page, query.PageSize);
        _loading = false;
    }

    /// <summary>The table asks for a page (also once when it first renders); filters stay as they are.</summary>
    private async Task OnTableChangeAsync(QueryModel<AuditRow> query)
    {
        if (_loaded == (query.PageIndex, query.PageSize))
        {
            return;
        }

        _pageIndex = query.PageIndex;
        _pageSize = query.PageSize;
        await LoadAsync();
    }

    private Task SearchAsync()
    {
        _pageIndex = 1;
        return LoadAsync();
    }

    private Task ResetFiltersAsync()
    {
        _filterUnit = null;
        _filterUser = null;
        _filterAction = null;
        _range = null;
        _pageIndex = 1;
        return LoadAsync();
    }

    /// <summary>Start of the first chosen day, Beijing time, as UTC.</summary>
    private DateTimeOffset? FromUtc() => _range is [{ } from, ..] ? StartOfDayUtc(from) : null;

    /// <summary>End of the last chosen day (exclusive), Beijing time, as UTC.</summary>
    private DateTimeOffset? ToUtc() => _range is [_, { } to] ? StartOfDayUtc(to.Date.AddDays(1)) : null;

    private DateTimeOffset StartOfDayUtc(DateTime day) => Beijing.ToUtc(day.Date);

    private async Task VerifyAsync()
    {
        _verifying = true;
        _verification = null;
        _verifyError = null;
        try
        {
            var result = await Verify.HandleAsync(CancellationToken.None);
            if (result is Ok<AuditVerification> { Value: { } verification })
            {
                _verification = verification;
            }
            else
            {
                _verifyError = L["Audit.Verify.Forbidden"];
            }
        }
        finally
        {
            _verifying = false;
        }
    }

    /// <summary>The verifier's reasons are English; the common ones are said in the page's language.</summary>
    private string ProblemText(AuditProblem problem)
    {
        const string Missing = "missing rows ";
        var reason = problem.Reason;
        if (reason.StartsWith(Missing, StringComparison.Ordinal) && reason[Missing.Length..].Split("..") is [var first, var last])
        {
            return first == last ? L["Audit.Problem.MissingOne", first] : L["Audit.Problem.Missing", first, last];
        }

        if (reason.StartsWith("chain head says", StringComparison.Ordinal))
        {
            return L["Audit.Problem.HeadCount", reason];
        }

        return reason switch
        {
            "sequence out of order" => L["Audit.Problem.Order"],
            "link to the previous row is broken" => L["Audit.Problem.Link"],
            "content does not match its hash (altered)" => L["Audit.Problem.Altered"],
            "last row does not match the chain head" => L["Audit.Problem.Head"],
            _ => reason,
        };
    }

    /// <summary>A readable name for the action, when there is one; the code is always shown too.</summary>
    private string? ActionLabel(string action)
    {
        if (Word("Audit.Action." + action) is { } known)
        {
            return known;
        }

        var dot = action.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }

        // Framework types keep their arity in the code, e.g. identity-user-role`1.created.
        var entity = Word("Audit.Entity." + action[..dot].Split('`')[0]);
        var verb = Word("Audit.Verb." + action[(dot + 1)..]);
        return entity is null || verb is null ? null : L["Audit.ActionFormat", verb, entity].Value;
    }

    private string? Word(string key) =>
        Words.Select(words => words[key]).FirstOrDefault(s => !s.ResourceNotFound)?.Value;

    private string EntityLabel(string entityType)
    {
        var kebab = string.Concat(entityType.Split('`')[0].Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        return Word("Audit.Entity." + kebab) ?? entityType;
    }

    private string OutcomeLabel(string outcome)
    {
        var label = L["Audit.Outcome." + outcome];
        return label.ResourceNotFound ? outcome : label.Value;
    }

    private static TagColor OutcomeColor(string outcome) => outcome switch
    {
        AuditOutcome.Success => TagColor.Green,
        AuditOutcome.Failure => TagColor.Red,
        AuditOutcome.Denied => TagColor.Orange,
        _ => TagColor.Default,
    };

    private static string Short(string id) => id.Length > 13 ? id[..8] + "…" : id;

    private static string PrettyJson(string summary)
    {
        try
        {
            using var doc = JsonDocument.Parse(summary);
            return JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException)
        {
            return summary;
        }
    }

    /// <summary>Searchable selects match anywhere in the label (code, prefecture or name), not only at its start.</summary>
    private static bool LabelContains<TValue>(SelectOptionItem<TValue, TValue> item, string search) =>
        item.Label?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
