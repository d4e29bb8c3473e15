using System.Globalization;
using System.Text.Json;
using AntDesign.TableModels;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Localization;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Localization;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Beacon.Incidents.Incidents.Register;

/// <summary>
/// The register a duty room works from (突发事件台账): search, filters, sortable columns that fit 1280 px with the state
/// always visible, paging with the total, saved filters per person (this browser, decision 0033), the Excel export of
/// exactly what is filtered, and the filtered incidents on the one map (the maps module's script, reused).
/// </summary>
public partial class IncidentsPage
{
    /// <summary>At most this many of the filtered incidents (the newest) are drawn on the map; the note says how many.</summary>
    private const int MapLimit = 2000;

    private static readonly Severity[] Levels = [Severity.I, Severity.II, Severity.III, Severity.IV, Severity.NotAssessed];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly CancellationTokenSource _cts = new();
    private RegisterForm _form = new();
    private RegisterSort _sort = RegisterSort.Newest;
    private IReadOnlyList<IncidentSummary> _rows = [];
    private List<EventType> _eventTypes = [];
    private List<JurisdictionTree.Node> _jurisdictions = [];
    private List<SavedFilter> _saved = [];
    private string? _savedName;
    private string _newName = "";
    private int _total;
    private int _pageIndex = 1;
    private int _pageSize = 20;
    private (int Page, int Size)? _loaded;
    private string[] _rangePlaceholder = [];
    private bool _loading = true;
    private string? _problem;
    private RegisterQuery _applied = new();
    private bool _mapView;
    private bool _mapPending;
    private int _mapShown;
    private ElementReference _mapElement;
    private IJSObjectReference? _map;
    private IJSObjectReference? _store;

    [Inject]
    private GetIncidentHandler Incidents { get; set; } = default!;

    [Inject]
    private RegisterFilters Filters { get; set; } = default!;

    [Inject]
    private IncidentLookups Lookups { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private JurisdictionTree Tree { get; set; } = default!;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    /// <summary>Whose saved filters these are: the account (a token-less page always has one).</summary>
    private string Owner => Scopes.Actor.UserId?.ToString() ?? Scopes.Actor.UserName;

    protected override async Task OnInitializedAsync()
    {
        _rangePlaceholder = [L["Register.From"].Value, L["Register.To"].Value];
        _eventTypes = await Lookups.EventTypesAsync(_cts.Token);
        var scope = await Scopes.GetAsync(_cts.Token);
        _jurisdictions = [.. (await Tree.GetAsync(_cts.Token)).Nodes.Where(n => !n.IsRetired && scope.Contains(n.Id)).OrderBy(n => n.Code, StringComparer.Ordinal)];
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _store = await JS.InvokeAsync<IJSObjectReference>("import", _cts.Token, "./_content/Beacon.Incidents/register-filters.js");
            _saved = ReadSaved(await _store.InvokeAsync<string>("load", _cts.Token, Owner));
            StateHasChanged();
        }

        if (_mapPending)
        {
            _mapPending = false;
            await DrawMapAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        await DisposeMapAsync();
        if (_store is not null)
        {
            try
            {
                await _store.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }

        _cts.Dispose();
        GC.SuppressFinalize(this);
    }

    private RenderFragment SortHeader(string titleKey, RegisterSort first, RegisterSort second) => builder =>
    {
        var active = _sort == first || _sort == second;
        var arrow = !active ? "↕" : _sort == RegisterSort.Oldest ? "↑" : "↓";
        builder.OpenElement(0, "a");
        builder.AddAttribute(1, "class", active ? "register-sort active" : "register-sort");
        builder.AddAttribute(2, "data-testid", "sort-" + first);
        builder.AddAttribute(3, "onclick", EventCallback.Factory.Create(this, () => SortAsync(active && first != second ? (_sort == first ? second : first) : first)));
        builder.AddContent(4, L[titleKey].Value + " " + arrow);
        builder.CloseElement();
    };

    private async Task SortAsync(RegisterSort sort)
    {
        _sort = sort;
        _pageIndex = 1;
        await LoadAsync();
    }

    /// <summary>The query the form stands for (dates are Beijing calendar days; the end date counts in full).</summary>
    private RegisterQuery Query() => new()
    {
        Q = string.IsNullOrWhiteSpace(_form.Q) ? null : _form.Q.Trim(),
        EventType = _form.EventType,
        Level = _form.Level,
        Status = _form.Status,
        Jurisdiction = _form.Jurisdiction,
        From = _form.Range is [{ } f, _] ? IncidentsUi.ToUtc(f.Date, Beijing.Zone) : null,
        To = _form.Range is [_, { } t] ? IncidentsUi.ToUtc(t.Date.AddDays(1), Beijing.Zone) : null,
        Overdue = _form.Overdue ? true : null,
        Sort = _sort == RegisterSort.Newest ? null : _sort,
        Drills = _form.Drills ? DrillFilter.Only : null,
    };

    private async Task LoadAsync()
    {
        _loading = true;
        _applied = Query();
        var (criteria, problem) = await Filters.ResolveAsync(_applied, _cts.Token);
        if (criteria is null)
        {
            _problem = Problems.Read(problem!, L).FieldErrors.Values.FirstOrDefault() ?? L["Error.CheckFields"].Value;
            _rows = [];
            _total = 0;
            _loading = false;
            return;
        }

        _problem = null;
        var page = await Incidents.ListAsync(criteria, new PageRequest(_pageIndex, _pageSize), _cts.Token);
        _rows = page.Items;
        _total = page.Total;
        _loaded = (page.Page, page.PageSize);
        _loading = false;
        if (_mapView)
        {
            _mapPending = true;
        }
    }

    /// <summary>The Excel export of the filters as last applied: the same query string the list was read with.</summary>
    private string ExportHref
    {
        get
        {
            var q = _applied;
            var parts = new (string Name, string? Value)[]
            {
                ("q", q.Q), ("eventType", q.EventType), ("level", q.Level?.ToString()), ("status", q.Status?.ToString()), ("jurisdiction", q.Jurisdiction),
                ("from", q.From?.ToString("O", CultureInfo.InvariantCulture)), ("to", q.To?.ToString("O", CultureInfo.InvariantCulture)),
                ("overdue", q.Overdue == true ? "true" : null), ("sort", q.Sort?.ToString()), ("drills", q.Drills?.ToString()),
            };
            var query = string.Join("&", parts.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
            return "api/v1/incidents/export.xlsx" + (query.Length > 0 ? "?" + query : "");
        }
    }

    /// <summary>The table asks for a page (also once when it first renders); filters stay as they are.</summary>
    private async Task OnTableChangeAsync(QueryModel<IncidentSummary> query)
    {
        if (_loaded == (query.PageIndex, query.PageSize))
        {
            return;
        }

        _pageIndex = query.PageIndex;
        _pageSize = query.PageSize;
        await LoadAsync();
    }

    private Task ToggleDrillsAsync(bool drills)
    {
        _form.Drills = drills;
        return SearchAsync();
    }

    private Task SearchAsync()
    {
        _pageIndex = 1;
        return LoadAsync();
    }

    private Task ResetAsync()
    {
        _form = new RegisterForm();
        _sort = RegisterSort.Newest;
        _savedName = null;
        _pageIndex = 1;
        return LoadAsync();
    }

    private async Task ToggleViewAsync(bool map)
    {
        if (map == _mapView)
        {
            return;
        }

        if (!map)
        {
            await DisposeMapAsync();
        }

        _mapView = map;
        _mapPending = map;
        if (!map)
        {
            // The table reads its page again when it renders.
            _loaded = null;
        }
    }

    private async Task DrawMapAsync()
    {
        var (criteria, _) = await Filters.ResolveAsync(_applied, _cts.Token);
        if (criteria is null)
        {
            return;
        }

        var geometry = Services.GetService(typeof(IDivisionGeometry)) as IDivisionGeometry;
        var all = await Incidents.ListAllAsync(criteria, _cts.Token);
        var features = all.Take(MapLimit)
            .Select(i => (Incident: i, Place: i.Latitude is { } lat && i.Longitude is { } lon ? (lat, lon) : geometry?.Find(i.LocationCode) is { } p ? (p.Latitude, p.Longitude) : ((double, double)?)null))
            .Where(x => x.Place is not null)
            .Select(x => new
            {
                id = x.Incident.Id,
                title = $"{x.Incident.Number} {x.Incident.Title}",
                longitude = x.Place!.Value.Item2,
                latitude = x.Place!.Value.Item1,
                divisionCode = x.Incident.LocationCode,
                divisionName = x.Incident.LocationName,
                colour = Colour(x.Incident),
                href = $"incidents/{x.Incident.Id}",
                when = Beijing.Format(x.Incident.LearnedAt),
                isDrill = x.Incident.IsDrill,
                drillLabel = L["Drill"].Value,
                openLabel = L["Register.MapOpen"].Value,
            })
            .ToList();
        _mapShown = features.Count;
        if (_map is null)
        {
            var box = BoundingBox.Region;
            var scope = await Scopes.GetAsync(_cts.Token);
            string? focus = null;
            if (scope.RootJurisdictionId is { } root && (await Tree.GetAsync(_cts.Token)).Find(root) is { } node && geometry?.Find(node.Code) is { } place)
            {
                box = place.Box;
                focus = node.Code;
            }

            _map = await JS.InvokeAsync<IJSObjectReference>("import", _cts.Token, "./_content/Beacon.Maps/maps.js");
            await _map.InvokeAsync<bool>("create", _cts.Token, _mapElement, new { bounds = new[] { box.West, box.South, box.East, box.North }, focusCode = focus }, null);
        }

        await _map.InvokeVoidAsync("setLayer", _cts.Token, _mapElement, "incidents", "Points", features, true);
        StateHasChanged();
    }

    private async Task DisposeMapAsync()
    {
        if (_map is null)
        {
            return;
        }

        try
        {
            await _map.InvokeVoidAsync("dispose", _mapElement);
            await _map.DisposeAsync();
        }
        catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException or ObjectDisposedException)
        {
        }

        _map = null;
    }

    /// <summary>The one map's incident colours: by level, grey once closed (the situational map's legend).</summary>
    private static string Colour(IncidentSummary i) => i.Status == IncidentStatus.Closed ? "#8c8c8c" : i.Severity switch
    {
        Severity.I => "#cf1322",
        Severity.II => "#fa8c16",
        Severity.III => "#fadb14",
        Severity.IV => "#1677ff",
        _ => "#8c8c8c",
    };

    private async Task SaveFilterAsync()
    {
        var name = _newName.Trim();
        if (name.Length == 0 || _store is null)
        {
            return;
        }

        _saved.RemoveAll(s => s.Name == name);
        _saved.Add(new SavedFilter(name, _form.Clone(), _sort));
        _saved.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        await _store.InvokeAsync<bool>("save", _cts.Token, Owner, JsonSerializer.Serialize(_saved, Json));
        _savedName = name;
        _newName = "";
    }

    private async Task ApplySavedAsync(string name)
    {
        if (_saved.FirstOrDefault(s => s.Name == name) is not { } saved)
        {
            return;
        }

        _savedName = name;
        _form = saved.Form.Clone();
        _sort = saved.Sort;
        await SearchAsync();
    }

    private async Task DeleteSavedAsync(string name)
    {
        if (_store is null)
        {
            return;
        }

        _saved.RemoveAll(s => s.Name == name);
        await _store.InvokeAsync<bool>("save", _cts.Token, Owner, JsonSerializer.Serialize(_saved, Json));
        if (_savedName == name)
        {
            _savedName = null;
        }
    }

    private static List<SavedFilter> ReadSaved(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<SavedFilter>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A named filter as kept in the browser: the form and the order.</summary>
    private sealed record SavedFilter(string Name, RegisterForm Form, RegisterSort Sort);

    private sealed class RegisterForm
    {
        public string? Q { get; set; }

        public string? EventType { get; set; }

        public Severity? Level { get; set; }

        public IncidentStatus? Status { get; set; }

        public string? Jurisdiction { get; set; }

        /// <summary>Beijing calendar days (the end day counts in full).</summary>
        public DateTime?[]? Range { get; set; }

        public bool Overdue { get; set; }

        public bool Drills { get; set; }

        public RegisterForm Clone() => new()
        {
            Q = Q,
            EventType = EventType,
            Level = Level,
            Status = Status,
            Jurisdiction = Jurisdiction,
            Range = Range is null ? null : [.. Range],
            Overdue = Overdue,
            Drills = Drills,
        };
    }
}
