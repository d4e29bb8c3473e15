namespace Beacon.Testing;

/// <summary>
/// The one setting the far ends linked from the tests (<c>TestSmtpServer</c>, <c>CmppGatewaySimulator</c>) read from
/// the test suite's <c>TestTimeouts</c>: how long they wait for what they expect. The benchmark does not reference the
/// test fixtures, so it gives them this.
/// </summary>
internal static class TestTimeouts
{
    public static TimeSpan Expectation { get; } = TimeSpan.FromMinutes(2);
}
