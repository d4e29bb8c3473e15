using AntDesign.Select.Internal;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Beacon.Platform.Time;
using Beacon.Warnings.ListWarnings;
using Beacon.Warnings.Localization;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Warnings.Drafting;

/// <summary>
/// The draft form (拟稿): kind and colour, real or exercise, validity in Beijing time, texts in Chinese with optional
/// English, and the areas (counties of the user's scope, township codes, a polygon or circle). Saves through
/// <see cref="DraftingHandler"/> (new, or an edit with the version shown) and opens the warning.
/// </summary>
public partial class DraftWarningPage
{
    private static readonly WarningLevel[] Levels = [WarningLevel.Red, WarningLevel.Orange, WarningLevel.Yellow, WarningLevel.Blue];
    private static readonly string[] Urgencies = ["Immediate", "Expected", "Future"];
    private static readonly string[] Certainties = ["Observed", "Likely", "Possible"];

    private readonly DraftForm _form = new();
    private Dictionary<string, string> _errors = [];
    private List<WarningEventType> _types = [];
    private List<AreaChoice> _counties = [];
    private int _version;
    private bool _saving;
    private string? _error;

    /// <summary>The draft being edited; none for a new one.</summary>
    [Parameter]
    public Guid? Id { get; set; }

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private WarningLookups Lookups { get; set; } = default!;

    [Inject]
    private DraftingHandler Drafting { get; set; } = default!;

    [Inject]
    private ListWarningsHandler Warnings { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IStringLocalizer<WarningsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    private string Title => L[Id is null ? "Draft.Title" : "Draft.EditTitle"].Value;

    private string? StatusHint => _form.Status == WarningStatus.Actual ? null : L["Field.StatusHint"].Value;

    private string HeadlineSuggestion =>
        _types.FirstOrDefault(t => t.Code == _form.EventCode) is { } t && _form.Level is { } level
            ? L["Field.HeadlineSuggestion", t.Name, L["Level." + level].Value].Value
            : L["Field.HeadlinePlaceholder"].Value;

    protected override async Task OnParametersSetAsync()
    {
        _types = await Lookups.EventTypesAsync(CancellationToken.None);
        _counties = await Lookups.CountiesAsync(CancellationToken.None);
        if (Id is { } id && await Warnings.GetAsync(id, CancellationToken.None) is { } existing)
        {
            _version = existing.Version;
            _form.Fill(existing, Beijing.Zone, _counties.Select(c => c.Code).ToHashSet(StringComparer.Ordinal));
            return;
        }

        var now = Beijing.Now.DateTime;
        var minute = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Unspecified);
        _form.EffectiveAt = minute;
        _form.ExpiresAt = minute.AddHours(24);
        if (_counties.Count == 1)
        {
            _form.Counties = [_counties[0].Code];
        }
    }

    private static string EventLabel(WarningEventType t) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" || string.IsNullOrEmpty(t.NameEn) ? t.Name : t.NameEn;

    private static bool LabelContains(SelectOptionItem<string, string> item, string search) =>
        item.Label?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;

    private async Task SaveAsync()
    {
        _error = null;
        var request = _form.ToRequest(Beijing.Zone, _counties);
        _errors = WarningsUi.Validate(request, L);
        if (request.Areas is { Count: 0 })
        {
            _errors["Areas"] = L["Validation.AreaRequired"].Value;
        }

        // The API's validation filter checks each area too; a page calling the handler checks them here.
        foreach (var area in request.Areas ?? [])
        {
            if (WarningsUi.Validate(area, L) is { Count: > 0 } wrong)
            {
                _errors["Areas"] = $"{area.DivisionCode ?? area.Description}：{string.Join("；", wrong.Values)}";
            }
        }

        if (_errors.Count > 0)
        {
            _error = L["Error.CheckFields"].Value;
            return;
        }

        _saving = true;
        try
        {
            var result = Id is { } id
                ? await Drafting.UpdateAsync(id, ApiResults.ETag(_version), request, CancellationToken.None)
                : await Drafting.CreateAsync(request, CancellationToken.None);
            var outcome = Problems.Read(result, L, WarningsUi.FieldName);
            if (outcome.Succeeded && outcome.ValueAs<WarningView>() is { } saved)
            {
                Navigation.NavigateTo($"warnings/{saved.Id}");
                return;
            }

            _errors = outcome.FieldErrors;
            _error = outcome.Problem ?? L["Error.CheckFields"].Value;
        }
        finally
        {
            _saving = false;
        }
    }

    private sealed class DraftForm
    {
        public string? EventCode { get; set; }

        public WarningLevel? Level { get; set; }

        public WarningStatus Status { get; set; } = WarningStatus.Actual;

        public string Urgency { get; set; } = "Expected";

        public string Certainty { get; set; } = "Likely";

        public DateTime? EffectiveAt { get; set; }

        public DateTime? ExpiresAt { get; set; }

        public string Headline { get; set; } = "";

        public string Description { get; set; } = "";

        public string Instruction { get; set; } = "";

        public string? HeadlineEn { get; set; }

        public string? DescriptionEn { get; set; }

        public string? InstructionEn { get; set; }

        public string? Contact { get; set; }

        public string? Web { get; set; }

        public IEnumerable<string> Counties { get; set; } = [];

        public string? Townships { get; set; }

        public string? ShapeName { get; set; }

        public string? Polygon { get; set; }

        public string? Circle { get; set; }

        public void Fill(WarningView w, TimeZoneInfo zone, HashSet<string> counties)
        {
            (EventCode, Level, Status, Urgency, Certainty) = (w.EventCode, Enum.Parse<WarningLevel>(w.Level), Enum.Parse<WarningStatus>(w.Status), w.Urgency, w.Certainty);
            (EffectiveAt, ExpiresAt) = (WarningsUi.ToPicker(w.EffectiveAt, zone), WarningsUi.ToPicker(w.ExpiresAt, zone));
            (Headline, Description, Instruction) = (w.Headline, w.Description, w.Instruction);
            (HeadlineEn, DescriptionEn, InstructionEn, Contact, Web) = (w.HeadlineEn, w.DescriptionEn, w.InstructionEn, w.Contact, w.Web);
            var byCode = w.Areas.Where(a => a.Polygon is null && a.Circle is null && a.DivisionCode is not null).ToList();
            Counties = [.. byCode.Where(a => counties.Contains(a.DivisionCode!)).Select(a => a.DivisionCode!)];
            Townships = string.Join(", ", byCode.Where(a => a.DivisionCode!.Length == 9).Select(a => a.DivisionCode));
            var shape = w.Areas.FirstOrDefault(a => a.Polygon is not null || a.Circle is not null);
            (ShapeName, Polygon, Circle) = (shape?.Description, shape?.Polygon, shape?.Circle);
        }

        public WarningDraftRequest ToRequest(TimeZoneInfo zone, List<AreaChoice> choices)
        {
            var areas = new List<WarningAreaRequest>();
            foreach (var code in Counties)
            {
                areas.Add(new WarningAreaRequest(choices.FirstOrDefault(c => c.Code == code)?.Name, code, null, null));
            }

            foreach (var code in (Townships ?? "").Split([',', '，', '、', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                areas.Add(new WarningAreaRequest(null, code, null, null));
            }

            if (!string.IsNullOrWhiteSpace(Polygon) || !string.IsNullOrWhiteSpace(Circle))
            {
                areas.Add(new WarningAreaRequest(Blank(ShapeName), null, Blank(Polygon), Blank(Circle)));
            }

            return new WarningDraftRequest(
                EventCode ?? "", Level, Status, Urgency, Certainty, WarningsUi.ToUtc(EffectiveAt, zone), null, WarningsUi.ToUtc(ExpiresAt, zone),
                Headline, Description, Instruction, Blank(HeadlineEn), Blank(DescriptionEn), Blank(InstructionEn), Blank(Contact), Blank(Web), areas);
        }

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}
