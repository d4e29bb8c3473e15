using System.ComponentModel.DataAnnotations;
using AntDesign;
using AntDesign.Select.Internal;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Jurisdictions.AddFunctionalArea;
using Beacon.Platform.Jurisdictions.ListJurisdictions;
using Beacon.Platform.Localization;
using Beacon.Platform.Time;
using Beacon.Platform.Units.CreateUnit;
using Beacon.Platform.Units.ListUnits;
using Beacon.Platform.Units.MergeUnits;
using Beacon.Platform.Units.RetireUnit;
using Beacon.Platform.Units.UpdateUnit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Platform.Units.AdminUnits;

/// <summary>
/// Unit administration (单位管理): units in scope, create, edit (a rename keeps the old name), retire (撤销),
/// merge (合并), and the jurisdiction tree with functional areas (开发区).
/// </summary>
public partial class UnitsPage
{
    private readonly UnitForm _unit = new();
    private readonly MergeForm _merge = new();
    private AreaForm _area = new();
    private Dictionary<string, string> _unitErrors = [];
    private Dictionary<string, string> _areaErrors = [];
    private List<UnitView> _rows = [];
    private List<UnitView> _activeUnits = [];
    private Dictionary<Guid, string> _unitNames = [];
    private List<JurisdictionView> _jurisdictions = [];
    private Dictionary<string, string> _jurisdictionNames = [];
    private List<JurisdictionNode> _tree = [];
    private string[] _expandedKeys = [];
    private string _tab = "units";
    private string? _filterJurisdiction;
    private string? _filterSearch;
    private UnitKind? _filterKind;
    private bool _filterIncludeRetired;
    private bool _loading = true;
    private bool _saving;
    private bool _areaSaving;
    private bool _unitModalOpen;
    private UnitDetail? _editing;
    private string? _unitError;
    private UnitView? _merging;
    private string? _mergeError;
    private Notice? _notice;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private ListUnitsHandler Units { get; set; } = default!;

    [Inject]
    private ListJurisdictionsHandler Jurisdictions { get; set; } = default!;

    [Inject]
    private CreateUnitHandler CreateUnit { get; set; } = default!;

    [Inject]
    private UpdateUnitHandler UpdateUnit { get; set; } = default!;

    [Inject]
    private RetireUnitHandler RetireUnit { get; set; } = default!;

    [Inject]
    private MergeUnitsHandler MergeUnits { get; set; } = default!;

    [Inject]
    private AddFunctionalAreaHandler AddArea { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<AdminResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await LoadJurisdictionsAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        _rows = await Units.HandleAsync(_filterJurisdiction, _filterKind, _filterSearch?.Trim(), _filterIncludeRetired, CancellationToken.None);
        var all = await Units.HandleAsync(null, null, null, true, CancellationToken.None);
        _unitNames = all.ToDictionary(u => u.Id, u => u.Name);
        _activeUnits = all.Where(u => !u.IsRetired).ToList();
        _loading = false;
    }

    private async Task LoadJurisdictionsAsync()
    {
        _jurisdictions = await Jurisdictions.HandleAsync(includeFunctionalAreas: true, includeRetired: false, CancellationToken.None);
        _jurisdictionNames = _jurisdictions.ToDictionary(j => j.Code, j => j.Name);
        var nodes = _jurisdictions.ToDictionary(j => j.Code, j => new JurisdictionNode(j, []));
        var roots = new List<JurisdictionNode>();
        foreach (var node in nodes.Values)
        {
            if (node.View.ParentCode is { } parent && nodes.TryGetValue(parent, out var parentNode))
            {
                parentNode.Children.Add(node);
            }
            else
            {
                roots.Add(node);
            }
        }

        _tree = roots;
        _expandedKeys = [.. roots.Select(r => r.View.Code)];
    }

    private Task SearchAsync() => LoadAsync();

    private Task ResetFiltersAsync()
    {
        _filterJurisdiction = null;
        _filterSearch = null;
        _filterKind = null;
        _filterIncludeRetired = false;
        return LoadAsync();
    }

    private Task ShowUnitsOfAsync(TreeEventArgs<JurisdictionNode> args)
    {
        _filterJurisdiction = args.Node.DataItem.View.Code;
        _filterSearch = null;
        _filterKind = null;
        _tab = "units";
        return LoadAsync();
    }

    /// <summary>Counties and functional areas are named with their prefecture: several prefectures have a 新城区.</summary>
    private string JurisdictionLabel(JurisdictionView j)
    {
        var parent = j.Level is JurisdictionLevel.County or JurisdictionLevel.FunctionalArea && j.ParentCode is { } p
            ? _jurisdictionNames.GetValueOrDefault(p)
            : null;
        return parent is null ? $"{j.Name}（{j.Code}）" : $"{parent} · {j.Name}（{j.Code}）";
    }

    private string EditingJurisdictionLabel() =>
        _editing is not { } editing ? ""
        : _jurisdictions.FirstOrDefault(j => j.Code == editing.Unit.JurisdictionCode) is { } j ? JurisdictionLabel(j)
        : $"{editing.Unit.JurisdictionName}（{editing.Unit.JurisdictionCode}）";

    private string UnitName(Guid id) => _unitNames.GetValueOrDefault(id) ?? id.ToString();

    private void OpenCreate()
    {
        _editing = null;
        _unit.Reset(_filterJurisdiction);
        _unitErrors = [];
        _unitError = null;
        _unitModalOpen = true;
    }

    private async Task OpenEditAsync(UnitView row)
    {
        var detail = await Units.FindAsync(row.Id, CancellationToken.None);
        if (detail is null)
        {
            _notice = Notice.Error(L["Common.NotFound"]);
            await LoadAsync();
            return;
        }

        _editing = detail;
        _unit.Fill(detail.Unit);
        _unitErrors = [];
        _unitError = null;
        _unitModalOpen = true;
    }

    private void CloseUnitModal()
    {
        _unitModalOpen = false;
        _editing = null;
    }

    private async Task SaveUnitAsync()
    {
        _unitErrors = _unit.Check(_editing is null, L);
        _unitError = null;
        if (_unitErrors.Count > 0)
        {
            return;
        }

        _saving = true;
        try
        {
            if (_editing is null)
            {
                await CreateUnitAsync();
            }
            else
            {
                await UpdateUnitAsync(_editing);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task CreateUnitAsync()
    {
        var request = new CreateUnitRequest(_unit.JurisdictionCode ?? "", _unit.Name.Trim(), _unit.Kind, Blank(_unit.DutyPhone), Blank(_unit.Fax), Blank(_unit.Address));
        if (!IsValid(request, _unitErrors))
        {
            return;
        }

        var outcome = Problems.Read(await CreateUnit.HandleAsync(request, CancellationToken.None), L);
        if (outcome.ValueAs<UnitView>() is { } created)
        {
            _unitModalOpen = false;
            _notice = Notice.Success(L["Units.Created", created.Name]);
            await LoadAsync();
            return;
        }

        Refused(outcome, _unitErrors, ref _unitError);
    }

    private async Task UpdateUnitAsync(UnitDetail editing)
    {
        var request = new UpdateUnitRequest(_unit.Name.Trim(), _unit.Kind, Blank(_unit.DutyPhone), Blank(_unit.Fax), Blank(_unit.Address));
        if (!IsValid(request, _unitErrors))
        {
            return;
        }

        var read = editing.Unit.Version;
        switch (await UpdateUnit.UpdateAsync(editing.Unit.Id, request, v => v == read, CancellationToken.None))
        {
            case UpdateUnitOutcome.Updated updated:
                CloseUnitModal();
                _notice = Notice.Success(L["Units.Updated", updated.Unit.Name]);
                await LoadAsync();
                break;
            case var refused:
                Refused(Problems.Read(UpdateUnitHandler.Refusal(refused), L), _unitErrors, ref _unitError);
                break;
        }
    }

    private async Task RetireAsync(UnitView row)
    {
        var read = row.Version;
        _notice = await RetireUnit.RetireAsync(row.Id, v => v == read, CancellationToken.None) switch
        {
            RetireUnitOutcome.Retired retired => Notice.Success(L["Units.Retired", retired.Unit.Name]),
            var refused => Notice.Error(Problems.Read(RetireUnitHandler.Refusal(refused), L).Problem ?? ""),
        };
        await LoadAsync();
    }

    private void OpenMerge(UnitView row)
    {
        _merge.IntoUnitId = null;
        _mergeError = null;
        _merging = row;
    }

    private async Task MergeAsync()
    {
        if (_merging is not { } source)
        {
            return;
        }

        if (_merge.IntoUnitId is null)
        {
            _mergeError = L["Units.Merge.IntoRequired"];
            return;
        }

        _saving = true;
        try
        {
            var outcome = Problems.Read(await MergeUnits.HandleAsync(source.Id, new MergeUnitsRequest(_merge.IntoUnitId), CancellationToken.None), L);
            if (outcome.ValueAs<UnitView>() is { } survivor)
            {
                _merging = null;
                _notice = Notice.Success(L["Units.Merged", source.Name, survivor.Name]);
                await LoadAsync();
            }
            else
            {
                _mergeError = outcome.Problem ?? string.Join("；", outcome.FieldErrors.Values);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task AddAreaAsync()
    {
        _areaErrors = _area.Check(L);
        if (_areaErrors.Count > 0)
        {
            return;
        }

        var request = new AddFunctionalAreaRequest(_area.Code.Trim(), _area.Name.Trim(), _area.ParentCode ?? "");
        if (!IsValid(request, _areaErrors))
        {
            return;
        }

        _areaSaving = true;
        try
        {
            var outcome = Problems.Read(await AddArea.HandleAsync(request, CancellationToken.None), L);
            if (outcome.ValueAs<JurisdictionView>() is { } added)
            {
                _notice = Notice.Success(L["Areas.Created", added.Name]);
                _area = new AreaForm();
                await LoadJurisdictionsAsync();
                _expandedKeys = [.. _expandedKeys, request.ParentCode];
            }
            else
            {
                string? problem = null;
                Refused(outcome, _areaErrors, ref problem);
                if (problem is not null)
                {
                    _notice = Notice.Error(problem);
                }
            }
        }
        finally
        {
            _areaSaving = false;
        }
    }

    /// <summary>A handler's refusal on the form: field texts beside their fields, anything else as the form's error.</summary>
    private static void Refused(PageOutcome outcome, Dictionary<string, string> fieldErrors, ref string? problem)
    {
        foreach (var (field, text) in outcome.FieldErrors)
        {
            fieldErrors[field] = text;
        }

        problem = outcome.Problem ?? problem;
    }

    /// <summary>
    /// The page calls handlers directly, so it runs the request's DataAnnotations itself, as the API's filter would.
    /// Fields whose rule fails get a general message; the form's hints say the exact format.
    /// </summary>
    private bool IsValid(object request, Dictionary<string, string> errors)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
        {
            return true;
        }

        foreach (var member in results.SelectMany(r => r.MemberNames))
        {
            errors.TryAdd(member, L["Common.InvalidFormat"]);
        }

        return false;
    }

    private static FormValidateStatus Status(Dictionary<string, string> errors, string field) =>
        errors.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    private static string? Help(Dictionary<string, string> errors, string field) => errors.GetValueOrDefault(field);

    private string? NameHelp() =>
        Help(_unitErrors, nameof(UnitForm.Name)) ?? (_editing is null ? null : L["Units.Field.NameHint"].Value);

    private string? AreaCodeHelp() => Help(_areaErrors, nameof(AreaForm.Code)) ?? L["Areas.Field.CodeHint"];

    /// <summary>Searchable selects match anywhere in the label (code, prefecture or name), not only at its start.</summary>
    private static bool LabelContains<TValue>(SelectOptionItem<TValue, TValue> item, string search) =>
        item.Label?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A jurisdiction with its children, for the tree.</summary>
    private sealed record JurisdictionNode(JurisdictionView View, List<JurisdictionNode> Children);

    private sealed record Notice(AlertType Type, string Text)
    {
        public static Notice Success(string text) => new(AlertType.Success, text);

        public static Notice Error(string text) => new(AlertType.Error, text);
    }

    private sealed class UnitForm
    {
        public string? JurisdictionCode { get; set; }

        public string Name { get; set; } = "";

        public UnitKind? Kind { get; set; }

        public string? DutyPhone { get; set; }

        public string? Fax { get; set; }

        public string? Address { get; set; }

        public void Reset(string? jurisdictionCode)
        {
            JurisdictionCode = jurisdictionCode;
            Name = "";
            Kind = null;
            DutyPhone = null;
            Fax = null;
            Address = null;
        }

        public void Fill(UnitView unit)
        {
            JurisdictionCode = unit.JurisdictionCode;
            Name = unit.Name;
            Kind = unit.Kind;
            DutyPhone = unit.DutyPhone;
            Fax = unit.Fax;
            Address = unit.Address;
        }

        public Dictionary<string, string> Check(bool creating, IStringLocalizer l)
        {
            var errors = new Dictionary<string, string>();
            if (creating && string.IsNullOrEmpty(JurisdictionCode))
            {
                errors[nameof(JurisdictionCode)] = l["Units.Field.JurisdictionPlaceholder"].Value;
            }

            if (string.IsNullOrWhiteSpace(Name))
            {
                errors[nameof(Name)] = l["Common.Required"].Value;
            }

            if (Kind is null)
            {
                errors[nameof(Kind)] = l["Units.Field.KindPlaceholder"].Value;
            }

            return errors;
        }
    }

    private sealed class MergeForm
    {
        public Guid? IntoUnitId { get; set; }
    }

    private sealed class AreaForm
    {
        public string? ParentCode { get; set; }

        public string Code { get; set; } = "";

        public string Name { get; set; } = "";

        public Dictionary<string, string> Check(IStringLocalizer l)
        {
            var errors = new Dictionary<string, string>();
            if (string.IsNullOrEmpty(ParentCode))
            {
                errors[nameof(ParentCode)] = l["Areas.Field.ParentPlaceholder"].Value;
            }

            if (string.IsNullOrWhiteSpace(Code))
            {
                errors[nameof(Code)] = l["Common.Required"].Value;
            }

            if (string.IsNullOrWhiteSpace(Name))
            {
                errors[nameof(Name)] = l["Common.Required"].Value;
            }

            return errors;
        }
    }
}
