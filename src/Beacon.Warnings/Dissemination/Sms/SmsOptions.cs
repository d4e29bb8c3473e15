using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Dissemination.Sms;

/// <summary>Which SMS channel the dispatcher uses.</summary>
public enum SmsGateway
{
    /// <summary>The development recorder: written down, not sent (the default, for development and demos).</summary>
    Recorder,

    /// <summary>A carrier's SMS gateway (互联网短信网关, ISMG) over CMPP 2.0.</summary>
    Cmpp,

    /// <summary>A provider's HTTP interface, by URL template and signature (<see cref="HttpSmsOptions"/>).</summary>
    Http,
}

/// <summary>SMS (<c>Beacon:Warnings:Dissemination:Sms</c>).</summary>
public sealed class SmsOptions
{
    /// <summary><c>Recorder</c> (default), <c>Cmpp</c> or <c>Http</c>.</summary>
    public SmsGateway Gateway { get; set; } = SmsGateway.Recorder;

    /// <summary>The CMPP 2.0 gateway (<c>Beacon:Warnings:Dissemination:Sms:Cmpp</c>), used when <see cref="Gateway"/> is <c>Cmpp</c>.</summary>
    public CmppOptions Cmpp { get; set; } = new();

    /// <summary>The HTTP provider (<c>Beacon:Warnings:Dissemination:Sms:Http</c>), used when <see cref="Gateway"/> is <c>Http</c>.</summary>
    public HttpSmsOptions Http { get; set; } = new();
}

/// <summary>A CMPP 2.0 gateway account, as the carrier gives it.</summary>
public sealed class CmppOptions
{
    public string Host { get; set; } = "";

    /// <summary>The gateway's port for SP connections (7890 for long connections in the specification).</summary>
    public int Port { get; set; } = 7890;

    /// <summary>The SP's enterprise code (企业代码, SP_Id, 6 characters): Source_Addr of the login and Msg_src of each submit.</summary>
    public string SourceAddr { get; set; } = "";

    /// <summary>The shared secret of the login's MD5 authenticator.</summary>
    public string SharedSecret { get; set; } = "";

    /// <summary>The SP's service number (服务代码) shown to the handset as sender (Src_Id, up to 21 digits).</summary>
    public string SourceNumber { get; set; } = "";

    /// <summary>Service_Id (业务代码, up to 10 characters).</summary>
    public string ServiceId { get; set; } = "";

    /// <summary>Submits sent and not yet answered (SUBMIT_RESP) at most: the gateway's flow-control window.</summary>
    public int Window { get; set; } = 16;

    /// <summary>Submits per second at most (each part of a long message is one submit).</summary>
    public int SubmitsPerSecond { get; set; } = 100;

    /// <summary>Longest wait for the TCP connection and for the login's answer.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a SUBMIT_RESP; after it the connection is taken for dead and rebuilt (the specification's 60 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an idle link is tested (CMPP_ACTIVE_TEST); after three unanswered tests the connection is rebuilt.</summary>
    public TimeSpan ActiveTestInterval { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>After a failed login or connection, further attempts fail at once for this long.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections a part is tried on before its message is handed back for the dispatcher's retry.</summary>
    public int MaxResubmits { get; set; } = 3;

    /// <summary>Bad settings, each with the key to fix; empty when the account is usable.</summary>
    public IEnumerable<string> Problems()
    {
        const string key = "Beacon:Warnings:Dissemination:Sms:Cmpp";
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return $"{key}:Host is required when Sms:Gateway is Cmpp";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"{key}:Port must be 1..65535 (is {Port})";
        }

        if (SourceAddr.Length is < 1 or > 6 || !SourceAddr.All(char.IsAsciiLetterOrDigit))
        {
            yield return $"{key}:SourceAddr must be the 6-character SP_Id (letters and digits)";
        }

        if (SharedSecret.Length == 0 || !SharedSecret.All(char.IsAscii))
        {
            yield return $"{key}:SharedSecret is required (ASCII)";
        }

        if (SourceNumber.Length > 21 || !SourceNumber.All(char.IsAsciiDigit))
        {
            yield return $"{key}:SourceNumber must be at most 21 digits";
        }

        if (ServiceId.Length > 10 || !ServiceId.All(c => char.IsAscii(c) && !char.IsControl(c)))
        {
            yield return $"{key}:ServiceId must be at most 10 ASCII characters";
        }

        if (Window is < 1 or > 1024)
        {
            yield return $"{key}:Window must be 1..1024 (is {Window})";
        }

        if (SubmitsPerSecond < 1)
        {
            yield return $"{key}:SubmitsPerSecond must be at least 1 (is {SubmitsPerSecond})";
        }

        if (MaxResubmits < 1)
        {
            yield return $"{key}:MaxResubmits must be at least 1";
        }

        foreach (var (name, value) in new[] { (nameof(ConnectTimeout), ConnectTimeout), (nameof(ResponseTimeout), ResponseTimeout), (nameof(ActiveTestInterval), ActiveTestInterval) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{key}:{name} must be positive";
            }
        }
    }
}

/// <summary>Refuses to start with an SMS gateway that cannot work, naming the setting.</summary>
internal sealed class SmsOptionsValidation : IValidateOptions<WarningsOptions>
{
    public ValidateOptionsResult Validate(string? name, WarningsOptions options)
    {
        var sms = options.Dissemination.Sms;
        var problems = sms.Gateway switch
        {
            SmsGateway.Cmpp => sms.Cmpp.Problems().ToList(),
            SmsGateway.Http => sms.Http.Problems().ToList(),
            _ => [],
        };
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
