using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Escalation;

/// <summary>Works out where a unit's report goes next: the duty room of the jurisdiction above it.</summary>
internal static class Escalator
{
    /// <summary>
    /// Adds the submissions for a report sent up from <paramref name="fromUnitId"/> (in <paramref name="fromJurisdictionId"/>)
    /// to <paramref name="db"/>, leaving out duty rooms that already have the incident (<see cref="SubmissionsUpAsync"/>).
    /// </summary>
    public static async Task<List<Submission>> SubmitUpAsync(
        BeaconDb db, JurisdictionTree tree, DutyRooms dutyRooms, Incident incident, Guid fromUnitId, Guid fromJurisdictionId, string by,
        string? assessment, IReadOnlyCollection<Severity> skipFor, DateTimeOffset now, CancellationToken ct)
    {
        var already = await db.Set<Submission>().Where(s => s.IncidentId == incident.Id).Select(s => s.ToUnitId).ToListAsync(ct);
        var added = await SubmissionsUpAsync(tree, dutyRooms, incident, fromUnitId, fromJurisdictionId, by, assessment, skipFor, already, now, ct);
        db.AddRange(added);
        return added;
    }

    /// <summary>
    /// The submissions for a report sent up from <paramref name="fromUnitId"/> (in <paramref name="fromJurisdictionId"/>):
    /// to the next level's duty room, and for levels in <paramref name="skipFor"/> straight to the region as well,
    /// the next level getting its copy as a notification; none to a duty room in <paramref name="alreadySentTo"/>
    /// and nothing at the top.
    /// </summary>
    public static async Task<List<Submission>> SubmissionsUpAsync(
        JurisdictionTree tree, DutyRooms dutyRooms, Incident incident, Guid fromUnitId, Guid fromJurisdictionId, string by,
        string? assessment, IReadOnlyCollection<Severity> skipFor, IReadOnlyCollection<Guid> alreadySentTo, DateTimeOffset now, CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var parent = snapshot.Find(fromJurisdictionId)?.ParentId;
        var added = new List<Submission>();
        if (parent is null)
        {
            return added;
        }

        var region = snapshot.Nodes.Single(n => n.ParentId is null).Id;
        var skip = skipFor.Contains(incident.Severity) && parent != region;
        (Guid Jurisdiction, bool IsNotification, bool SkipsLevel)[] targets = skip
            ? [(parent.Value, true, false), (region, false, true)]
            : [(parent.Value, false, false)];
        var rooms = await dutyRooms.OfAsync(targets.Select(t => t.Jurisdiction), ct);
        foreach (var (jurisdiction, isNotification, skipsLevel) in targets)
        {
            if (!rooms.TryGetValue(jurisdiction, out var dutyRoom) || alreadySentTo.Contains(dutyRoom))
            {
                continue;
            }

            added.Add(new Submission
            {
                IncidentId = incident.Id,
                FromUnitId = fromUnitId,
                ToUnitId = dutyRoom,
                ToJurisdictionId = jurisdiction,
                SubmittedAt = now,
                SubmittedBy = by,
                Assessment = assessment,
                IsNotification = isNotification,
                SkipsLevel = skipsLevel,
            });
        }

        return added;
    }
}
