namespace Beacon.Warnings.Upstream;

/// <summary>
/// Pushing signed-off warnings as CAP to an upstream publisher (<c>Beacon:Warnings:Upstream</c>), e.g. the national
/// warning release system (国家预警信息发布系统), which accepts CAP 1.2. Off unless <see cref="Enabled"/>.
/// </summary>
public sealed class UpstreamOptions
{
    /// <summary>Push each signed-off message; off by default (nothing is queued while off).</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the CAP XML is POSTed (<c>Content-Type: application/cap+xml</c>).</summary>
    public string? Url { get; set; }

    /// <summary>Optional header carrying the key the publisher gave us (e.g. <c>X-Api-Key</c>); both or neither.</summary>
    public string? HeaderName { get; set; }

    /// <summary>The key sent in <see cref="HeaderName"/>; a secret (set it from the environment, never in a file in git).</summary>
    public string? HeaderValue { get; set; }

    /// <summary>Timeout of one POST; a timeout is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one push before it is recorded Failed (5xx, timeouts and connection errors are retried; 4xx never).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; doubled after each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the background publisher looks for due pushes, in milliseconds (it is also woken by each sign-off); 0 stops it.</summary>
    public int IntervalMilliseconds { get; set; } = 5000;

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan BackoffAfter(int attempts)
    {
        var ticks = FirstBackoff.Ticks * Math.Pow(2, Math.Max(0, attempts - 1));
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}
