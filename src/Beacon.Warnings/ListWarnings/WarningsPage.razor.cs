using Beacon.Platform.Localization;
using Beacon.Platform.Permissions;
using Beacon.Platform.Time;
using Beacon.Warnings.Localization;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Warnings.ListWarnings;

/// <summary>
/// The warnings (预警信息) of the user's scope, newest first: colour, kind, headline, issuer, sent time in Beijing
/// time, stage, and exercises and tests marked as such; filtered by stage; the way to a new draft (拟稿).
/// </summary>
public partial class WarningsPage
{
    private static readonly string[] Levels = ["Red", "Orange", "Yellow", "Blue"];
    private static readonly string[] Stages = ["Draft", "InReview", "Approved", "Published", "Superseded", "Cancelled", "Received"];

    private List<WarningView> _rows = [];
    private List<WarningView> _active = [];
    private int _awaiting;
    private string _stage = "";
    private bool _loading = true;
    private bool _canDraft;

    [Inject]
    private ListWarningsHandler Warnings { get; set; } = default!;

    [Inject]
    private PermissionCheck Can { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IStringLocalizer<WarningsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        _canDraft = Can.Allows(WarningPermissions.Draft);
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        var all = await Warnings.ListAsync(null, null, CancellationToken.None);
        _active = [.. all.Where(w => w.Stage is "Published" or "Received" && !w.Expired && w.Status == "Actual")];
        _awaiting = all.Count(w => w.Stage is "InReview" or "Approved");
        _rows = _stage.Length == 0 ? [.. all] : [.. all.Where(w => w.Stage == _stage)];
        _loading = false;
    }
}
