using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Warnings.Cap;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.CapIn;

/// <summary>What an import did: the stored message (or the one already stored), and what was noticed on the way.</summary>
public sealed record ImportResult(bool Duplicate, WarningView Warning, IReadOnlyList<string> Notes);

/// <summary>
/// Receives a CAP message from an issuing agency (气象、地震、水文): validated against the CAP 1.2 schema (CAP 1.1 by
/// conversion), deduplicated by sender + identifier (and content), kept with its original XML, and applied to the
/// messages it references — an update supersedes them, a cancel ends their chain. A cancel of messages not known here
/// is refused. Used by the upload endpoint and by the feed poller.
/// </summary>
public sealed class CapImporter(TimeProvider clock)
{
    public enum Outcome
    {
        Imported,
        Duplicate,
        Invalid,
        Refused,
    }

    /// <summary>What the import did; a refusal names the field, its stable <paramref name="Code"/> (<see cref="WarningErrors"/>) and the reasons.</summary>
    public sealed record Result(Outcome Outcome, ImportResult? Import, string Field, IReadOnlyList<string> Reasons, string Code = "");

    /// <summary>
    /// Imports <paramref name="xml"/> for the unit <paramref name="unitId"/> of <paramref name="jurisdictionId"/>, the
    /// receiving jurisdiction: deduplication, corrections and references are matched among the messages it received.
    /// </summary>
    public async Task<Result> ImportAsync(BeaconDb db, string xml, Guid unitId, Guid jurisdictionId, string by, CancellationToken ct)
    {
        var read = CapReader.ReadCancellable(xml, ct);
        if (read.TooComplex)
        {
            return new Result(Outcome.Invalid, null, "body", read.Errors, WarningErrors.CapTooComplex);
        }

        if (!read.IsValid)
        {
            return new Result(Outcome.Invalid, null, "body", [.. read.Errors.Take(20)], WarningErrors.CapInvalid);
        }

        var alert = read.Alert!;
        if (TextHygiene.FindControlCharacter(alert) is { } dirty)
        {
            // XML may carry DEL and C1 characters (and character references to them): refused like any other text.
            return new Result(Outcome.Invalid, null, dirty, [TextHygiene.Reason]);
        }

        if (alert.Identifier.Length > MaxIdentifier || alert.Sender.Length > MaxSender)
        {
            var field = alert.Identifier.Length > MaxIdentifier ? "identifier" : "sender";
            return new Result(Outcome.Invalid, null, field, [$"the {field} is longer than {(field == "identifier" ? MaxIdentifier : MaxSender)} characters"], WarningErrors.CapInvalid);
        }

        var now = clock.GetUtcNow();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(xml)));
        var sameKey = await db.Set<Warning>().Include(w => w.Areas)
            .Where(w => w.Sender == alert.Sender && w.Identifier == alert.Identifier).ToListAsync(ct);
        if (sameKey.Any(w => w.Origin == WarningOrigin.Local))
        {
            // Someone sends a message under the sender and identifier of one issued here: never stored as ours.
            return new Result(Outcome.Refused, null, "identifier", ["the sender and identifier belong to a warning issued here"], WarningErrors.CapIdentifierTaken);
        }

        // Deduplication is per receiving jurisdiction: a county receives the message the region already holds.
        sameKey = [.. sameKey.Where(w => w.IssuingJurisdictionId == jurisdictionId)];
        if (sameKey.FirstOrDefault(w => w.ContentHash == hash) is { } existing)
        {
            return new Result(Outcome.Duplicate, new ImportResult(true, WarningView.Of(existing, now), ["already received: nothing changed"]), "", []);
        }

        var notes = new List<string>(read.Warnings);
        if (read.ConvertedFrom is { } from)
        {
            notes.Add($"converted from CAP {from}");
        }

        var warning = WarningCap.FromCap(alert, notes);
        warning.ContentHash = hash;
        if (sameKey.Count > 0)
        {
            // The sender reused an identifier for a different message: keep it as a correction of the earlier one.
            notes.Add("same sender and identifier as an earlier message with different content: kept as its correction");
            foreach (var earlier in sameKey.Where(w => w.Stage == WarningStage.Received))
            {
                earlier.Stage = WarningStage.Superseded;
                earlier.Version++;
                warning.ChainId = earlier.ChainId;
                warning.PreviousId = earlier.Id;
            }
        }

        var keys = alert.References.Select(r => (r.Sender, r.Identifier)).ToList();
        var senders = keys.Select(k => k.Sender).Distinct().ToList();
        var identifiers = keys.Select(k => k.Identifier).Distinct().ToList();
        var referenced = keys.Count == 0 ? [] : (await db.Set<Warning>()
                .Where(w => w.Origin == WarningOrigin.Imported && w.IssuingJurisdictionId == jurisdictionId
                    && senders.Contains(w.Sender) && identifiers.Contains(w.Identifier!))
                .ToListAsync(ct))
            .Where(w => keys.Contains((w.Sender, w.Identifier!))).OrderBy(w => w.SentAt).ToList();
        if (alert.MsgType == CapMsgType.Cancel && referenced.Count == 0)
        {
            return new Result(Outcome.Invalid, null, "references", [keys.Count == 0
                ? "a Cancel must reference the message it cancels"
                : $"cancels {string.Join(", ", keys.Select(k => $"{k.Sender},{k.Identifier}"))}, which is not known here"], WarningErrors.CapReferences);
        }

        if (alert.MsgType == CapMsgType.Update && referenced.Count == 0)
        {
            notes.Add(keys.Count == 0 ? "Update with no references: kept as a new warning" : "references messages not known here: kept as a new warning");
        }

        if (referenced.Count > 0)
        {
            var latest = referenced[^1];
            warning.ChainId = latest.ChainId;
            warning.PreviousId = latest.Id;
            // Every message still current in the referenced chains is superseded (an update) or ended (a cancel),
            // also the ones the message did not name.
            var chains = referenced.Select(r => r.ChainId).Distinct().ToList();
            var current = await db.Set<Warning>().Where(w => chains.Contains(w.ChainId) && w.Stage == WarningStage.Received
                && w.IssuingJurisdictionId == jurisdictionId).ToListAsync(ct);
            foreach (var earlier in current)
            {
                earlier.Stage = alert.MsgType == CapMsgType.Cancel ? WarningStage.Cancelled : WarningStage.Superseded;
                earlier.Version++;
            }
        }

        if (alert.MsgType == CapMsgType.Cancel)
        {
            warning.Stage = WarningStage.Cancelled;
        }

        warning.IssuingUnitId = unitId;
        warning.IssuingJurisdictionId = jurisdictionId;
        warning.OriginalXml = xml;
        warning.DraftedBy = by;
        warning.DraftedAt = now;
        var allNotes = string.Join("\n", notes);
        warning.ImportNotes = notes.Count == 0 ? null : allNotes.Length > 2000 ? allNotes[..2000] : allNotes;
        db.Add(warning);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another import of the same sender and identifier committed first (the unique key refused this one):
            // the same message is a duplicate, a different one a collision to send again.
            db.ChangeTracker.Clear();
            if (await db.Set<Warning>().AsNoTracking().Include(w => w.Areas).FirstOrDefaultAsync(w => w.Sender == alert.Sender
                && w.Identifier == alert.Identifier && w.ContentHash == hash && w.IssuingJurisdictionId == jurisdictionId, ct) is { } winner)
            {
                return new Result(Outcome.Duplicate, new ImportResult(true, WarningView.Of(winner, now), ["already received: nothing changed"]), "", []);
            }

            return new Result(Outcome.Refused, null, "identifier",
                ["another message with this sender and identifier was received at the same time; send it again"], WarningErrors.CapIdentifierTaken);
        }

        return new Result(Outcome.Imported, new ImportResult(false, WarningView.Of(warning, now), notes), "", []);
    }

    /// <summary>The longest identifier and sender stored.</summary>
    public const int MaxIdentifier = 120, MaxSender = 200;
}

/// <summary>The upload door of <see cref="CapImporter"/>: a unit's staff or integration token posts a CAP message.</summary>
public sealed class ImportCapHandler(BeaconDbFactory dbs, ScopeService scopes, CapImporter importer, IOptions<WarningsOptions> options)
{
    public const long MaxBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(string xml, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.Import, ct: ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId || !options.Value.DraftRoles.Any(actor.IsInRole))
        {
            return ApiResults.Forbidden(WarningErrors.ImportNotStaff, "Only a unit's staff or integration can import warnings.");
        }

        await using var db = dbs.CreateDbContext();
        var result = await importer.ImportAsync(db, xml, unitId, jurisdictionId, actor.UserName, ct);
        return result.Outcome switch
        {
            CapImporter.Outcome.Imported => TypedResults.Created($"/api/v1/warnings/{result.Import!.Warning.Id}", result.Import),
            CapImporter.Outcome.Duplicate => TypedResults.Ok(result.Import),
            CapImporter.Outcome.Refused => ApiResults.Conflict(result.Code, result.Reasons[0]),
            CapImporter.Outcome.Invalid when result.Reasons is [TextHygiene.Reason] => TextHygiene.Refused(result.Field),
            _ => ApiResults.Invalid(result.Reasons.Select(r => new FieldError(result.Field, result.Code, r))),
        };
    }
}

internal static class ImportCapEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/warnings/import", async (ImportCapHandler h, HttpContext http, CancellationToken ct) =>
            {
                var type = http.Request.ContentType ?? "";
                if (!type.Contains("xml", StringComparison.OrdinalIgnoreCase))
                {
                    return ApiResults.Invalid("body", WarningErrors.CapContentType, "send the CAP message as XML (Content-Type application/cap+xml or application/xml)");
                }

                if (http.Request.ContentLength > ImportCapHandler.MaxBytes)
                {
                    return ApiResults.TooLarge(ImportCapHandler.MaxBytes);
                }

                using var reader = new StreamReader(http.Request.Body);
                var xml = await reader.ReadToEndAsync(ct);
                return xml.Length > ImportCapHandler.MaxBytes ? ApiResults.TooLarge(ImportCapHandler.MaxBytes) : await h.HandleAsync(xml, ct);
            })
            .RequirePermission(WarningPermissions.Import)
            .TakesBody(RawBody.Text(ApiDocs.CapXml, "application/xml")).Produces<ImportResult>(StatusCodes.Status201Created).Produces<ImportResult>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge)
            .WithName("ImportCap").WithTags("Warnings")
            .WithSummary("Receives a CAP 1.2 (or 1.1) message from an issuing agency: validated, deduplicated, applied to what it references");
}
