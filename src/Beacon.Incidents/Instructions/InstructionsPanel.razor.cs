using AntDesign;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Instructions.CarryOut;
using Beacon.Incidents.Instructions.IssueInstruction;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Incidents.Instructions.Supervise;
using Beacon.Incidents.Localization;
using Beacon.Platform.Accounts;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Instructions;

/// <summary>
/// Handling items (办理): on an incident page, its proposals, referrals and leaders' instructions with each unit's
/// signature and feedback, and the forms to propose, refer, instruct and supervise; on the duty board (no
/// <see cref="IncidentId"/>), the instructions the officer's own unit has still to carry out (待落实).
/// </summary>
public partial class InstructionsPanel
{
    private readonly IssueForm _issue = new();
    private readonly FeedbackForm _feedback = new();
    private readonly SuperviseForm _supervise = new();
    private List<InstructionView> _items = [];
    private List<UnitChoice> _units = [];
    private Dictionary<string, string> _issueErrors = [];
    private Dictionary<string, string> _feedbackErrors = [];
    private Dictionary<string, string> _superviseErrors = [];
    private int? _loadedRevision;
    private InstructionFilter? _loadedFilter;
    private bool _loading = true;
    private bool _busy;
    private bool _issueOpen;
    private AssignmentView? _feedbackFor;
    private InstructionView? _supervising;
    private string? _issueError;
    private string? _feedbackError;
    private string? _superviseError;
    private (AlertType Type, string Text)? _notice;

    /// <summary>The incident whose items to show; none for the board's list of items awaiting the unit's feedback.</summary>
    [Parameter]
    public Guid? IncidentId { get; set; }

    /// <summary>Without an incident: which items to list (the board shows those awaiting the unit's feedback).</summary>
    [Parameter]
    public InstructionFilter Filter { get; set; } = InstructionFilter.AwaitingMyFeedback;

    /// <summary>Bumped by the host page when something changed; the panel reloads.</summary>
    [Parameter]
    public int Revision { get; set; }

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private ListInstructionsHandler List { get; set; } = default!;

    [Inject]
    private IssueInstructionHandler Issue { get; set; } = default!;

    [Inject]
    private CarryOutHandler CarryOut { get; set; } = default!;

    [Inject]
    private SuperviseHandler Supervise { get; set; } = default!;

    [Inject]
    private IncidentLookups Lookups { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private Platform.Permissions.PermissionCheck Can { get; set; } = default!;

    private bool IsDutyRoom => Can.Allows(IncidentPermissions.ProposeHandling);

    private bool IsLeader => Scopes.Actor.IsInRole(Roles.Leader) || Scopes.Actor.IsInRole(Roles.LeaderOnDuty);

    private bool CanCarryOut => Can.Allows(IncidentPermissions.CarryOutInstruction);

    private bool CanIssue => Can.Allows(IncidentPermissions.IssueInstruction);

    private bool CanSupervise => Can.Allows(IncidentPermissions.SuperviseInstruction);

    private int OverdueCount => _items.Count(i => i.DeadlineStatus == ObligationStatus.Overdue);

    private IEnumerable<InstructionKind> AllowedKinds =>
        IsDutyRoom ? [InstructionKind.Proposal, InstructionKind.Referral, InstructionKind.LeaderInstruction] : [InstructionKind.LeaderInstruction];

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedRevision != Revision || _loadedFilter != Filter)
        {
            _loadedRevision = Revision;
            _loadedFilter = Filter;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        if (IncidentId is { } id)
        {
            _items = await List.ForIncidentAsync(id, CancellationToken.None) is Ok<List<InstructionView>> { Value: { } views } ? views : [];
        }
        else
        {
            _items = await List.ListAsync(Filter, CancellationToken.None);
        }

        _loading = false;
    }

    private static string KindColor(InstructionKind kind) => kind switch
    {
        InstructionKind.LeaderInstruction => "#cf1322",
        InstructionKind.Referral => "#1677ff",
        _ => "#8c8c8c",
    };

    private static TagColor KindTag(InstructionKind kind) => kind switch
    {
        InstructionKind.LeaderInstruction => TagColor.Red,
        InstructionKind.Referral => TagColor.Blue,
        _ => TagColor.Default,
    };

    private async Task OpenIssue(InstructionView? proposal, InstructionKind? kind = null)
    {
        if (_units.Count == 0)
        {
            _units = await Lookups.UnitsBelowAsync(CancellationToken.None);
        }

        _issue.Kind = kind ?? (proposal is not null || !IsDutyRoom ? InstructionKind.LeaderInstruction : InstructionKind.Proposal);
        _issue.ProposalId = proposal?.Id;
        _issue.Text = "";
        _issue.LeaderName = null;
        _issue.DueAt = null;
        _issue.ToUnitIds = proposal is null ? [] : proposal.ProposedUnits.Select(u => u.Id).ToList();
        _issueErrors = [];
        _issueError = null;
        _issueOpen = true;
    }

    private async Task IssueAsync()
    {
        var request = new IssueInstructionRequest(_issue.Kind, _issue.Text, Blank(_issue.LeaderName), _issue.ToUnitIds.ToList(),
            _issue.Kind == InstructionKind.Proposal ? null : IncidentsUi.ToUtc(_issue.DueAt, Beijing.Zone), _issue.ProposalId);
        _issueErrors = IncidentsUi.Validate(request, L);
        if (_issueErrors.Count > 0 || IncidentId is not { } incidentId)
        {
            return;
        }

        _busy = true;
        var outcome = Problems.Read(await Issue.HandleAsync(incidentId, request, CancellationToken.None), L);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _issueErrors = outcome.FieldErrors;
            _issueError = outcome.Problem;
            return;
        }

        _issueOpen = false;
        _notice = (AlertType.Success, L["Instr.Issued." + _issue.Kind].Value);
        await LoadAsync();
    }

    private async Task SignAsync(AssignmentView assignment)
    {
        _busy = true;
        var outcome = Problems.Read(await CarryOut.SignAsync(assignment.Id, CancellationToken.None), L);
        _busy = false;
        _notice = outcome.Succeeded ? (AlertType.Success, L["Instr.SignedDone"].Value) : (AlertType.Error, outcome.Problem ?? L["Error.Status", 400].Value);
        await LoadAsync();
    }

    private void OpenFeedback(AssignmentView assignment)
    {
        _feedbackFor = assignment;
        _feedback.Text = "";
        _feedback.IsFinal = false;
        _feedbackErrors = [];
        _feedbackError = null;
    }

    private async Task FeedbackAsync()
    {
        if (_feedbackFor is not { } assignment)
        {
            return;
        }

        var request = new FeedbackRequest(_feedback.Text, _feedback.IsFinal);
        _feedbackErrors = IncidentsUi.Validate(request, L);
        if (_feedbackErrors.Count > 0)
        {
            return;
        }

        _busy = true;
        var outcome = Problems.Read(await CarryOut.FeedbackAsync(assignment.Id, request, CancellationToken.None), L);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _feedbackErrors = outcome.FieldErrors;
            _feedbackError = outcome.Problem;
            return;
        }

        _feedbackFor = null;
        _notice = (AlertType.Success, L[request.IsFinal ? "Instr.FeedbackDoneFinal" : "Instr.FeedbackDone"].Value);
        await LoadAsync();
    }

    private void OpenSupervise(InstructionView item)
    {
        _supervising = item;
        _supervise.Note = "";
        _supervise.DueAt = item.DueAt is { } due ? Beijing.ToLocal(due).DateTime : null;
        _superviseErrors = [];
        _superviseError = null;
    }

    private async Task SuperviseAsync()
    {
        if (_supervising is not { } item)
        {
            return;
        }

        var due = IncidentsUi.ToUtc(_supervise.DueAt, Beijing.Zone);
        var request = new SuperviseRequest(_supervise.Note, due == item.DueAt ? null : due);
        _superviseErrors = IncidentsUi.Validate(request, L);
        if (_superviseErrors.Count > 0)
        {
            return;
        }

        _busy = true;
        var outcome = Problems.Read(await Supervise.HandleAsync(item.Id, request, ApiResults.ETag(item.Version), CancellationToken.None), L);
        _busy = false;
        if (!outcome.Succeeded)
        {
            _superviseErrors = outcome.FieldErrors;
            _superviseError = outcome.Problem;
            return;
        }

        _supervising = null;
        _notice = (AlertType.Success, L["Instr.SupervisedDone"].Value);
        await LoadAsync();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed class IssueForm
    {
        public InstructionKind Kind { get; set; } = InstructionKind.Proposal;

        public string Text { get; set; } = "";

        public string? LeaderName { get; set; }

        public IEnumerable<Guid> ToUnitIds { get; set; } = [];

        public DateTime? DueAt { get; set; }

        public Guid? ProposalId { get; set; }
    }

    private sealed class FeedbackForm
    {
        public string Text { get; set; } = "";

        public bool IsFinal { get; set; }
    }

    private sealed class SuperviseForm
    {
        public string Note { get; set; } = "";

        public DateTime? DueAt { get; set; }
    }
}
