using Beacon.Maps.Divisions;
using Beacon.Maps.Layers;
using Beacon.Maps.Localization;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Localization;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Beacon.Maps.Situation;

/// <summary>The period the situational map shows.</summary>
public enum MapPeriod
{
    /// <summary>In force now: the last 6 hours of incidents, the warnings in force.</summary>
    Now,

    /// <summary>The last 24 hours.</summary>
    Day,

    /// <summary>The last 7 days.</summary>
    Week,

    /// <summary>A period picked by day.</summary>
    Custom,
}

/// <summary>
/// The situational map (综合态势一张图): the divisions, every layer the person may see, a time filter, a side list synced
/// with the map, live updates when reports and warnings arrive (each re-read in the viewer's own scope), and the
/// viewer's jurisdiction as the opening view (a county opens on its county).
/// </summary>
public partial class SituationMapPage
{
    private static readonly (string Key, string Label)[] IncidentLegend = [("I", "Map.Legend.I"), ("II", "Map.Legend.II"), ("III", "Map.Legend.III"), ("IV", "Map.Legend.IV"), ("closed", "Map.Legend.Closed")];
    private static readonly (string Key, string Label)[] WarningLegend = [("Red", "Map.Legend.Red"), ("Orange", "Map.Legend.Orange"), ("Yellow", "Map.Legend.Yellow"), ("Blue", "Map.Legend.Blue")];

    private readonly HashSet<string> _hidden = [];
    private readonly CancellationTokenSource _cts = new();
    private ElementReference _element;
    private IJSObjectReference? _module;
    private DotNetObjectReference<SituationMapPage>? _self;
    private IReadOnlyList<MapLayerView> _layers = [];
    private List<MapFeatureView> _items = [];
    private MapPeriod _period = MapPeriod.Day;
    private DateTime?[] _range = [null, null];
    private bool _showDivisions = true;
    private bool _showTiles;
    private string? _tileUrl;
    private Guid? _selected;
    private DataScope? _scope;
    private bool _ready;

    [Inject]
    private IStringLocalizer<MapsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    [Inject]
    private MapFeed Feed { get; set; } = default!;

    [Inject]
    private MapSignal Signal { get; set; } = default!;

    [Inject]
    private DivisionAtlas Atlas { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private JurisdictionTree Tree { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private IOptions<MapsOptions> Options { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override void OnInitialized()
    {
        _layers = Feed.Layers();
        _tileUrl = Options.Value.ResolvedTileUrl();
        _showTiles = _tileUrl is not null;
        Signal.Changed += OnSignal;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _scope = await Scopes.GetAsync(_cts.Token);
        var bounds = BoundingBox.Region;
        string? focus = null;
        if (_scope.RootJurisdictionId is { } root && (await Tree.GetAsync(_cts.Token)).Find(root) is { } node && Atlas.Find(node.Code) is { } place)
        {
            bounds = place.Box;
            focus = node.Code;
        }

        _module = await JS.InvokeAsync<IJSObjectReference>("import", _cts.Token, "./_content/Beacon.Maps/maps.js");
        _self = DotNetObjectReference.Create(this);
        await _module.InvokeAsync<bool>("create", _cts.Token, _element, new
        {
            bounds = new[] { bounds.West, bounds.South, bounds.East, bounds.North },
            tileUrl = _tileUrl,
            tileAttribution = Options.Value.TileAttribution,
            tilesOn = _showTiles,
            focusCode = focus,
        }, _self);
        _ready = true;
        await LoadAsync();
    }

    [JSInvokable]
    public Task OnSelected(Guid id)
    {
        _selected = id;
        StateHasChanged();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Signal.Changed -= OnSignal;
        await _cts.CancelAsync();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("dispose", _element);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }

        _self?.Dispose();
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }

    private bool IsShown(string key) => !_hidden.Contains(key);

    private string LayerTitle(string key) => _layers.FirstOrDefault(l => l.Key == key)?.Title ?? key;

    private void OnSignal(IReadOnlyCollection<Guid> jurisdictionIds)
    {
        // A push says only "look again", and only to those whose scope holds one of the jurisdictions: each map re-reads in its own scope.
        if (!_ready || _scope is null || !jurisdictionIds.Any(_scope.Contains))
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            try
            {
                await LoadAsync();
            }
            catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException or ObjectDisposedException)
            {
            }
        });
    }

    private async Task OnPeriodChanged(MapPeriod period)
    {
        _period = period;
        if (period != MapPeriod.Custom || (_range[0] is not null && _range[1] is not null))
        {
            await LoadAsync();
        }
    }

    private async Task OnRangeChanged(DateTime?[] range)
    {
        _range = range;
        if (range is [{ }, { }])
        {
            await LoadAsync();
        }
    }

    private async Task Toggle(string key, bool visible)
    {
        if (key == "divisions")
        {
            _showDivisions = visible;
        }
        else if (key == "tiles")
        {
            _showTiles = visible;
        }
        else if (visible)
        {
            _hidden.Remove(key);
        }
        else
        {
            _hidden.Add(key);
        }

        if (_module is not null)
        {
            await _module.InvokeVoidAsync("setVisible", _cts.Token, _element, key, visible);
        }
    }

    private (DateTimeOffset From, DateTimeOffset To) Period()
    {
        var (_, to) = Feed.Last24Hours();
        return _period switch
        {
            MapPeriod.Now => (to.AddHours(-6), to),
            MapPeriod.Week => (to.AddDays(-7), to),
            MapPeriod.Custom when _range is [{ } a, { } b] => (Beijing.ToUtc(a.Date), Beijing.ToUtc(b.Date.AddDays(1))),
            _ => (to.AddHours(-24), to),
        };
    }

    private async Task LoadAsync()
    {
        if (_module is null)
        {
            return;
        }

        var (from, to) = Period();
        var all = new List<MapFeatureView>();
        foreach (var layer in _layers)
        {
            var found = await Feed.QueryAsync(layer.Key, BoundingBox.Region, from, to, MapFeed.MaxTake, clusters: false, _cts.Token);
            if (found is null)
            {
                continue;
            }

            all.AddRange(found.Items);
            await _module.InvokeVoidAsync("setLayer", _cts.Token, _element, layer.Key, layer.Kind.ToString(),
                found.Items.Select(f => new
                {
                    id = f.Id,
                    title = f.Title,
                    longitude = f.Longitude,
                    latitude = f.Latitude,
                    divisionCode = f.DivisionCode,
                    divisionName = f.DivisionName,
                    colour = f.Colour,
                    href = f.Href,
                    when = Beijing.Format(f.At),
                    isDrill = f.IsDrill,
                    drillLabel = L["Map.Drill"].Value,
                    openLabel = L["Map.Card.Open"].Value,
                }).ToList(),
                IsShown(layer.Key));
        }

        _items = [.. all.GroupBy(f => (f.Layer, f.Id)).Select(g => g.First()).OrderByDescending(f => f.At)];
        StateHasChanged();
    }

    private async Task FocusAsync(MapFeatureView f)
    {
        _selected = f.Id;
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("focus", _cts.Token, _element, f.Layer, f.Id);
        }
    }
}
