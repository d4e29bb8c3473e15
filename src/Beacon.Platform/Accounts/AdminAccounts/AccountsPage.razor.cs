using System.ComponentModel.DataAnnotations;
using AntDesign;
using AntDesign.Select.Internal;
using Beacon.Platform.Accounts.CreateAccount;
using Beacon.Platform.Accounts.ListAccounts;
using Beacon.Platform.Accounts.ResetPassword;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.Accounts.UpdateAccount;
using Beacon.Platform.Localization;
using Beacon.Platform.Time;
using Beacon.Platform.Units.ListUnits;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Accounts.AdminAccounts;

/// <summary>
/// Account administration (账号管理): accounts in scope, create (a generated initial password is shown once),
/// edit name, unit, roles and status, and reset a password (optionally the second factor too).
/// </summary>
public partial class AccountsPage
{
    private readonly AccountForm _form = new();
    private Dictionary<string, string> _errors = [];
    private List<AccountView> _rows = [];
    private List<UnitView> _units = [];
    private Guid? _filterUnit;
    private string? _filterRole;
    private string? _filterSearch;
    private bool _loading = true;
    private bool _saving;
    private bool _formOpen;
    private AccountView? _editing;
    private string? _formError;
    private AccountView? _resetting;
    private bool _resetSecondFactor;
    private SecretShown? _secret;
    private Notice? _notice;

    /// <summary>Opens the list filtered to one role, e.g. from the roles page.</summary>
    [SupplyParameterFromQuery(Name = "role")]
    public string? RoleQuery { get; set; }

    [Inject]
    private ListAccountsHandler Accounts { get; set; } = default!;

    [Inject]
    private CreateAccountHandler CreateAccount { get; set; } = default!;

    [Inject]
    private UpdateAccountHandler UpdateAccount { get; set; } = default!;

    [Inject]
    private ResetPasswordHandler ResetPassword { get; set; } = default!;

    [Inject]
    private ListUnitsHandler Units { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IOptions<SecurityOptions> Security { get; set; } = default!;

    [Inject]
    private IStringLocalizer<AdminResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _units = await Units.HandleAsync(null, null, null, includeRetired: false, CancellationToken.None);
        _filterRole = RoleQuery is { } role && Roles.IsKnown(role) ? role : null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        _rows = await Accounts.HandleAsync(null, _filterUnit, _filterRole, _filterSearch?.Trim(), CancellationToken.None);
        _loading = false;
    }

    private Task ResetFiltersAsync()
    {
        _filterUnit = null;
        _filterRole = null;
        _filterSearch = null;
        return LoadAsync();
    }

    private void OpenCreate()
    {
        _editing = null;
        _form.Reset(_filterUnit);
        _errors = [];
        _formError = null;
        _formOpen = true;
    }

    private async Task OpenEditAsync(AccountView row)
    {
        var account = await Accounts.FindAsync(row.Id, CancellationToken.None);
        if (account is null)
        {
            _notice = Notice.Error(L["Common.NotFound"]);
            await LoadAsync();
            return;
        }

        _editing = account;
        _form.Fill(account);
        _errors = [];
        _formError = null;
        _formOpen = true;
    }

    private void CloseForm()
    {
        _formOpen = false;
        _editing = null;
    }

    private async Task SaveAsync()
    {
        _errors = _form.Check(_editing is null, L);
        _formError = null;
        if (_errors.Count > 0)
        {
            return;
        }

        _saving = true;
        try
        {
            if (_editing is null)
            {
                await CreateAsync();
            }
            else
            {
                await UpdateAsync(_editing);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task CreateAsync()
    {
        var request = new CreateAccountRequest(_form.UserName.Trim(), _form.DisplayName.Trim(), _form.UnitId, [.. _form.Roles],
            string.IsNullOrEmpty(_form.Password) ? null : _form.Password, Blank(_form.PhoneNumber), Blank(_form.Email));
        if (!IsValid(request))
        {
            return;
        }

        switch (await CreateAccount.CreateAsync(request, CancellationToken.None))
        {
            case CreateAccountOutcome.Created created:
                CloseForm();
                var account = created.Account.Account;
                _notice = Notice.Success(L["Accounts.Created", account.DisplayName, account.UserName]);
                if (created.Account.InitialPassword is { } password)
                {
                    _secret = new SecretShown(L["Accounts.InitialPassword.Title"], L["Accounts.Secret.Subject", account.DisplayName, account.UserName],
                        password, L["Accounts.InitialPassword.Note"]);
                }

                await LoadAsync();
                break;
            case CreateAccountOutcome.UnitNotInScope:
                _errors[nameof(AccountForm.UnitId)] = L["Accounts.Error.UnitNotInScope"];
                break;
            case CreateAccountOutcome.UnknownRoles:
                _errors[nameof(AccountForm.Roles)] = L["Accounts.Error.UnknownRoles"];
                break;
            case CreateAccountOutcome.UserNameTaken:
                _errors[nameof(AccountForm.UserName)] = L["Accounts.Error.UserNameTaken"];
                break;
            case CreateAccountOutcome.PasswordRejected:
                _errors[nameof(AccountForm.Password)] = L["Accounts.Error.PasswordPolicy", Security.Value.MinPasswordLength];
                break;
        }
    }

    private async Task UpdateAsync(AccountView editing)
    {
        var request = new UpdateAccountRequest(_form.DisplayName.Trim(), _form.UnitId, [.. _form.Roles], _form.IsDisabled,
            Blank(_form.PhoneNumber), Blank(_form.Email));
        if (!IsValid(request))
        {
            return;
        }

        var read = editing.Version;
        switch (await UpdateAccount.UpdateAsync(editing.Id, request, v => v == read, CancellationToken.None))
        {
            case UpdateAccountOutcome.Updated updated:
                CloseForm();
                _notice = Notice.Success(L["Accounts.Updated", updated.Account.DisplayName, updated.Account.UserName]);
                await LoadAsync();
                break;
            case UpdateAccountOutcome.NotFound:
                _formError = L["Common.NotFound"];
                break;
            case UpdateAccountOutcome.Stale or UpdateAccountOutcome.VersionRequired:
                _formError = L["Common.Stale"];
                break;
            case UpdateAccountOutcome.UnitNotInScope:
                _errors[nameof(AccountForm.UnitId)] = L["Accounts.Error.UnitNotInScope"];
                break;
            case UpdateAccountOutcome.UnknownRoles:
                _errors[nameof(AccountForm.Roles)] = L["Accounts.Error.UnknownRoles"];
                break;
            case UpdateAccountOutcome.SelfLockout:
                _formError = L["Accounts.Error.SelfLockout"];
                break;
        }
    }

    private void OpenReset(AccountView row)
    {
        _resetSecondFactor = false;
        _resetting = row;
    }

    private async Task ResetAsync()
    {
        if (_resetting is not { } account)
        {
            return;
        }

        _saving = true;
        try
        {
            var result = await ResetPassword.ResetAsync(account.Id, _resetSecondFactor, CancellationToken.None);
            _resetting = null;
            if (result is null)
            {
                _notice = Notice.Error(L["Common.NotFound"]);
                return;
            }

            _notice = Notice.Success(L[_resetSecondFactor ? "Accounts.Reset.DoneWithSecondFactor" : "Accounts.Reset.Done", account.DisplayName, account.UserName]);
            _secret = new SecretShown(L["Accounts.TemporaryPassword.Title"], L["Accounts.Secret.Subject", account.DisplayName, account.UserName],
                result.TemporaryPassword, L[_resetSecondFactor ? "Accounts.TemporaryPassword.NoteSecondFactor" : "Accounts.TemporaryPassword.Note"]);
            await LoadAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>
    /// The page calls handlers directly, so it runs the request's DataAnnotations itself, as the API's filter would.
    /// Fields whose rule fails get a general message; the form's hints say the exact format.
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

    private FormValidateStatus Status(string field) => _errors.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    private string? Help(string field) => _errors.GetValueOrDefault(field);

    private string? UserNameHelp() =>
        Help(nameof(AccountForm.UserName)) ?? (_editing is null ? L["Accounts.Field.UserNameHint"].Value : null);

    private string PasswordHelp() => Help(nameof(AccountForm.Password)) ?? L["Accounts.Field.PasswordHint", Security.Value.MinPasswordLength].Value;

    /// <summary>Searchable selects match anywhere in the label (code, prefecture or name), not only at its start.</summary>
    private static bool LabelContains<TValue>(SelectOptionItem<TValue, TValue> item, string search) =>
        item.Label?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Active units, plus the edited account's own unit when it is retired, so the form still names it.</summary>
    private IEnumerable<(Guid Id, string Name)> UnitOptions()
    {
        if (_editing is { } editing && _units.All(u => u.Id != editing.UnitId))
        {
            yield return (editing.UnitId, L["Accounts.Field.RetiredUnit", editing.UnitName]);
        }

        foreach (var unit in _units)
        {
            yield return (unit.Id, unit.Name);
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed record Notice(AlertType Type, string Text)
    {
        public static Notice Success(string text) => new(AlertType.Success, text);

        public static Notice Error(string text) => new(AlertType.Error, text);
    }

    /// <summary>A password to show once, in <c>OneTimeSecretModal</c>.</summary>
    private sealed record SecretShown(string Title, string Subject, string Value, string Note);

    private sealed class AccountForm
    {
        public string UserName { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public Guid? UnitId { get; set; }

        public IEnumerable<string> Roles { get; set; } = [];

        public string? Password { get; set; }

        public bool IsDisabled { get; set; }

        public string? PhoneNumber { get; set; }

        public string? Email { get; set; }

        public void Reset(Guid? unitId)
        {
            UserName = "";
            DisplayName = "";
            UnitId = unitId;
            Roles = [];
            Password = null;
            IsDisabled = false;
            PhoneNumber = null;
            Email = null;
        }

        public void Fill(AccountView account)
        {
            UserName = account.UserName;
            DisplayName = account.DisplayName;
            UnitId = account.UnitId;
            Roles = [.. account.Roles];
            Password = null;
            IsDisabled = account.IsDisabled;
            PhoneNumber = account.PhoneNumber;
            Email = account.Email;
        }

        public Dictionary<string, string> Check(bool creating, IStringLocalizer l)
        {
            var errors = new Dictionary<string, string>();
            if (creating && string.IsNullOrWhiteSpace(UserName))
            {
                errors[nameof(UserName)] = l["Common.Required"].Value;
            }

            if (string.IsNullOrWhiteSpace(DisplayName))
            {
                errors[nameof(DisplayName)] = l["Common.Required"].Value;
            }

            if (UnitId is null)
            {
                errors[nameof(UnitId)] = l["Accounts.Field.UnitPlaceholder"].Value;
            }

            if (!Roles.Any())
            {
                errors[nameof(Roles)] = l["Accounts.Field.RolesPlaceholder"].Value;
            }

            return errors;
        }
    }
}
