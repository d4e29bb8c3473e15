using AntDesign;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Localization;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Jurisdictions.ListJurisdictions;
using Beacon.Platform.Localization;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Incidents.ReportIncident;

/// <summary>
/// The first-report form (首报): every field of <see cref="ReportIncidentRequest"/>, times picked in Beijing time,
/// the event type from the classification tree and the place from the counties in scope. On success it opens the incident.
/// </summary>
public partial class ReportIncidentPage
{
    private static readonly Severity[] Severities = [Severity.I, Severity.II, Severity.III, Severity.IV, Severity.NotAssessed];

    private readonly ReportForm _form = new();
    private bool _placeOutside;
    private Dictionary<string, string> _errors = [];
    private List<CascaderNode> _typeOptions = [];
    private List<JurisdictionView> _locations = [];
    private Dictionary<string, string> _jurisdictionNames = [];
    private bool _saving;
    private string? _error;

    [Inject]
    private ProblemText Problems { get; set; } = default!;

    [Inject]
    private IncidentLookups Lookups { get; set; } = default!;

    [Inject]
    private ReportIncidentHandler Report { get; set; } = default!;

    [Inject]
    private Verification.RequestVerification.VerificationHandler Verifications { get; set; } = default!;

    [Inject]
    private Clues.CluesHandler Clues { get; set; } = default!;

    /// <summary>A verification request (核报) the report answers: "转为接报" prefills the form from its clue.</summary>
    [SupplyParameterFromQuery(Name = "verification")]
    public Guid? VerificationId { get; set; }

    /// <summary>A clue (舆情线索) the report is made from: the form is prefilled and the clue linked to the new incident.</summary>
    [SupplyParameterFromQuery(Name = "clue")]
    public Guid? ClueId { get; set; }

    private string? _fromText;

    [Inject]
    private ListJurisdictionsHandler Jurisdictions { get; set; } = default!;

    [Inject]
    private ScopeService Scopes { get; set; } = default!;

    [Inject]
    private BeijingTime Beijing { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IStringLocalizer<IncidentsResource> L { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Shared { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var now = Beijing.Now.DateTime;
        var minute = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Unspecified);
        _form.LearnedAt = minute;
        _form.OccurredAt = minute;

        var types = await Lookups.EventTypesAsync(CancellationToken.None);
        _typeOptions = TypeNodes(types, null);

        var all = await Jurisdictions.HandleAsync(includeFunctionalAreas: true, includeRetired: false, CancellationToken.None);
        _jurisdictionNames = all.ToDictionary(j => j.Code, j => j.Name);
        _locations = all.Where(j => j.Level is JurisdictionLevel.County or JurisdictionLevel.FunctionalArea).ToList();
        if (_locations.Count == 0)
        {
            _locations = all;
        }

        var own = Scopes.Actor.JurisdictionId;
        _form.LocationCode = _locations.FirstOrDefault(j => j.Id == own)?.Code;

        if (VerificationId is { } verificationId && await Verifications.GetAsync(verificationId, CancellationToken.None) is { AnsweredAt: null } v
            && v.ToUnitId == Scopes.Actor.UnitId)
        {
            Prefill(v.Clue);
            _fromText = L["Report.FromVerification", v.FromUnit].Value;
        }
        else if (ClueId is { } clueId && await Clues.GetAsync(clueId, CancellationToken.None) is { } clue)
        {
            Prefill(clue.Excerpt);
            // A clue comes from the media or the internet (舆情): the source is known, the officer may still change it.
            _form.Source = InformationSource.MediaOrNetwork;
            _fromText = L["Report.FromClue", clue.Source].Value;
        }
        else
        {
            VerificationId = null;
            ClueId = null;
        }
    }

    private void Prefill(string text)
    {
        var firstLine = text.Split('\n', 2)[0].Trim();
        _form.Title = firstLine.Length > 60 ? firstLine[..60] : firstLine;
        _form.Narrative = text;
    }

    private static List<CascaderNode> TypeNodes(List<EventType> types, string? parent) =>
        types.Where(t => t.ParentCode == parent)
            .Select(t =>
            {
                var children = TypeNodes(types, t.Code);
                return new CascaderNode
                {
                    Label = Name(t),
                    Value = t.Code,
                    Children = children.Count == 0 ? null! : children,
                };
            })
            .ToList();

    private static string Name(EventType t) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" || string.IsNullOrEmpty(t.NameEn) ? t.Name : t.NameEn;

    /// <summary>Counties are named with their prefecture: several prefectures have a 新城区.</summary>
    private string LocationLabel(JurisdictionView j) =>
        j.ParentCode is { } parent && _jurisdictionNames.TryGetValue(parent, out var p) ? $"{p} {j.Name}" : j.Name;

    /// <summary>A click on the form's map: the coordinates, and the county containing them when it is one the person may report in.</summary>
    private void OnPlacePicked((double Latitude, double Longitude, string? DivisionCode) place)
    {
        _form.Latitude = Math.Round(place.Latitude, 6);
        _form.Longitude = Math.Round(place.Longitude, 6);
        var known = place.DivisionCode is { } code && _locations.Any(j => j.Code == code);
        if (known)
        {
            _form.LocationCode = place.DivisionCode;
        }

        _placeOutside = !known;
    }

    private async Task SubmitAsync()
    {
        _error = null;
        var request = _form.ToRequest(Beijing.Zone);
        _errors = IncidentsUi.Validate(request, L);
        if (_errors.Count > 0)
        {
            _error = L["Error.CheckFields"].Value;
            return;
        }

        _saving = true;
        try
        {
            var result = VerificationId is { } verificationId
                ? await Verifications.ReportAsync(verificationId, request, CancellationToken.None)
                : await Report.HandleAsync(request, CancellationToken.None);
            var outcome = Problems.Read(result, L);
            if (outcome.Succeeded && outcome.ValueAs<ReportedIncident>() is { } reported)
            {
                if (ClueId is { } clueId)
                {
                    await Clues.JudgeAsync(clueId, new Clues.JudgeClueRequest(L["Report.ClueReported", reported.Number].Value, null, reported.Id, null), CancellationToken.None);
                }

                Navigation.NavigateTo($"incidents/{reported.Id}");
                return;
            }

            _errors = outcome.FieldErrors;
            _error = outcome.Problem ?? L["Error.CheckFields"].Value;
        }
        finally
        {
            _saving = false;
        }
    }

    private sealed class ReportForm : ICasualtyForm
    {
        public string Title { get; set; } = "";

        public string? EventTypeCode { get; set; }

        public Severity? Severity { get; set; }

        public bool IsSensitive { get; set; }

        public DateTime? OccurredAt { get; set; }

        public DateTime? LearnedAt { get; set; }

        public string? LearnedBeforeOccurredReason { get; set; }

        public string? LocationCode { get; set; }

        public string? Address { get; set; }

        public double? Latitude { get; set; }

        public double? Longitude { get; set; }

        public int Deaths { get; set; }

        public int Missing { get; set; }

        public int Injured { get; set; }

        public int Trapped { get; set; }

        public int Evacuated { get; set; }

        public int Affected { get; set; }

        public decimal DirectLossTenThousandYuan { get; set; }

        public InformationSource? Source { get; set; }

        public string Narrative { get; set; } = "";

        public string? Measures { get; set; }

        public string? NextSteps { get; set; }

        public string Signer { get; set; } = "";

        public string? Phone { get; set; }

        public ReportIncidentRequest ToRequest(TimeZoneInfo zone) => new(
            Title, EventTypeCode ?? "", Severity, IsSensitive, IncidentsUi.ToUtc(OccurredAt, zone), IncidentsUi.ToUtc(LearnedAt, zone),
            Blank(LearnedBeforeOccurredReason), LocationCode ?? "", Blank(Address), Latitude, Longitude,
            Deaths, Missing, Injured, Trapped, Evacuated, Affected, DirectLossTenThousandYuan, Source,
            Narrative, Blank(Measures), Blank(NextSteps), Signer, Blank(Phone));

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}
