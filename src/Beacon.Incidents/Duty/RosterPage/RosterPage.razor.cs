using AntDesign;
using Beacon.Incidents.Localization;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Duty.RosterPage;

/// <summary>
/// Duty management (值班管理): the roster calendar (排班) of the unit and those below it, with adding shifts and swaps
/// (换班, If-Match on the version shown); who is on duty now at every duty room below (查询下级值班); the duty log and
/// the handover summary (交接班).
/// </summary>
public partial class RosterPage
{
    private readonly ShiftForm _shift = new();
    private List<ShiftView> _shifts = [];
    private List<OnDutyNow> _now = [];
    private List<DutyLogView> _log = [];
    private int _logTotal;
    private Handover? _handover;

    private List<Handovers.HandoverView> _handovers = [];

    private string _handoverNotes = "";
    private Dictionary<string, string> _shiftErrors = [];
    private DateTime _month;
    private DateTime _selected;
    private ShiftView? _editing;
    private bool _shiftOpen;
    private bool _busy;
    private string? _shiftError;
    private string? _logError;
    private string _logText = "";
    private (AlertType Type, string Text)? _notice;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private ShiftsHandler Shifts { get; set; } = default!;

    [Inject]
    private DutyLogHandler Log { get; set; } = default!;

    [Inject]
    private Handovers.HandoversHandler HandoverRecords { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    [Inject]
    private Platform.Permissions.PermissionCheck Can { get; set; } = default!;

    private bool CanEdit => Can.Allows(IncidentPermissions.PlanRoster);

    private bool CanLog => Can.Allows(IncidentPermissions.WriteDutyLog);

    private IEnumerable<ShiftView> DayShifts => ShiftsOn(_selected);

    protected override async Task OnInitializedAsync()
    {
        _selected = Beijing.Now.Date;
        _month = new DateTime(_selected.Year, _selected.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        await LoadMonthAsync();
        _now = await Shifts.NowAsync(CancellationToken.None);
        await LoadLogAsync();
    }

    /// <summary>Shifts touching a Beijing calendar day.</summary>
    private IEnumerable<ShiftView> ShiftsOn(DateTime day)
    {
        var start = Beijing.ToUtc(day.Date);
        var end = Beijing.ToUtc(day.Date.AddDays(1));
        return _shifts.Where(s => s.StartsAt < end && s.EndsAt > start);
    }

    /// <summary>The visible month with the days of the neighbouring months the calendar shows.</summary>
    private async Task LoadMonthAsync()
    {
        var from = Beijing.ToUtc(_month.AddDays(-7));
        _shifts = await Shifts.CalendarAsync(from, from.AddDays(45), CancellationToken.None);
    }

    private async Task LoadLogAsync()
    {
        var page = await Log.ListAsync(new PageRequest(1, Paging.DefaultPageSize), CancellationToken.None);
        _log = [.. page.Items];
        _logTotal = page.Total;
        _handover = await Log.HandoverAsync(CancellationToken.None);
        _handovers = await HandoverRecords.RecentAsync(5, CancellationToken.None);
    }

    /// <summary>The outgoing shift hands over (交班): what is open is frozen with the notes, for the incoming shift to acknowledge.</summary>
    private async Task HandOverAsync()
    {
        _busy = true;
        var outcome = Problems.Read(await HandoverRecords.HandOverAsync(new Handovers.HandOverRequest(_handoverNotes), CancellationToken.None), L);
        _busy = false;
        _notice = outcome.Succeeded ? (AlertType.Success, L["Handover.Done"].Value) : (AlertType.Error, outcome.Problem ?? L["Error.CheckFields"].Value);
        if (outcome.Succeeded)
        {
            _handoverNotes = "";
            await LoadLogAsync();
        }
    }

    /// <summary>The incoming shift acknowledges a handover (接班确认).</summary>
    private async Task AcknowledgeAsync(Guid id)
    {
        _busy = true;
        var outcome = Problems.Read(await HandoverRecords.AcknowledgeAsync(id, new Handovers.AcknowledgeHandoverRequest(null), CancellationToken.None), L);
        _busy = false;
        _notice = outcome.Succeeded ? (AlertType.Success, L["Handover.AcknowledgeDone"].Value) : (AlertType.Error, outcome.Problem ?? L["Error.CheckFields"].Value);
        await LoadLogAsync();
    }

    /// <summary>The next page of older entries, appended; the log never stops silently at a fixed length.</summary>
    private async Task MoreLogAsync()
    {
        var page = await Log.ListAsync(new PageRequest((_log.Count / Paging.DefaultPageSize) + 1, Paging.DefaultPageSize), CancellationToken.None);
        _log = [.. _log, .. page.Items.Where(e => _log.All(x => x.Id != e.Id))];
        _logTotal = page.Total;
    }

    private async Task SelectAsync(DateTime day)
    {
        _selected = day.Date;
        var month = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        if (month != _month)
        {
            _month = month;
            await LoadMonthAsync();
        }
    }

    private void PanelChange(DateTime day, DatePickerType mode) => _ = InvokeAsync(async () =>
    {
        await SelectAsync(day);
        StateHasChanged();
    });

    private void OpenShift(ShiftView? shift, DateTime? day)
    {
        _editing = shift;
        if (shift is not null)
        {
            _shift.StartsAt = Beijing.ToLocal(shift.StartsAt).DateTime;
            _shift.EndsAt = Beijing.ToLocal(shift.EndsAt).DateTime;
            (_shift.DutyOfficers, _shift.LeaderOnDuty, _shift.Phone, _shift.Note) = (shift.DutyOfficers, shift.LeaderOnDuty, shift.Phone, shift.Note);
        }
        else
        {
            // A day shift by default, 08:30 to 08:30 the next day as duty rooms commonly hand over.
            var start = (day ?? Beijing.Now.Date).Date.AddHours(8.5);
            (_shift.StartsAt, _shift.EndsAt, _shift.DutyOfficers, _shift.LeaderOnDuty, _shift.Phone, _shift.Note) = (start, start.AddDays(1), "", "", null, null);
        }

        _shiftErrors = [];
        _shiftError = null;
        _shiftOpen = true;
    }

    private async Task SaveShiftAsync()
    {
        var request = new ShiftRequest(IncidentsUi.ToUtc(_shift.StartsAt, Beijing.Zone), IncidentsUi.ToUtc(_shift.EndsAt, Beijing.Zone),
            _shift.DutyOfficers, _shift.LeaderOnDuty, Blank(_shift.Phone), Blank(_shift.Note));
        _shiftErrors = IncidentsUi.Validate(request, L);
        if (_shiftErrors.Count > 0)
        {
            return;
        }

        _busy = true;
        var result = _editing is { } editing
            ? await Shifts.UpdateAsync(editing.Id, request, ApiResults.ETag(editing.Version), CancellationToken.None)
            : await Shifts.AddAsync(request, CancellationToken.None);
        var outcome = Problems.Read(result, L);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _shiftErrors = outcome.FieldErrors;
            _shiftError = outcome.Problem;
            return;
        }

        _shiftOpen = false;
        _notice = (AlertType.Success, L["Roster.Saved"].Value);
        await LoadMonthAsync();
        _now = await Shifts.NowAsync(CancellationToken.None);
    }

    private async Task AddLogAsync(bool isHandover)
    {
        var request = new DutyLogRequest(_logText, isHandover);
        var errors = IncidentsUi.Validate(request, L);
        _logError = errors.GetValueOrDefault("Text");
        if (_logError is not null)
        {
            return;
        }

        _busy = true;
        var outcome = Problems.Read(await Log.AddAsync(request, CancellationToken.None), L);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _logError = outcome.Problem ?? string.Join("；", outcome.FieldErrors.Values);
            return;
        }

        _logText = "";
        await LoadLogAsync();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed class ShiftForm
    {
        public DateTime? StartsAt { get; set; }

        public DateTime? EndsAt { get; set; }

        public string DutyOfficers { get; set; } = "";

        public string LeaderOnDuty { get; set; } = "";

        public string? Phone { get; set; }

        public string? Note { get; set; }
    }
}
