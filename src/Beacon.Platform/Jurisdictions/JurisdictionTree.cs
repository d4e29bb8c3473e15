using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Platform.Jurisdictions;

/// <summary>
/// An in-memory copy of the jurisdiction tree (about 120 rows), used to compute data scopes without a
/// recursive query on every request. Refreshed after a change on this node and every few minutes.
/// </summary>
public sealed class JurisdictionTree(DbContextOptions<BeaconDb> options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;

    public async Task<Snapshot> GetAsync(CancellationToken ct = default)
    {
        var current = _snapshot;
        if (current is not null && clock.GetUtcNow() - current.LoadedAt < MaxAge)
        {
            return current;
        }

        await _gate.WaitAsync(ct);
        try
        {
            current = _snapshot;
            if (current is not null && clock.GetUtcNow() - current.LoadedAt < MaxAge)
            {
                return current;
            }

            await using var db = new BeaconDb(options, Actor.System, clock);
            var nodes = await db.Jurisdictions.AsNoTracking()
                .Select(j => new Node(j.Id, j.Code, j.Name, j.Level, j.ParentId, j.IsRetired))
                .ToListAsync(ct);
            _snapshot = new Snapshot(nodes, clock.GetUtcNow());
            return _snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _snapshot = null;

    public void Dispose() => _gate.Dispose();

    public sealed record Node(Guid Id, string Code, string Name, JurisdictionLevel Level, Guid? ParentId, bool IsRetired);

    public sealed class Snapshot
    {
        private readonly Dictionary<Guid, Node> _byId;
        private readonly ILookup<Guid?, Node> _children;

        /// <summary>
        /// Scopes computed from this snapshot, by root: every request asks for its caller's scope, and building the set of a
        /// jurisdiction's descendants each time cost more than the rest of the check. A new snapshot starts empty.
        /// </summary>
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, DataScope> _scopes = new();

        public Snapshot(IReadOnlyList<Node> nodes, DateTimeOffset loadedAt)
        {
            Nodes = nodes;
            LoadedAt = loadedAt;
            _byId = nodes.ToDictionary(n => n.Id);
            _children = nodes.ToLookup(n => n.ParentId);
        }

        public IReadOnlyList<Node> Nodes { get; }

        public DateTimeOffset LoadedAt { get; }

        public Node? Find(Guid id) => _byId.GetValueOrDefault(id);

        public IEnumerable<Node> DescendantsAndSelf(Guid id)
        {
            if (!_byId.TryGetValue(id, out var root))
            {
                yield break;
            }

            var stack = new Stack<Node>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                yield return n;
                foreach (var c in _children[n.Id])
                {
                    stack.Push(c);
                }
            }
        }

        /// <summary>The jurisdictions at and below <paramref name="rootId"/>; the same (immutable) scope for every call on this snapshot.</summary>
        public DataScope ScopeOf(Guid rootId) => _scopes.GetOrAdd(rootId, static (id, snapshot) => snapshot.Find(id) is { } root
            ? new DataScope(id, snapshot.DescendantsAndSelf(id).Select(n => n.Id), root.ParentId is null)
            : DataScope.Nothing, this);
    }
}
