using Beacon.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Beacon.Warnings.Warnings;

/// <summary>The rules a message must keep towards the message it changes; checked when a change is started, edited and signed off.</summary>
internal static class WarningChains
{
    /// <summary>Null when <paramref name="draft"/> may follow <paramref name="previous"/>, else a 400 naming the field (with <paramref name="prefix"/>).</summary>
    public static IResult? Check(Warning draft, Warning previous, string prefix)
    {
        var level = (int)draft.Level;
        var was = (int)previous.Level;
        var wrongLevel = draft.Change switch
        {
            WarningChange.Upgrade when level >= was => (Code: WarningErrors.UpgradeLevel, Reason: "an upgrade needs a higher level (red is the highest)"),
            WarningChange.Downgrade when level <= was => (WarningErrors.DowngradeLevel, "a downgrade needs a lower level (blue is the lowest)"),
            WarningChange.Update or WarningChange.Extend or WarningChange.Cancel when level != was => (WarningErrors.KeepLevel, "keeps the level; use Upgrade or Downgrade to change it"),
            _ => ((string Code, string Reason)?)null,
        };
        if (wrongLevel is { } wrong)
        {
            return ApiResults.Invalid($"{prefix}level", wrong.Code, wrong.Reason);
        }

        if (draft.Change == WarningChange.Extend && draft.ExpiresAt <= previous.ExpiresAt)
        {
            return ApiResults.Invalid($"{prefix}expiresAt", WarningErrors.ExtendLater, "an extension must expire later than the warning it extends");
        }

        return draft.Status != previous.Status
            ? ApiResults.Invalid($"{prefix}status", WarningErrors.KeepStatus, "stays what the warning is (a real warning is never changed into an exercise)")
            : null;
    }
}
