using System.Collections.Concurrent;

namespace Beacon.Platform.Data;

/// <summary>
/// One asynchronous lock per SQLite database (connection string) in this process: SQLite allows one writer at a
/// time, and a queue of awaiting tasks costs no threads, where SQLite's own busy wait blocks one thread per waiter.
/// Other processes on the same file (the CLI verbs) still meet the busy timeout.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string? connectionString) => Gates.GetOrAdd(connectionString ?? "", _ => new SemaphoreSlim(1, 1));
}
