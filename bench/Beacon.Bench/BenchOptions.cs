using System.Globalization;

namespace Beacon.Bench;

/// <summary>Command-line options; every one has a default so <c>bench/run.sh</c> needs none.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/Beacon.Bench -- [options]
          --beacon PATH     Beacon.Web.dll (default: src/Beacon.Web/bin/Release/net10.0/Beacon.Web.dll)
          --baseline PATH   Beacon.Bench.Baseline.dll (default: bench/Beacon.Bench.Baseline/bin/Release/net10.0/)
          --runs N          cold starts per app, each followed by a warm start (default 5)
          --idle SECONDS    idle time before memory is read (default 5)
          --timeout SECONDS give up on a start after this long (default 120)
          --dotnet PATH     the dotnet host to start the apps with (default: dotnet on PATH)
          --timeline        print the output of Beacon's first cold and warm start with the time of each line
        """;

    public required string BeaconDll { get; init; }

    public required string BaselineDll { get; init; }

    public int Runs { get; init; } = 5;

    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    public string Dotnet { get; init; } = "dotnet";

    public bool Timeline { get; init; }

    /// <summary>Parses the arguments; null with a message when they are wrong.</summary>
    public static (BenchOptions? Options, string? Error) Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--timeline":
                    flags.Add("timeline");
                    break;
                case "--help" or "-h":
                    return (null, "");
                case "--beacon" or "--baseline" or "--runs" or "--idle" or "--timeout" or "--dotnet" when i + 1 < args.Length:
                    values[args[i][2..]] = args[++i];
                    break;
                default:
                    return (null, $"unknown or incomplete option '{args[i]}'");
            }
        }

        var root = RepositoryRoot();
        var beacon = values.GetValueOrDefault("beacon")
            ?? (root is null ? null : Path.Combine(root, "src", "Beacon.Web", "bin", "Release", "net10.0", "Beacon.Web.dll"));
        var baseline = values.GetValueOrDefault("baseline")
            ?? (root is null ? null : Path.Combine(root, "bench", "Beacon.Bench.Baseline", "bin", "Release", "net10.0", "Beacon.Bench.Baseline.dll"));
        foreach (var (name, path) in new[] { ("--beacon", beacon), ("--baseline", baseline) })
        {
            if (path is null || !File.Exists(path))
            {
                return (null, $"{name}: '{path ?? "(repository not found)"}' does not exist; build in Release first (bench/run.sh does)");
            }
        }

        if (!TryPositive(values, "runs", 5, out var runs)
            || !TryPositive(values, "idle", 5, out var idle)
            || !TryPositive(values, "timeout", 120, out var timeout))
        {
            return (null, "--runs, --idle and --timeout take a whole number of 1 or more");
        }

        return (new BenchOptions
        {
            BeaconDll = Path.GetFullPath(beacon!),
            BaselineDll = Path.GetFullPath(baseline!),
            Runs = runs,
            Idle = TimeSpan.FromSeconds(idle),
            Timeout = TimeSpan.FromSeconds(timeout),
            Dotnet = values.GetValueOrDefault("dotnet", "dotnet"),
            Timeline = flags.Contains("timeline"),
        }, null);
    }

    private static bool TryPositive(Dictionary<string, string> values, string name, int fallback, out int value)
    {
        if (!values.TryGetValue(name, out var text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
    }

    /// <summary>The folder holding Beacon.slnx, searched upwards from the working directory and from this program.</summary>
    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Beacon.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
