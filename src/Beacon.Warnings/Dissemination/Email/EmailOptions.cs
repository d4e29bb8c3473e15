namespace Beacon.Warnings.Dissemination.Email;

/// <summary>Which implementation carries a channel: the development recorder or the real far end.</summary>
public enum EmailMode
{
    /// <summary>Written to <c>outbound_messages</c> and marked 演示记录 (recorded, not sent): development and demos.</summary>
    Recorder,

    /// <summary>Sent through the configured SMTP server.</summary>
    Smtp,
}

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same host or a test server.</summary>
    None,

    /// <summary>STARTTLS, refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, plain text otherwise.</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls,
}

/// <summary>E-mail dissemination (<c>Beacon:Warnings:Dissemination:Email</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>Recorder (default) or Smtp. Chosen at start-up.</summary>
    public EmailMode Mode { get; set; } = EmailMode.Recorder;

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Account for SMTP AUTH; unset: no authentication.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>内蒙古自治区预警信息发布中心 &lt;yujing@nmg.gov.cn&gt;</c>.</summary>
    public string From { get; set; } = "预警信息发布 <warnings@beacon.nmg.gov.cn>";

    /// <summary>Messages per second through this channel, over every connection (0: as fast as the server takes them).</summary>
    public double MaxPerSecond { get; set; }

    /// <summary>Messages sent over one connection before it is closed and opened again (0: the whole batch).</summary>
    public int MessagesPerConnection { get; set; } = 500;

    /// <summary>
    /// Messages the server accepted that are committed together (Sent, with its answer). A crash sends at most these
    /// again (with the same Message-Id): fewer repeats against more commits (decision 0028).
    /// </summary>
    public int RecordEvery { get; set; } = 50;

    /// <summary>Timeout of one SMTP command.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
