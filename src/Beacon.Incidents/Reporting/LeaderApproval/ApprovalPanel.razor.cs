using AntDesign;
using Beacon.Incidents.Localization;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Reporting.LeaderApproval;

/// <summary>
/// On the incident page: its deliveries upward held for the leader's approval (待带班领导审核) with who must approve,
/// the leader's 审核通过 / 退回修改, the reason of a return and the duty officer's resubmission (decision 0039).
/// </summary>
public partial class ApprovalPanel
{
    private List<ApprovalView> _items = [];
    private int? _loadedRevision;
    private bool _busy;
    private string? _reason;
    private string? _ownUnitName;
    private (AlertType Type, string Text)? _notice;

    [Parameter]
    public Guid IncidentId { get; set; }

    /// <summary>Bumped by the host page when something changed; the panel reloads.</summary>
    [Parameter]
    public int Revision { get; set; }

    /// <summary>Told after a decision, so the host page reloads what it shows (the chain, the obligations).</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    [Inject]
    private LeaderApprovalHandler Approvals { get; set; } = default!;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private Platform.Data.BeaconDbFactory Dbs { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private Platform.Permissions.PermissionCheck Can { get; set; } = default!;

    private bool CanApprove => Can.Allows(IncidentPermissions.ApproveReport);

    private bool CanResubmit => Can.Allows(IncidentPermissions.FollowUp);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedRevision != Revision)
        {
            _loadedRevision = Revision;
            if (_ownUnitName is null && Scopes.Actor.UnitId is { } unitId)
            {
                await using var db = Dbs.CreateDbContext();
                _ownUnitName = db.Units.Where(u => u.Id == unitId).Select(u => u.Name).FirstOrDefault();
            }

            await LoadAsync();
        }
    }

    private async Task LoadAsync() => _items = await Approvals.ForIncidentAsync(IncidentId, CancellationToken.None);

    private static TagColor StateColor(ApprovalState state) => state switch
    {
        ApprovalState.Pending => TagColor.Orange,
        ApprovalState.Returned => TagColor.Red,
        _ => TagColor.Green,
    };

    private Task ApproveAsync() => DecideAsync(() => Approvals.ApproveAsync(IncidentId, new ApproveReportRequest(null), CancellationToken.None), "Approval.Approved");

    private Task ReturnAsync() => DecideAsync(() => Approvals.ReturnAsync(IncidentId, new ReturnReportRequest(_reason ?? ""), CancellationToken.None), "Approval.Returned");

    private Task ResubmitAsync() => DecideAsync(() => Approvals.ResubmitAsync(IncidentId, new ResubmitReportRequest(null), CancellationToken.None), "Approval.Resubmitted");

    private async Task DecideAsync(Func<Task<Microsoft.AspNetCore.Http.IResult>> act, string done)
    {
        _busy = true;
        try
        {
            var outcome = Problems.Read(await act(), L, field => L["Approval.Field." + field].Value);
            if (!outcome.Succeeded)
            {
                _notice = (AlertType.Error, outcome.FieldErrors.Values.FirstOrDefault() ?? outcome.Problem ?? L["Error.Status", 400].Value);
                return;
            }

            _notice = (AlertType.Success, L[done].Value);
            _reason = null;
            await LoadAsync();
            await Changed.InvokeAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
