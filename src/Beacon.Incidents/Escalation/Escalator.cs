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
    /// Adds the submissions for a report sent up from <paramref name="fromUnitId"/> (in <paramref name="fromJurisdictionId"/>):
    /// to the next level's duty room, and for levels in <paramref name="skipFor"/> straight to the region as well,
    /// the next level getting its copy as a notification. Returns what was added (nothing at the top).
    /// </summary>
    public static async Task<List<Submission>> SubmitUpAsync(
        BeaconDb db, JurisdictionTree tree, Incident incident, Guid fromUnitId, Guid fromJurisdictionId, string by,
        string? assessment, IReadOnlyCollection<Severity> skipFor, DateTimeOffset now, CancellationToken ct)
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
        var rooms = await db.Units.OfAsync([.. targets.Select(t => t.Jurisdiction)], ct);
        // A new incident (a first report being saved) has no submissions yet.
        var already = db.Entry(incident).State == EntityState.Added
            ? []
            : await db.Set<Submission>().Where(s => s.IncidentId == incident.Id).Select(s => s.ToUnitId).ToListAsync(ct);
        foreach (var (jurisdiction, isNotification, skipsLevel) in targets)
        {
            if (!rooms.TryGetValue(jurisdiction, out var dutyRoom) || already.Contains(dutyRoom))
            {
                continue;
            }

            var submission = new Submission
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
            };
            db.Add(submission);
            added.Add(submission);
        }

        return added;
    }
}
