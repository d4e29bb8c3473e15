using System.Collections.Concurrent;

namespace Beacon.Platform.ApiTokens;

/// <summary>
/// Known, active tokens for a few seconds (by secret hash), so an API client sending hundreds of requests a second
/// does not cost a token query each. A revocation in this process drops the token at once; on another node of the
/// same database it takes effect within <see cref="Lifetime"/>. Unknown and rejected tokens are never cached: each
/// attempt is looked up and audited.
/// </summary>
public sealed class ApiTokenCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Tokens revoked in this process lately: a lookup that raced a revocation cannot cache them again.</summary>
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _forgotten = new();

    internal Entry? Find(string hash)
    {
        if (_entries.TryGetValue(hash, out var entry) && clock.GetUtcNow() - entry.CachedAt < Lifetime)
        {
            return entry;
        }

        return null;
    }

    internal Entry Add(string hash, ApiToken token, Guid jurisdictionId)
    {
        if (_entries.Count > 10_000)
        {
            _entries.Clear();
        }

        var now = clock.GetUtcNow();
        var entry = new Entry(token, jurisdictionId, now);
        if (!(_forgotten.TryGetValue(token.Id, out var at) && now - at < Lifetime))
        {
            _entries[hash] = entry;
        }

        return entry;
    }

    /// <summary>Forgets a token (revoked, changed) so its next request is looked up again.</summary>
    public void Forget(Guid tokenId)
    {
        _forgotten[tokenId] = clock.GetUtcNow();
        foreach (var pair in _entries)
        {
            if (pair.Value.Token.Id == tokenId)
            {
                _entries.TryRemove(pair);
            }
        }
    }

    internal sealed class Entry(ApiToken token, Guid jurisdictionId, DateTimeOffset cachedAt)
    {
        private int _recordingUse;

        public ApiToken Token { get; } = token;

        public Guid JurisdictionId { get; } = jurisdictionId;

        public DateTimeOffset CachedAt { get; } = cachedAt;

        /// <summary>True for exactly one caller while the token's last use is being recorded.</summary>
        public bool TryStartRecordingUse() => Interlocked.CompareExchange(ref _recordingUse, 1, 0) == 0;

        public void EndRecordingUse() => Volatile.Write(ref _recordingUse, 0);
    }
}
