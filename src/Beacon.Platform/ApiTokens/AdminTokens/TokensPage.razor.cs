using System.ComponentModel.DataAnnotations;
using AntDesign;
using AntDesign.Select.Internal;
using Beacon.Platform.ApiTokens.CreateToken;
using Beacon.Platform.ApiTokens.ListTokens;
using Beacon.Platform.ApiTokens.RevokeToken;
using Beacon.Platform.Localization;
using Beacon.Platform.Time;
using Beacon.Platform.Units.ListUnits;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Platform.ApiTokens.AdminTokens;

/// <summary>
/// API tokens (接口令牌) of the units in scope: status and last use, create (the secret is shown once) and revoke.
/// </summary>
public partial class TokensPage
{
    private static readonly string[] Statuses = ["active", "expired", "revoked"];

    private readonly TokenForm _form = new();
    private Dictionary<string, string> _errors = [];
    private List<TokenView> _rows = [];
    private List<UnitView> _units = [];
    private List<(Guid Id, string Name)> _tokenUnits = [];
    private string? _filterStatus;
    private Guid? _filterUnit;
    private bool _loading = true;
    private bool _saving;
    private bool _formOpen;
    private CreatedToken? _secret;
    private Notice? _notice;

    [Inject]
    private ListTokensHandler Tokens { get; set; } = default!;

    [Inject]
    private CreateTokenHandler CreateToken { get; set; } = default!;

    [Inject]
    private RevokeTokenHandler RevokeToken { get; set; } = default!;

    [Inject]
    private ListUnitsHandler Units { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<AdminResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    private IEnumerable<TokenView> Shown => _rows
        .Where(t => _filterStatus is null || t.Status == _filterStatus)
        .Where(t => _filterUnit is null || t.UnitId == _filterUnit);

    protected override async Task OnInitializedAsync()
    {
        _units = await Units.HandleAsync(null, null, null, includeRetired: false, CancellationToken.None);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        _rows = await Tokens.HandleAsync(CancellationToken.None);
        _tokenUnits = [.. _rows.Select(t => (t.UnitId, t.UnitName)).Distinct().OrderBy(u => u.UnitName, StringComparer.Ordinal)];
        _loading = false;
    }

    private void ResetFilters()
    {
        _filterStatus = null;
        _filterUnit = null;
    }

    private void OpenCreate()
    {
        _form.Reset();
        _errors = [];
        _formOpen = true;
    }

    private async Task CreateAsync()
    {
        _errors = _form.Check(L, CreateToken.MaxValidDays);
        if (_errors.Count > 0)
        {
            return;
        }

        var request = new CreateTokenRequest(_form.Name.Trim(), _form.UnitId, [.. _form.Roles], _form.ValidDays);
        if (!IsValid(request))
        {
            return;
        }

        _saving = true;
        try
        {
            switch (await CreateToken.CreateAsync(request, CancellationToken.None))
            {
                case CreateTokenOutcome.Created created:
                    _formOpen = false;
                    _secret = created.Token;
                    _notice = Notice.Success(L["Tokens.Created", created.Token.Token.Name]);
                    await LoadAsync();
                    break;
                case CreateTokenOutcome.UnitNotInScope:
                    _errors[nameof(TokenForm.UnitId)] = L["Tokens.Error.UnitNotInScope"];
                    break;
                case CreateTokenOutcome.RolesNotAllowed:
                    _errors[nameof(TokenForm.Roles)] = L["Tokens.Error.RolesNotAllowed"];
                    break;
                case CreateTokenOutcome.LifetimeTooLong tooLong:
                    _errors[nameof(TokenForm.ValidDays)] = L["Tokens.Field.ValidDaysHint", tooLong.MaxDays];
                    break;
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task RevokeAsync(TokenView token)
    {
        var revoked = await RevokeToken.RevokeAsync(token.Id, CancellationToken.None);
        _notice = revoked is null ? Notice.Error(L["Common.NotFound"]) : Notice.Success(L["Tokens.Revoked", revoked.Name]);
        await LoadAsync();
    }

    /// <summary>
    /// The page calls handlers directly, so it runs the request's DataAnnotations itself, as the API's filter would.
    /// </summary>
    private bool IsValid(object request)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
        {
            return true;
        }

        foreach (var member in results.SelectMany(r => r.MemberNames))
        {
            _errors.TryAdd(member, L["Common.InvalidFormat"]);
        }

        return false;
    }

    /// <summary>Searchable selects match anywhere in the label (code, prefecture or name), not only at its start.</summary>
    private static bool LabelContains<TValue>(SelectOptionItem<TValue, TValue> item, string search) =>
        item.Label?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;

    private static TagColor StatusColor(string status) => status switch
    {
        "active" => TagColor.Green,
        "expired" => TagColor.Orange,
        _ => TagColor.Default,
    };

    private FormValidateStatus Status(string field) => _errors.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    private string? NameHelp() => _errors.GetValueOrDefault(nameof(TokenForm.Name)) ?? L["Tokens.Field.NameHint"].Value;

    private string? UnitHelp() => _errors.GetValueOrDefault(nameof(TokenForm.UnitId)) ?? L["Tokens.Field.UnitHint"].Value;

    private string? RolesHelp() => _errors.GetValueOrDefault(nameof(TokenForm.Roles)) ?? L["Tokens.Field.RolesHint"].Value;

    private string? ValidDaysHelp() =>
        _errors.GetValueOrDefault(nameof(TokenForm.ValidDays)) ?? L["Tokens.Field.ValidDaysHint", CreateToken.MaxValidDays].Value;

    private string? SecretSubject() =>
        _secret is { } s ? L["Tokens.Secret.Subject", s.Token.Name, s.Token.UnitName].Value : null;

    private sealed record Notice(AlertType Type, string Text)
    {
        public static Notice Success(string text) => new(AlertType.Success, text);

        public static Notice Error(string text) => new(AlertType.Error, text);
    }

    private sealed class TokenForm
    {
        public string Name { get; set; } = "";

        public Guid? UnitId { get; set; }

        public IEnumerable<string> Roles { get; set; } = [];

        public int ValidDays { get; set; } = CreateTokenHandler.DefaultValidDays;

        public void Reset()
        {
            Name = "";
            UnitId = null;
            Roles = [];
            ValidDays = CreateTokenHandler.DefaultValidDays;
        }

        public Dictionary<string, string> Check(IStringLocalizer l, int maxValidDays)
        {
            var errors = new Dictionary<string, string>();
            if (ValidDays < 1 || ValidDays > maxValidDays)
            {
                errors[nameof(ValidDays)] = l["Tokens.Field.ValidDaysHint", maxValidDays].Value;
            }

            if (string.IsNullOrWhiteSpace(Name))
            {
                errors[nameof(Name)] = l["Common.Required"].Value;
            }

            if (UnitId is null)
            {
                errors[nameof(UnitId)] = l["Tokens.Field.UnitPlaceholder"].Value;
            }

            if (!Roles.Any())
            {
                errors[nameof(Roles)] = l["Tokens.Field.RolesPlaceholder"].Value;
            }

            return errors;
        }
    }
}
