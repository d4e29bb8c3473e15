using Beacon.Platform.Data;
using Beacon.Platform.Http;
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
/// conversion), deduplicated by sender + identifier, kept with its original XML, and applied to the messages it
/// references — an update supersedes them, a cancel ends their chain. A cancel of messages not known here is refused.
/// </summary>
public sealed class ImportCapHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<WarningsOptions> options)
{
    public const long MaxBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(string xml, CancellationToken ct)
    {
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } jurisdictionId || !options.Value.DraftRoles.Any(actor.IsInRole))
        {
            return ApiResults.Forbidden("Only a unit's staff or integration can import warnings.");
        }

        var read = CapReader.Read(xml);
        if (!read.IsValid)
        {
            return ApiResults.Invalid(new Dictionary<string, string[]> { ["body"] = [.. read.Errors.Take(20)] });
        }

        var alert = read.Alert!;
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var now = clock.GetUtcNow();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(xml)));
        var sameKey = await db.Set<Warning>().Include(w => w.Areas)
            .Where(w => w.Sender == alert.Sender && w.Identifier == alert.Identifier).ToListAsync(ct);
        if (sameKey.FirstOrDefault(w => w.ContentHash == hash) is { } existing)
        {
            if (!scope.Contains(existing.IssuingJurisdictionId))
            {
                return ApiResults.Conflict("This message (sender and identifier) was already received by another unit.");
            }

            return TypedResults.Ok(new ImportResult(true, WarningView.Of(existing, now), ["already received: nothing changed"]));
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
            foreach (var earlier in sameKey.Where(w => w.Stage == WarningStage.Received && scope.Contains(w.IssuingJurisdictionId)))
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
                .Where(w => w.Origin == WarningOrigin.Imported && senders.Contains(w.Sender) && identifiers.Contains(w.Identifier!))
                .InScope(scope, w => w.IssuingJurisdictionId).ToListAsync(ct))
            .Where(w => keys.Contains((w.Sender, w.Identifier!))).OrderBy(w => w.SentAt).ToList();
        if (alert.MsgType == CapMsgType.Cancel && referenced.Count == 0)
        {
            return ApiResults.Invalid("references", keys.Count == 0
                ? "a Cancel must reference the message it cancels"
                : $"cancels {string.Join(", ", keys.Select(k => $"{k.Sender},{k.Identifier}"))}, which is not known here");
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
            foreach (var earlier in referenced.Where(r => r.Stage == WarningStage.Received))
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
        warning.DraftedBy = actor.UserName;
        warning.DraftedAt = now;
        warning.ImportNotes = notes.Count == 0 ? null : string.Join("\n", notes);
        if (warning.ImportNotes is { Length: > 2000 } long_)
        {
            warning.ImportNotes = long_[..2000];
        }

        db.Add(warning);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/warnings/{warning.Id}", new ImportResult(false, WarningView.Of(warning, now), notes));
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
                    return ApiResults.Invalid("body", "send the CAP message as XML (Content-Type application/cap+xml or application/xml)");
                }

                if (http.Request.ContentLength > ImportCapHandler.MaxBytes)
                {
                    return ApiResults.TooLarge(ImportCapHandler.MaxBytes);
                }

                using var reader = new StreamReader(http.Request.Body);
                var xml = await reader.ReadToEndAsync(ct);
                return xml.Length > ImportCapHandler.MaxBytes ? ApiResults.TooLarge(ImportCapHandler.MaxBytes) : await h.HandleAsync(xml, ct);
            })
            .WithName("ImportCap").WithTags("Warnings")
            .WithSummary("Receives a CAP 1.2 (or 1.1) message from an issuing agency: validated, deduplicated, applied to what it references");
}
