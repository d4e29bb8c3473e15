using System.Runtime.CompilerServices;

namespace Beacon.Warnings.Tests.Cap;

/// <summary>
/// Where the shared real CAP files (<c>shared/data/cap</c>, next to the repository) and this project's own
/// fixtures are.
/// </summary>
internal static class CapData
{
    /// <summary>CAP 1.2 messages in the real-file folder; the NWS CAP 1.1 message comes on top.</summary>
    public const int ExpectedRealFileCount = 24;

    private static readonly Lazy<string?> Folder = new(FindFolder);

    /// <summary>The real-file folder, or null when this machine does not have it.</summary>
    public static string? RealFolder => Folder.Value;

    /// <summary>Every CAP message in the real-file folder (the schema and SOURCES.md excluded), as paths relative to it.</summary>
    public static IReadOnlyList<string> RealFiles() => RealFolder is not { } folder
        ? []
        : [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".cap", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static string? FindFolder()
    {
        if (Environment.GetEnvironmentVariable("BEACON_CAP_DATA") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        // The build output may live outside the repository (--artifacts-path), so the source file's own folder
        // is a second place to start from.
        foreach (var start in new[] { AppContext.BaseDirectory, SourceDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "cap");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? "/";
}
