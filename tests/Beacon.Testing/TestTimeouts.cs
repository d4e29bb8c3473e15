using System.Globalization;

namespace Beacon.Testing;

/// <summary>
/// The one timeout setting of the test suite. A slow machine makes a slow test, not a failing one: expectations
/// (Playwright's expect and actions, waits for a pushed update) wait up to <see cref="Expectation"/> and a real
/// process (a Beacon server, a PostgreSQL cluster) gets <see cref="ProcessStart"/> to become ready. Override with
/// <c>BEACON_TEST_TIMEOUT_SECONDS</c> (default 30) and <c>BEACON_TEST_PROCESS_START_SECONDS</c> (default 180).
/// </summary>
public static class TestTimeouts
{
    public const string ExpectationVariable = "BEACON_TEST_TIMEOUT_SECONDS";
    public const string ProcessStartVariable = "BEACON_TEST_PROCESS_START_SECONDS";

    /// <summary>How long a test waits for something it expects to see (default 30 s).</summary>
    public static TimeSpan Expectation { get; } = Read(ExpectationVariable, 30);

    /// <summary>How long a real process may take to become ready (default 180 s).</summary>
    public static TimeSpan ProcessStart { get; } = Read(ProcessStartVariable, 180);

    /// <summary><see cref="Expectation"/> in milliseconds, as Playwright takes it.</summary>
    public static float ExpectationMilliseconds => (float)Expectation.TotalMilliseconds;

    private static TimeSpan Read(string variable, int defaultSeconds) =>
        double.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(defaultSeconds);
}
