using AntDesign;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Localization;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Beacon.Warnings.ListWarnings;
using Beacon.Warnings.Localization;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.CapIn.Feeds;

/// <summary>
/// 信息接入（接收与订阅）: the CAP feeds polled for the user's area with what their polls did, 立即拉取 to poll them
/// now, a CAP file imported by hand (its result or its refusal, in the user's language), and the warnings received lately.
/// </summary>
public partial class ImportsPage
{
    private const int RecentCount = 20;
    private const int FeedPageSize = 100;

    private List<FeedStateView> _feeds = [];
    private int _feedTotal;
    private List<WarningView> _recent = [];
    private bool _canImport;
    private bool _canFeeds;
    private bool _busy;
    private bool _polling;
    private int _configuredInScope;
    private UploadResult? _result;
    private (AlertType Type, string Text)? _pollNotice;

    [Inject]
    private FeedsHandler Feeds { get; set; } = default!;

    [Inject]
    private ImportCapHandler Import { get; set; } = default!;

    [Inject]
    private ListWarningsHandler Warnings { get; set; } = default!;

    [Inject]
    private PermissionCheck Can { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private JurisdictionTree Tree { get; set; } = default!;

    [Inject]
    private IOptions<WarningsOptions> Options { get; set; } = default!;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IStringLocalizer<WarningsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    /// <summary>How many configured feeds the user's area receives: 立即拉取 polls these.</summary>
    private int ConfiguredInScope => _configuredInScope;

    protected override async Task OnInitializedAsync()
    {
        _canImport = Can.Allows(WarningPermissions.Import);
        _canFeeds = Can.Allows(WarningPermissions.Feeds);
        if (_canFeeds)
        {
            var scope = await Scopes.GetAsync();
            var snapshot = await Tree.GetAsync();
            _configuredInScope = Options.Value.Feeds.Count(f => snapshot.Nodes.FirstOrDefault(n => n.Code == f.JurisdictionCode && !n.IsRetired) is { } node && scope.Contains(node.Id));
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_canFeeds)
        {
            var feeds = await Feeds.ListAsync(new PageRequest(1, FeedPageSize), CancellationToken.None);
            (_feeds, _feedTotal) = ([.. feeds.Items], feeds.Total);
        }

        _recent = [.. (await Warnings.ListAsync(null, null, new PageRequest(1, RecentCount), CancellationToken.None, WarningOrigin.Imported)).Items];
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        _result = null;
        if (e.File.Size > ImportCapHandler.MaxBytes)
        {
            _result = new UploadResult(AlertType.Error, L["Imports.TooLarge", ImportCapHandler.MaxBytes / 1024].Value, null);
            return;
        }

        _busy = true;
        try
        {
            string xml;
            await using (var stream = e.File.OpenReadStream(ImportCapHandler.MaxBytes))
            using (var reader = new StreamReader(stream))
            {
                xml = await reader.ReadToEndAsync();
            }

            var outcome = Problems.Read(await Import.HandleAsync(xml, CancellationToken.None), L);
            if (outcome.ValueAs<ImportResult>() is { } imported)
            {
                _result = new UploadResult(imported.Duplicate ? AlertType.Info : AlertType.Success,
                    L[imported.Duplicate ? "Imports.Duplicate" : "Imports.Received"].Value, imported.Warning);
                await LoadAsync();
            }
            else
            {
                _result = new UploadResult(AlertType.Error, L["Imports.Refused", outcome.Problem ?? string.Join("；", outcome.FieldErrors.Values)].Value, null);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task PollNowAsync()
    {
        _polling = true;
        var outcome = Problems.Read(await Feeds.PollNowAsync(CancellationToken.None), L);
        _polling = false;
        if (outcome.ValueAs<List<FeedPollView>>() is { } polled)
        {
            var reached = polled.Count(p => p.Reached);
            _pollNotice = (reached == polled.Count ? AlertType.Success : AlertType.Warning,
                L["Imports.Polled", polled.Count, reached, polled.Sum(p => p.Received), polled.Sum(p => p.Duplicates)].Value);
        }
        else
        {
            _pollNotice = (AlertType.Error, outcome.Problem ?? "");
        }

        await LoadAsync();
    }

    private string Via(WarningView w) => w.DraftedBy.StartsWith("feed:", StringComparison.Ordinal)
        ? L["Imports.ViaFeed", w.DraftedBy["feed:".Length..]].Value
        : L["Imports.ViaUpload", w.DraftedByName ?? w.DraftedBy].Value;

    private string Interval(int seconds) => seconds % 3600 == 0 ? L["Imports.Hours", seconds / 3600].Value
        : seconds % 60 == 0 ? L["Imports.Minutes", seconds / 60].Value
        : L["Imports.Seconds", seconds].Value;

    private sealed record UploadResult(AlertType Type, string Text, WarningView? Warning);
}
