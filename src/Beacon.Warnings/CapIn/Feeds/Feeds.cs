using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.CapIn.Feeds;

/// <summary>
/// One polled CAP feed as shown (接收与订阅): where it is read from, who receives it, and what its polls did.
/// <paramref name="Configured"/> is false for a feed no longer in <c>Beacon:Warnings:Feeds</c> (its history stays).
/// </summary>
public sealed record FeedStateView(
    Guid Id, string Url, Guid JurisdictionId, string JurisdictionName, bool Configured, int? IntervalSeconds,
    DateTimeOffset? LastPolledAt, DateTimeOffset? LastSucceededAt, string? LastError,
    int EntriesLastPoll, int ReceivedLastPoll, int ReceivedTotal);

/// <summary>What 立即拉取 did with one feed: entries listed, messages received, duplicates, and the problems met.</summary>
public sealed record FeedPollView(string Url, string JurisdictionName, bool Reached, int Entries, int Received, int Duplicates, IReadOnlyList<string> Problems);

/// <summary>
/// The state of the polled CAP feeds of the caller's scope (a county sees the feeds its own duty room receives and
/// the ones below it, never a neighbour's), and polling them at once (立即拉取) instead of at their next interval.
/// </summary>
public sealed class FeedsHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, FeedPoller poller, IOptions<WarningsOptions> options)
{
    /// <summary>One page of the feeds in scope, by URL, then id.</summary>
    public async Task<Paged<FeedStateView>> ListAsync(PageRequest page, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.Feeds, ct: ct);
        var scope = await scopes.GetAsync(ct);
        var snapshot = await tree.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<FeedState>().AsNoTracking().InScope(scope, f => f.JurisdictionId)
            .OrderBy(f => f.Url).ThenBy(f => f.Id).ToPagedAsync(page, ct);
        return rows.Select(f =>
        {
            var node = snapshot.Find(f.JurisdictionId);
            var configured = options.Value.Feeds.FirstOrDefault(c => c.Url == f.Url && c.JurisdictionCode == node?.Code);
            return new FeedStateView(f.Id, f.Url, f.JurisdictionId, node?.Name ?? "", configured is not null,
                configured is null ? null : (int)FeedPolling.IntervalOf(configured).TotalSeconds,
                f.LastPolledAt, f.LastSucceededAt, f.LastError, f.EntriesLastPoll, f.ReceivedLastPoll, f.ReceivedTotal);
        });
    }

    /// <summary>Polls every configured feed received in the caller's scope now (立即拉取); each poll is recorded in its feed's state.</summary>
    public async Task<IResult> PollNowAsync(CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.Feeds, ct: ct);
        var scope = await scopes.GetAsync(ct);
        var snapshot = await tree.GetAsync(ct);
        var feeds = options.Value.Feeds
            .Select(f => (Feed: f, Node: snapshot.Nodes.FirstOrDefault(n => n.Code == f.JurisdictionCode && !n.IsRetired)))
            .Where(f => f.Node is not null && scope.Contains(f.Node.Id))
            .ToList();
        if (feeds.Count == 0)
        {
            return ApiResults.NotFound(WarningErrors.FeedsNone, "Feed");
        }

        var results = new List<FeedPollView>();
        foreach (var (feed, node) in feeds)
        {
            try
            {
                var r = await poller.PollAsync(feed, ct);
                results.Add(new FeedPollView(feed.Url, node!.Name, !r.Unreadable, r.Entries, r.Imported, r.Duplicates, r.Problems));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Unreachable or refused: recorded in the feed's state by the poller; the other feeds go on.
                results.Add(new FeedPollView(feed.Url, node!.Name, false, 0, 0, 0, [e.Message]));
            }
        }

        await using var db = dbs.CreateDbContext();
        db.Audit("warning.feeds.polled", nameof(FeedState), null, new
        {
            feeds = results.Select(r => new { r.Url, r.Reached, r.Entries, r.Received, r.Duplicates }),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(results);
    }
}

internal static class FeedsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/warnings/feeds", (FeedsHandler h, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(p, ct)))
            .RequirePermission(WarningPermissions.Feeds)
            .WithName("ListCapFeeds").WithTags("Warnings")
            .WithSummary("The polled CAP feeds received in the caller's scope (接收与订阅) with their last poll, last success, last error and messages received; by URL, then id; paged");
        api.MapPost("/warnings/feeds/poll", (FeedsHandler h, CancellationToken ct) => h.PollNowAsync(ct))
            .RequirePermission(WarningPermissions.Feeds)
            .WithName("PollCapFeeds").WithTags("Warnings")
            .Produces<IReadOnlyList<FeedPollView>>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Polls the configured CAP feeds received in the caller's scope now (立即拉取); each poll is recorded in its feed's state");
    }
}
