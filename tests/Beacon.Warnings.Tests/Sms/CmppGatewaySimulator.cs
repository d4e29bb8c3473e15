using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Beacon.Testing;

namespace Beacon.Warnings.Tests.Sms;

/// <summary>One part the gateway took (a CMPP_SUBMIT), as it read it off the wire.</summary>
public sealed record LedgerEntry(long Reference, string MsgSrc, int PkTotal, int PkNumber, int RegisteredDelivery, int TpUdhi, int MsgFmt,
    string Destination, byte[] Udh, string Text, ulong MsgId);

/// <summary>
/// A CMPP 2.0 internet SMS gateway (ISMG) for tests, written from the specification (中国移动通信互联网短信网关接口协议
/// V2.0, sections 7.3–7.4) on its own: its own framing, its own field offsets. It authenticates SPs with the MD5
/// authenticator, answers submits (or holds the answers back), keeps a ledger of every part it took, deduplicated on
/// Msg_src + Reserve + Pk_number + destination (a part submitted again gets its first Msg_Id back and is counted as a
/// duplicate, not taken twice), records the most unanswered submits it ever saw, sends status reports on demand and
/// drops connections when told.
/// </summary>
public sealed class CmppGatewaySimulator : IAsyncDisposable
{
    private const uint Connect = 1, ConnectResp = 0x80000001, Terminate = 2, TerminateResp = 0x80000002, Submit = 4, SubmitResp = 0x80000004,
        Deliver = 5, DeliverResp = 0x80000005, ActiveTest = 8, ActiveTestResp = 0x80000008;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Session> _sessions = [];
    private readonly Dictionary<(string, long, int, string), ulong> _taken = [];
    private readonly List<LedgerEntry> _ledger = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _msgSequence;
    private uint _ownSequence = 0x7000_0000;

    public CmppGatewaySimulator(string sourceAddr, string secret)
    {
        SourceAddr = sourceAddr;
        Secret = secret;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string SourceAddr { get; }

    /// <summary>The shared secret the gateway expects; change it to refuse the next logins.</summary>
    public string Secret { get; set; }

    /// <summary>While set, SUBMIT_RESPs are held back until <see cref="ReleaseAnswersAsync"/>.</summary>
    public bool HoldAnswers { get; set; }

    /// <summary>When set, the connection is dropped right after the n-th new part is taken, without answering it.</summary>
    public int? DropAfterTaken { get; set; }

    /// <summary>Whether the ledger keeps each part's text and UDH (off for a million parts: the counts and ids are what matter).</summary>
    public bool KeepTexts { get; init; } = true;

    /// <summary>Parts taken (the ledger's length), without copying the ledger.</summary>
    public int Taken
    {
        get
        {
            lock (_lock)
            {
                return _ledger.Count;
            }
        }
    }

    /// <summary>The SUBMIT_RESP Result for a part to a given number (0 when null or when it answers 0).</summary>
    public Func<string, byte>? ResultFor { get; set; }

    public int Logins { get; private set; }

    public int RefusedLogins { get; private set; }

    public int Duplicates { get; private set; }

    public int MaxUnanswered { get; private set; }

    public int Unanswered => Sessions().Sum(s => s.Unanswered);

    public int ActiveTestsReceived { get; private set; }

    public int TerminatesReceived { get; private set; }

    public int Drops { get; private set; }

    public IReadOnlyList<LedgerEntry> Ledger
    {
        get
        {
            lock (_lock)
            {
                return [.. _ledger];
            }
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _ledger.Clear();
            _taken.Clear();
            Duplicates = 0;
            MaxUnanswered = 0;
            DropAfterTaken = null;
            HoldAnswers = false;
            ResultFor = null;
        }
    }

    /// <summary>Waits (up to <see cref="TestTimeouts.Expectation"/>) until <paramref name="condition"/> holds, woken by every change here.</summary>
    public async Task WaitUntilAsync(Func<CmppGatewaySimulator, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Expectation);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the gateway simulator did not see {what} within {TestTimeouts.Expectation.TotalSeconds:0} s");
            }
        }
    }

    /// <summary>Sends the held SUBMIT_RESPs and answers the next submits at once.</summary>
    public async Task ReleaseAnswersAsync()
    {
        HoldAnswers = false;
        foreach (var session in Sessions())
        {
            await session.ReleaseAsync();
        }
    }

    /// <summary>Sends a status report (a DELIVER with Registered_Delivery 1) and waits for the SP's DELIVER_RESP; its Result.</summary>
    public async Task<int> ReportAsync(LedgerEntry part, string stat)
    {
        var session = Sessions().LastOrDefault() ?? throw new InvalidOperationException("no SP is connected");
        return await session.ReportAsync(part, stat);
    }

    /// <summary>Sends CMPP_ACTIVE_TEST and waits for the answer.</summary>
    public Task ActiveTestAsync() => (Sessions().LastOrDefault() ?? throw new InvalidOperationException("no SP is connected")).ActiveTestAsync();

    /// <summary>Sends raw bytes on the open connection (malformed frames).</summary>
    public Task SendRawAsync(byte[] bytes) => (Sessions().LastOrDefault() ?? throw new InvalidOperationException("no SP is connected")).WriteAsync(bytes);

    /// <summary>Closes every open connection at once, mid-stream.</summary>
    public void DropConnections()
    {
        foreach (var session in Sessions())
        {
            session.Drop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private Session[] Sessions()
    {
        lock (_lock)
        {
            return [.. _sessions.Where(s => s.IsOpen)];
        }
    }

    private void Changed()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            var session = new Session(this, socket);
            lock (_lock)
            {
                _sessions.Add(session);
            }

            _ = session.RunAsync();
        }
    }

    /// <summary>
    /// Msg_Id as the specification lays it out: month, day, hour, minute, second, gateway code, sequence. Past 65,535
    /// parts the sequence carries into the gateway code, so ids stay unique over a million parts.
    /// </summary>
    private ulong NewMsgId()
    {
        var sequence = (ulong)Interlocked.Increment(ref _msgSequence);
        return (12UL << 60) | (2UL << 55) | (23UL << 50) | (30UL << 44) | (15UL << 38) | ((123456UL << 16) + sequence);
    }

    private static uint U32(byte[] b, int at) => ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3];

    private static ulong U64(byte[] b, int at) => ((ulong)U32(b, at) << 32) | U32(b, at + 4);

    private static string Str(byte[] b, int at, int length) => Encoding.ASCII.GetString(b, at, length).TrimEnd('\0');

    private static void Put(List<byte> into, ulong value, int bytes)
    {
        for (var i = bytes - 1; i >= 0; i--)
        {
            into.Add((byte)(value >> (8 * i)));
        }
    }

    private static void Put(List<byte> into, string value, int length)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        for (var i = 0; i < length; i++)
        {
            into.Add(i < bytes.Length ? bytes[i] : (byte)0);
        }
    }

    private static byte[] Message(uint command, uint sequence, List<byte> body)
    {
        var all = new List<byte>();
        Put(all, (ulong)(12 + body.Count), 4);
        Put(all, command, 4);
        Put(all, sequence, 4);
        all.AddRange(body);
        return [.. all];
    }

    private sealed class Session(CmppGatewaySimulator gateway, TcpClient socket)
    {
        private readonly NetworkStream _stream = socket.GetStream();
        private readonly SemaphoreSlim _write = new(1, 1);
        private readonly List<byte[]> _held = [];
        private readonly ConcurrentDictionary<uint, TaskCompletionSource<byte[]>> _awaiting = new();
        private bool _loggedIn;
        private int _open = 1;

        public int Unanswered { get; private set; }

        public bool IsOpen => Volatile.Read(ref _open) == 1;

        public void Drop()
        {
            if (Interlocked.Exchange(ref _open, 0) == 1)
            {
                socket.Dispose();
                lock (gateway._lock)
                {
                    gateway.Drops++;
                    _held.Clear();
                }

                foreach (var waiting in _awaiting.Values)
                {
                    waiting.TrySetCanceled();
                }

                gateway.Changed();
            }
        }

        public async Task RunAsync()
        {
            try
            {
                var header = new byte[12];
                while (IsOpen)
                {
                    await _stream.ReadExactlyAsync(header, gateway._stop.Token);
                    var length = U32(header, 0);
                    if (length is < 12 or > 10_000)
                    {
                        break;
                    }

                    var body = new byte[length - 12];
                    await _stream.ReadExactlyAsync(body, gateway._stop.Token);
                    if (!await HandleAsync(U32(header, 4), U32(header, 8), body))
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException or ArgumentException or IndexOutOfRangeException)
            {
            }
            finally
            {
                Drop();
            }
        }

        public async Task ReleaseAsync()
        {
            byte[][] held;
            lock (gateway._lock)
            {
                held = [.. _held];
                _held.Clear();
                Unanswered -= held.Length;
            }

            foreach (var answer in held)
            {
                await WriteAsync(answer);
            }

            gateway.Changed();
        }

        public async Task<int> ReportAsync(LedgerEntry part, string stat)
        {
            var content = new List<byte>();
            Put(content, part.MsgId, 8);                    // Msg_Id of the submit
            Put(content, stat, 7);                          // Stat
            Put(content, "2612022330", 10);                 // Submit_time YYMMDDHHMM
            Put(content, "2612022331", 10);                 // Done_time
            Put(content, part.Destination, 21);             // Dest_terminal_Id
            Put(content, 1, 4);                             // SMSC_sequence
            var body = new List<byte>();
            Put(body, gateway.NewMsgId(), 8);               // Msg_Id of this DELIVER
            Put(body, "10657", 21);                         // Dest_Id
            Put(body, "", 10);                              // Service_Id
            body.AddRange([0, 0, 0]);                       // TP_pid, TP_udhi, Msg_Fmt
            Put(body, part.Destination, 21);                // Src_terminal_Id
            body.Add(1);                                    // Registered_Delivery: a status report
            body.Add((byte)content.Count);                  // Msg_Length
            body.AddRange(content);
            Put(body, "", 8);                               // Reserve
            var answer = await RequestAsync(Deliver, body);
            return answer.Length >= 9 ? answer[8] : -1;
        }

        public async Task ActiveTestAsync() => await RequestAsync(ActiveTest, []);

        public async Task WriteAsync(byte[] bytes)
        {
            await _write.WaitAsync();
            try
            {
                await _stream.WriteAsync(bytes);
            }
            finally
            {
                _write.Release();
            }
        }

        private async Task<byte[]> RequestAsync(uint command, List<byte> body)
        {
            var sequence = Interlocked.Increment(ref gateway._ownSequence);
            var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaiting[sequence] = answer;
            await WriteAsync(Message(command, sequence, body));
            return await answer.Task.WaitAsync(TestTimeouts.Expectation);
        }

        private async Task<bool> HandleAsync(uint command, uint sequence, byte[] body)
        {
            if (command == Connect)
            {
                return await LoginAsync(sequence, body);
            }

            if (!_loggedIn)
            {
                return false;
            }

            switch (command)
            {
                case Submit:
                    await TakeAsync(sequence, body);
                    return IsOpen;
                case ActiveTest:
                    lock (gateway._lock)
                    {
                        gateway.ActiveTestsReceived++;
                    }

                    await WriteAsync(Message(ActiveTestResp, sequence, [0]));
                    gateway.Changed();
                    return true;
                case Terminate:
                    lock (gateway._lock)
                    {
                        gateway.TerminatesReceived++;
                    }

                    await WriteAsync(Message(TerminateResp, sequence, []));
                    return false;
                case DeliverResp or ActiveTestResp or TerminateResp:
                    if (_awaiting.TryRemove(sequence, out var waiting))
                    {
                        waiting.TrySetResult(body);
                    }

                    return command != TerminateResp;
                default:
                    return true;
            }
        }

        [SuppressMessage("Security", "CA5351", Justification = "CMPP 2.0 prescribes MD5 for the login authenticators")]
        private async Task<bool> LoginAsync(uint sequence, byte[] body)
        {
            // Source_Addr 6, AuthenticatorSource 16, Version 1, Timestamp 4.
            if (body.Length != 27)
            {
                return false;
            }

            var source = Str(body, 0, 6);
            var timestamp = U32(body, 23);
            var expected = MD5.HashData([.. Encoding.ASCII.GetBytes(source), .. new byte[9], .. Encoding.ASCII.GetBytes(gateway.Secret),
                .. Encoding.ASCII.GetBytes(timestamp.ToString("0000000000", System.Globalization.CultureInfo.InvariantCulture))]);
            byte status = source != gateway.SourceAddr ? (byte)2 : !expected.AsSpan().SequenceEqual(body.AsSpan(6, 16)) ? (byte)3 : body[22] > 0x20 ? (byte)4 : (byte)0;
            var answer = new List<byte> { status };
            answer.AddRange(MD5.HashData([status, .. body.AsSpan(6, 16), .. Encoding.ASCII.GetBytes(gateway.Secret)]));
            answer.Add(0x20);
            // Counted before the answer leaves: the SP may look as soon as it has it.
            lock (gateway._lock)
            {
                if (status == 0)
                {
                    gateway.Logins++;
                }
                else
                {
                    gateway.RefusedLogins++;
                }
            }

            _loggedIn = status == 0;
            await WriteAsync(Message(ConnectResp, sequence, answer));
            gateway.Changed();
            return _loggedIn;
        }

        private async Task TakeAsync(uint sequence, byte[] b)
        {
            // Offsets of CMPP_SUBMIT (V2.0, 7.4.3.1).
            // Msg_Id 0, Pk_total 8, Pk_number 9, Registered_Delivery 10, Msg_level 11, Service_Id 12, Fee_UserType 22,
            // Fee_terminal_Id 23, TP_pId 44, TP_udhi 45, Msg_Fmt 46, Msg_src 47, FeeType 53, FeeCode 55, ValId_Time 61,
            // At_Time 78, Src_Id 95, DestUsr_tl 116, Dest_terminal_Id 117 (21 each), then Msg_Length, Msg_Content, Reserve.
            int pkTotal = b[8], pkNumber = b[9], registered = b[10], udhi = b[45], fmt = b[46];
            var msgSrc = Str(b, 47, 6);
            int users = b[116];
            var destination = Str(b, 117, 21);
            var at = 117 + (21 * users);
            int length = b[at];
            var content = b.AsSpan(at + 1, length).ToArray();
            var reference = (long)U64(b, at + 1 + length);
            var udh = udhi == 1 ? content[..(content[0] + 1)] : [];
            var text = Encoding.BigEndianUnicode.GetString(content, udh.Length, content.Length - udh.Length);

            ulong msgId;
            bool drop;
            lock (gateway._lock)
            {
                var key = (msgSrc, reference, pkNumber, destination);
                if (gateway._taken.TryGetValue(key, out msgId))
                {
                    gateway.Duplicates++;
                    drop = false;
                }
                else
                {
                    msgId = gateway.NewMsgId();
                    gateway._taken[key] = msgId;
                    gateway._ledger.Add(gateway.KeepTexts
                        ? new LedgerEntry(reference, msgSrc, pkTotal, pkNumber, registered, udhi, fmt, destination, udh, text, msgId)
                        : new LedgerEntry(reference, msgSrc, pkTotal, pkNumber, registered, udhi, fmt, destination, [], "", msgId));
                    drop = gateway.DropAfterTaken is { } n && gateway._ledger.Count == n;
                }

                Unanswered++;
                gateway.MaxUnanswered = Math.Max(gateway.MaxUnanswered, gateway.Sessions().Sum(s => s.Unanswered));
            }

            gateway.Changed();
            if (drop)
            {
                gateway.DropAfterTaken = null;
                Drop();
                return;
            }

            var answer = new List<byte>();
            Put(answer, msgId, 8);
            answer.Add(gateway.ResultFor?.Invoke(destination) ?? 0);
            var frame = Message(SubmitResp, sequence, answer);
            lock (gateway._lock)
            {
                if (gateway.HoldAnswers)
                {
                    _held.Add(frame);
                    return;
                }

                Unanswered--;
            }

            await WriteAsync(frame);
            gateway.Changed();
        }
    }
}
