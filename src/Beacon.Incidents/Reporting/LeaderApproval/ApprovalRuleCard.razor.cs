using AntDesign;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Localization;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Reporting.LeaderApproval;

/// <summary>The administrator's own jurisdiction's rule that 上报 needs the leader on duty's approval: on or off, from which level.</summary>
public partial class ApprovalRuleCard
{
    private static readonly string[] Levels = [nameof(Severity.I), nameof(Severity.II), nameof(Severity.III), nameof(Severity.IV)];
    private ApprovalRuleView? _rule;
    private bool _required;
    private string _level = "";
    private bool _busy;
    private (AlertType Type, string Text)? _notice;

    [Inject]
    private LeaderApprovalHandler Approvals { get; set; } = default!;

    [Inject]
    private JurisdictionTree Tree { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (Scopes.Actor.JurisdictionId is { } own && (await Tree.GetAsync(CancellationToken.None)).Find(own) is { } node)
        {
            Show(await Approvals.GetRuleAsync(node.Code, CancellationToken.None));
        }
    }

    private void Show(ApprovalRuleView? rule)
    {
        _rule = rule;
        _required = rule?.IsRequired ?? false;
        _level = rule?.MinSeverity?.ToString() ?? "";
    }

    private async Task SaveAsync()
    {
        if (_rule is null)
        {
            return;
        }

        _busy = true;
        try
        {
            Severity? level = Enum.TryParse<Severity>(_level, out var parsed) ? parsed : null;
            var outcome = Problems.Read(await Approvals.SetRuleAsync(_rule.JurisdictionCode, new ApprovalRuleRequest(_required, level), CancellationToken.None), L);
            if (!outcome.Succeeded)
            {
                _notice = (AlertType.Error, outcome.FieldErrors.Values.FirstOrDefault() ?? outcome.Problem ?? L["Error.Status", 400].Value);
                return;
            }

            Show(outcome.ValueAs<ApprovalRuleView>());
            _notice = (AlertType.Success, L["ApprovalRule.Saved"].Value);
        }
        finally
        {
            _busy = false;
        }
    }
}
