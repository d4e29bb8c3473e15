namespace Beacon.Warnings.Dissemination;

/// <summary>How warnings are disseminated (<c>Beacon:Warnings:Dissemination</c>).</summary>
public sealed class DisseminationOptions
{
    /// <summary>How often the dispatcher looks for work (it is also woken at every sign-off); 0 stops the background dispatcher.</summary>
    public int IntervalMilliseconds { get; set; } = 200;

    /// <summary>Deliveries taken and sent together.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>A pause after each batch, for gateways with a rate limit (0: none).</summary>
    public int PauseMilliseconds { get; set; }

    /// <summary>Attempts per delivery before it is given up (放弃).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failed attempt; doubled after each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest an SMS may be, in characters.</summary>
    public int SmsMaxLength { get; set; } = 300;

    /// <summary>The SMS channel (<c>Beacon:Warnings:Dissemination:Sms</c>): the recorder by default, or a CMPP 2.0 gateway.</summary>
    public Sms.SmsOptions Sms { get; set; } = new();

    /// <summary>Timeout of one webhook call.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Webhook calls in flight at once.</summary>
    public int WebhookParallelism { get; set; } = 16;

    /// <summary>E-mail (<c>Beacon:Warnings:Dissemination:Email</c>): the recorder (default) or an SMTP server.</summary>
    public Email.EmailOptions Email { get; set; } = new();

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan BackoffAfter(int attempts)
    {
        var ticks = FirstBackoff.Ticks * Math.Pow(2, Math.Max(0, attempts - 1));
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}
