using AntDesign.TableModels;
using Beacon.Platform.Http;
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

    private IReadOnlyList<WarningView> _rows = [];
    private WarningCounters _counters = new(new Dictionary<string, int>(), 0);
    private int _total;
    private int _pageIndex = 1;
    private int _pageSize = 20;
    private (int Page, int Size)? _loaded;
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
        _counters = await Warnings.CountersAsync(CancellationToken.None);
        WarningStage? stage = _stage.Length == 0 ? null : Enum.Parse<WarningStage>(_stage);
        var page = await Warnings.ListAsync(stage, null, new PageRequest(_pageIndex, _pageSize), CancellationToken.None);
        _rows = page.Items;
        _total = page.Total;
        _loaded = (page.Page, page.PageSize);
        _loading = false;
    }

    /// <summary>The table asks for a page (also once when it first renders); the stage filter stays as it is.</summary>
    private async Task OnTableChangeAsync(QueryModel<WarningView> query)
    {
        if (_loaded == (query.PageIndex, query.PageSize))
        {
            return;
        }

        _pageIndex = query.PageIndex;
        _pageSize = query.PageSize;
        await LoadAsync();
    }

    private Task StageChangedAsync()
    {
        _pageIndex = 1;
        return LoadAsync();
    }
}
