using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Beacon.Warnings.Dissemination.Sms;

/// <summary>CMPP 2.0 command ids (Command_Id).</summary>
internal static class CmppCommand
{
    public const uint Connect = 0x00000001;
    public const uint ConnectResp = 0x80000001;
    public const uint Terminate = 0x00000002;
    public const uint TerminateResp = 0x80000002;
    public const uint Submit = 0x00000004;
    public const uint SubmitResp = 0x80000004;
    public const uint Deliver = 0x00000005;
    public const uint DeliverResp = 0x80000005;
    public const uint ActiveTest = 0x00000008;
    public const uint ActiveTestResp = 0x80000008;
}

/// <summary>One message on the wire: the 12-byte header's command and sequence, and the body.</summary>
internal sealed record CmppFrame(uint Command, uint Sequence, byte[] Body);

/// <summary>What the client submits for one part of one SMS.</summary>
internal sealed record CmppSubmit(long DeliveryId, string Phone, byte PartsTotal, byte PartNumber, byte[] Content, bool HasUdh);

/// <summary>The gateway's SUBMIT_RESP: its message id and result (0: accepted).</summary>
internal sealed record CmppSubmitAnswer(ulong MsgId, byte Result);

/// <summary>A status report (状态报告): a CMPP_DELIVER with Registered_Delivery = 1.</summary>
internal sealed record CmppStatusReport(ulong MsgId, string Stat, string DoneTime, string Phone);

/// <summary>The gateway broke the protocol (a length out of bounds, a body too short); the connection is dropped.</summary>
internal sealed class CmppProtocolException(string message) : Exception(message);

/// <summary>The gateway refused the login (CMPP_CONNECT_RESP Status ≠ 0).</summary>
internal sealed class CmppLoginException(byte status) : Exception($"the CMPP gateway refused the login: Status {status} ({CmppWire.ConnectStatus(status)})")
{
    public byte Status { get; } = status;
}

/// <summary>The gateway could not be reached, or a part got no answer on <see cref="CmppOptions.MaxResubmits"/> connections.</summary>
internal sealed class CmppUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The client's encoder and decoder of CMPP 2.0 (中国移动通信互联网短信网关接口协议 V2.0): big-endian integers, octet
/// strings of fixed length padded with zero bytes. Every length the gateway sends is checked before it is used.
/// </summary>
internal static class CmppWire
{
    public const int HeaderLength = 12;

    /// <summary>Longest frame accepted: a SUBMIT with one destination is under 300 bytes, a DELIVER under 250.</summary>
    public const int MaxFrameLength = 4096;

    public const byte Version = 0x20;

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static byte[] Frame(uint command, uint sequence, ReadOnlySpan<byte> body)
    {
        var frame = new byte[HeaderLength + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)frame.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), command);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), sequence);
        body.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>Reads one frame; null when the gateway closed the connection between frames.</summary>
    public static async Task<CmppFrame?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[HeaderLength];
        var read = await stream.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, ct);
        if (read == 0)
        {
            return null;
        }

        if (read < HeaderLength)
        {
            throw new CmppProtocolException("the connection closed inside a message header");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is < HeaderLength or > MaxFrameLength)
        {
            throw new CmppProtocolException($"Total_Length {length} is outside {HeaderLength}..{MaxFrameLength}");
        }

        var body = new byte[length - HeaderLength];
        await stream.ReadExactlyAsync(body, ct);
        return new CmppFrame(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)), BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8)), body);
    }

    /// <summary>MMDDHHMMSS of Beijing time, as the login's Timestamp.</summary>
    public static uint Timestamp(DateTimeOffset now) =>
        uint.Parse(now.ToOffset(Beijing).ToString("MMddHHmmss", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>MD5(Source_Addr + 9 zero bytes + shared secret + timestamp as 10 digits).</summary>
    [SuppressMessage("Security", "CA5351", Justification = "CMPP 2.0 prescribes MD5 for the login authenticators")]
    public static byte[] AuthenticatorSource(string sourceAddr, string secret, uint timestamp)
    {
        var input = new List<byte>(Encoding.ASCII.GetBytes(sourceAddr));
        input.AddRange(new byte[9]);
        input.AddRange(Encoding.ASCII.GetBytes(secret));
        input.AddRange(Encoding.ASCII.GetBytes(timestamp.ToString("D10", CultureInfo.InvariantCulture)));
        return MD5.HashData(input.ToArray());
    }

    /// <summary>MD5(Status + AuthenticatorSource + shared secret): how the gateway proves it knows the secret too.</summary>
    [SuppressMessage("Security", "CA5351", Justification = "CMPP 2.0 prescribes MD5 for the login authenticators")]
    public static byte[] AuthenticatorIsmg(byte status, byte[] authenticatorSource, string secret)
    {
        var input = new List<byte> { status };
        input.AddRange(authenticatorSource);
        input.AddRange(Encoding.ASCII.GetBytes(secret));
        return MD5.HashData(input.ToArray());
    }

    public static byte[] Connect(string sourceAddr, byte[] authenticator, uint timestamp)
    {
        var body = new byte[6 + 16 + 1 + 4];
        Octets(body.AsSpan(0, 6), sourceAddr);
        authenticator.CopyTo(body.AsSpan(6));
        body[22] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(23), timestamp);
        return body;
    }

    /// <summary>CMPP_SUBMIT of one part to one handset, asking for a status report; Reserve carries the delivery id.</summary>
    public static byte[] Submit(CmppSubmit part, CmppOptions account)
    {
        var body = new byte[147 + part.Content.Length];
        var w = new Writer(body);
        w.Skip(8);                                  // Msg_Id: the gateway's to give
        w.Byte(part.PartsTotal);                    // Pk_total
        w.Byte(part.PartNumber);                    // Pk_number
        w.Byte(1);                                  // Registered_Delivery: a status report is wanted
        w.Byte(0);                                  // Msg_level
        w.Octets(account.ServiceId, 10);            // Service_Id
        w.Byte(2);                                  // Fee_UserType: charged to the SP
        w.Skip(21);                                 // Fee_terminal_Id
        w.Byte(0);                                  // TP_pId
        w.Byte(part.HasUdh ? (byte)1 : (byte)0);    // TP_udhi
        w.Byte(8);                                  // Msg_Fmt: UCS-2
        w.Octets(account.SourceAddr, 6);            // Msg_src
        w.Octets("01", 2);                          // FeeType: free of charge to the handset
        w.Octets("000000", 6);                      // FeeCode
        w.Skip(17);                                 // ValId_Time
        w.Skip(17);                                 // At_Time: now
        w.Octets(account.SourceNumber, 21);         // Src_Id
        w.Byte(1);                                  // DestUsr_tl
        w.Octets(part.Phone, 21);                   // Dest_terminal_Id
        w.Byte((byte)part.Content.Length);          // Msg_Length
        w.Bytes(part.Content);                      // Msg_Content
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(w.At), part.DeliveryId); // Reserve: Beacon's reference
        return body;
    }

    public static CmppSubmitAnswer SubmitResp(byte[] body)
    {
        if (body.Length < 9)
        {
            throw new CmppProtocolException($"a SUBMIT_RESP of {body.Length} bytes (9 expected)");
        }

        return new(BinaryPrimitives.ReadUInt64BigEndian(body), body[8]);
    }

    /// <summary>
    /// A DELIVER: its Msg_Id (for the answer) and, when it is a status report, the report; null report for a message
    /// from a handset (上行), which Beacon does not take.
    /// </summary>
    public static (ulong MsgId, CmppStatusReport? Report) Deliver(byte[] body)
    {
        if (body.Length < 65)
        {
            throw new CmppProtocolException($"a DELIVER of {body.Length} bytes");
        }

        var msgId = BinaryPrimitives.ReadUInt64BigEndian(body);
        var length = body[64];
        if (65 + length > body.Length)
        {
            throw new CmppProtocolException($"a DELIVER whose Msg_Length {length} runs past its end");
        }

        if (body[63] != 1)
        {
            return (msgId, null);
        }

        if (length < 60)
        {
            throw new CmppProtocolException($"a status report of {length} bytes (60 expected)");
        }

        var c = body.AsSpan(65, length);
        return (msgId, new CmppStatusReport(BinaryPrimitives.ReadUInt64BigEndian(c), Text(c.Slice(8, 7)), Text(c.Slice(25, 10)), Text(c.Slice(35, 21))));
    }

    public static byte[] DeliverResp(ulong msgId, byte result)
    {
        var body = new byte[9];
        BinaryPrimitives.WriteUInt64BigEndian(body, msgId);
        body[8] = result;
        return body;
    }

    /// <summary>The meaning of a CONNECT_RESP Status.</summary>
    public static string ConnectStatus(byte status) => status switch
    {
        0 => "正确 accepted",
        1 => "消息结构错 malformed message",
        2 => "非法源地址 unknown source address",
        3 => "认证错 authentication failed",
        4 => "版本太高 version too high",
        _ => "其他错误 other error",
    };

    /// <summary>The meaning of a SUBMIT_RESP Result.</summary>
    public static string SubmitResult(byte result) => result switch
    {
        0 => "正确 accepted",
        1 => "消息结构错 malformed message",
        2 => "命令字错 wrong command",
        3 => "消息序号重复 duplicate sequence",
        4 => "消息长度错 wrong length",
        5 => "资费代码错 wrong fee code",
        6 => "超过最大信息长 message too long",
        7 => "业务代码错 wrong service code",
        8 => "流量控制错 flow control",
        _ => "其他错误 other error",
    };

    /// <summary>A status report's Done_time (YYMMDDHHMM, Beijing time), or null when it is not one.</summary>
    public static DateTimeOffset? DoneTime(string text) =>
        DateTime.TryParseExact(text, "yyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(t, Beijing).ToUniversalTime()
            : null;

    /// <summary>UCS-2 (big-endian UTF-16) bytes of one part, behind the concatenation UDH when the message has several.</summary>
    public static byte[] Content(string part, byte reference, byte total, byte number)
    {
        var text = Encoding.BigEndianUnicode.GetBytes(part);
        if (total == 1)
        {
            return text;
        }

        return [0x05, 0x00, 0x03, reference, total, number, .. text];
    }

    private static void Octets(Span<byte> into, string value) => Encoding.ASCII.GetBytes(value.AsSpan(0, Math.Min(value.Length, into.Length)), into);

    private static string Text(ReadOnlySpan<byte> octets)
    {
        var end = octets.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? octets : octets[..end]).Trim();
    }

    private ref struct Writer(Span<byte> into)
    {
        private readonly Span<byte> _into = into;

        public int At { get; private set; }

        public void Skip(int n) => At += n;

        public void Byte(byte b) => _into[At++] = b;

        public void Bytes(ReadOnlySpan<byte> b)
        {
            b.CopyTo(_into[At..]);
            At += b.Length;
        }

        public void Octets(string value, int length)
        {
            CmppWire.Octets(_into.Slice(At, length), value);
            At += length;
        }
    }
}
