using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Incidents.Register;

/// <summary>The order of the register (台账). Every order ends with the time learned of (newest first) and the id, so pages never overlap.</summary>
public enum RegisterSort
{
    /// <summary>Newest first by the time learned of (接报时间): the default.</summary>
    Newest = 0,

    /// <summary>Oldest first by the time learned of.</summary>
    Oldest = 1,

    /// <summary>Most serious first (Ⅰ … Ⅳ, then not yet assessed).</summary>
    Level = 2,

    /// <summary>The nearest unmet reporting deadline first (overdue ones at the top); those owing nothing last.</summary>
    Deadline = 3,
}

/// <summary>
/// The register's filters as the query string gives them, for the list (<c>GET /incidents</c>) and its Excel export
/// (<c>GET /incidents/export.xlsx</c>) alike: the export holds exactly the rows the list pages through.
/// </summary>
public sealed class RegisterQuery
{
    /// <summary>Longest search text accepted.</summary>
    public const int MaxQ = 100;

    /// <summary>A word or phrase in the number, title, place (address or division) or the text of any report (首报、续报、终报).</summary>
    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    /// <summary>An event-type code (GB/T 35561); a category code takes in its sub-types.</summary>
    [FromQuery(Name = "eventType")]
    public string? EventType { get; set; }

    [FromQuery(Name = "level")]
    public Severity? Level { get; set; }

    [FromQuery(Name = "status")]
    public IncidentStatus? Status { get; set; }

    /// <summary>A jurisdiction code within the caller's scope: incidents whose place (事发地) is in it or below it.</summary>
    [FromQuery(Name = "jurisdiction")]
    public string? Jurisdiction { get; set; }

    /// <summary>Learned of (接报) at or after.</summary>
    [FromQuery(Name = "from")]
    public DateTimeOffset? From { get; set; }

    /// <summary>Learned of before.</summary>
    [FromQuery(Name = "to")]
    public DateTimeOffset? To { get; set; }

    /// <summary>Only incidents with a reporting obligation of the caller's scope unmet past its deadline (超时).</summary>
    [FromQuery(Name = "overdue")]
    public bool? Overdue { get; set; }

    [FromQuery(Name = "sort")]
    public RegisterSort? Sort { get; set; }

    /// <summary>Real incidents (the default), only drill incidents (演练), or both.</summary>
    [FromQuery(Name = "drills")]
    public DrillFilter? Drills { get; set; }
}

/// <summary>A <see cref="RegisterQuery"/> checked and resolved: codes turned into the ids the query uses.</summary>
public sealed record RegisterCriteria(
    string? Q, string? EventTypePrefix, Severity? Level, IncidentStatus? Status, IReadOnlyList<Guid>? LocationIds, IReadOnlyList<Guid>? PlaceMatches,
    DateTimeOffset? From, DateTimeOffset? To, bool Overdue, RegisterSort Sort, DrillFilter Drills)
{
    public static RegisterCriteria All(DrillFilter drills = DrillFilter.Exclude) => new(null, null, null, null, null, null, null, null, false, RegisterSort.Newest, drills);
}

/// <summary>Checks a register query and resolves its codes in the caller's scope; the list and the export both start here.</summary>
public sealed class RegisterFilters(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree)
{
    /// <summary>The criteria, or the 400 to answer (the field and a stable code), before anything is read.</summary>
    public async Task<(RegisterCriteria? Criteria, IResult? Problem)> ResolveAsync(RegisterQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<FieldError>();
        var q = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim();
        if (q is { Length: > RegisterQuery.MaxQ })
        {
            errors.Add(new FieldError("q", IncidentErrors.FilterQTooLong, $"must be at most {RegisterQuery.MaxQ} characters"));
        }
        else if (q is not null && TextHygiene.IndexOfRefused(q) >= 0)
        {
            errors.Add(new FieldError("q", TextHygiene.Code, TextHygiene.Reason));
        }

        if (query.From is { } f && query.To is { } t && t <= f)
        {
            errors.Add(new FieldError("to", IncidentErrors.FilterPeriod, "must be after from"));
        }

        // A number outside the enum binds without complaint: refused here like an unknown name is at binding.
        foreach (var (field, defined) in new[]
                 {
                     ("level", query.Level is not { } l || Enum.IsDefined(l)), ("status", query.Status is not { } s || Enum.IsDefined(s)),
                     ("sort", query.Sort is not { } o || Enum.IsDefined(o)), ("drills", query.Drills is not { } d || Enum.IsDefined(d)),
                 })
        {
            if (!defined)
            {
                errors.Add(new FieldError(field, PlatformErrors.EnumUndefined, "is not one of the allowed values"));
            }
        }

        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        string? eventType = null;
        if (!string.IsNullOrWhiteSpace(query.EventType))
        {
            eventType = query.EventType.Trim();
            await using var db = dbs.CreateDbContext();
            if (eventType.Length > 12 || !await db.Set<Classification.EventType>().AnyAsync(e => e.Code == eventType, ct))
            {
                errors.Add(new FieldError("eventType", IncidentErrors.EventTypeUnknown, "is not a known event type"));
            }
        }

        IReadOnlyList<Guid>? locations = null;
        if (!string.IsNullOrWhiteSpace(query.Jurisdiction))
        {
            var code = query.Jurisdiction.Trim();
            // An unknown code and a neighbour's code answer alike: the caller learns nothing of what lies outside its scope.
            var node = divisions.Nodes.FirstOrDefault(n => n.Code == code);
            if (node is null || !scope.Contains(node.Id))
            {
                errors.Add(new FieldError("jurisdiction", IncidentErrors.FilterJurisdictionNotInScope, "is not a jurisdiction in your scope"));
            }
            else
            {
                locations = [.. divisions.DescendantsAndSelf(node.Id).Select(n => n.Id)];
            }
        }

        if (errors.Count > 0)
        {
            return (null, ApiResults.Invalid(errors));
        }

        // The place: the address, or the name of the division it is in (a search for 昆都仑 finds the county's incidents).
        IReadOnlyList<Guid>? places = q is null ? null : [.. divisions.Nodes.Where(n => n.Name.Contains(q, StringComparison.OrdinalIgnoreCase)).Select(n => n.Id)];
        return (new RegisterCriteria(q, eventType, query.Level, query.Status, locations, places, query.From?.ToUniversalTime(), query.To?.ToUniversalTime(),
            query.Overdue == true, query.Sort ?? RegisterSort.Newest, query.Drills ?? DrillFilter.Exclude), null);
    }
}
