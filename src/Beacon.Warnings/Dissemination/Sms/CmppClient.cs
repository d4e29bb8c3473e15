using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Beacon.Warnings.Dissemination.Sms;

/// <summary>
/// A CMPP 2.0 SP client over one long TCP connection (长连接) to the gateway: login with the MD5 authenticator, submits
/// under a window of unanswered ones and a rate, status reports handed to <c>onReport</c> and answered after it
/// returned, link tests both ways, and a new connection when the old one drops.
/// </summary>
/// <remarks>
/// Delivery guarantee of <see cref="SubmitAsync"/>: it returns only with the gateway's SUBMIT_RESP. A part sent on a
/// connection that dropped (or went <see cref="CmppOptions.ResponseTimeout"/> without an answer) before its
/// SUBMIT_RESP is sent again on the next connection, with the same reference in Reserve (the delivery id) and the same
/// UDH reference, up to <see cref="CmppOptions.MaxResubmits"/> connections. Whether the gateway had taken the first one
/// cannot be known from CMPP 2.0: a gateway that deduplicates on Msg_src + Reserve + Pk_number (as the test simulator
/// does) makes it exactly once; one that does not may send that part twice (at least once). See decision 0025.
/// </remarks>
internal sealed class CmppClient : IAsyncDisposable
{
    private readonly CmppOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Func<CmppStatusReport, CancellationToken, Task> _onReport;
    private readonly SemaphoreSlim _window;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly RateGate _rate;
    private readonly Channel<(Connection Connection, uint Sequence, ulong MsgId, CmppStatusReport Report)> _reports =
        Channel.CreateBounded<(Connection, uint, ulong, CmppStatusReport)>(new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _life = new();
    private readonly Task _reportWorker;
    private Connection? _current;
    private (DateTimeOffset At, Exception Error)? _lastFailure;
    private int _sequence;
    private int _inFlight;

    public CmppClient(CmppOptions options, TimeProvider clock, ILogger logger, Func<CmppStatusReport, CancellationToken, Task> onReport)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
        _onReport = onReport;
        _window = new SemaphoreSlim(options.Window, options.Window);
        _rate = new RateGate(options.SubmitsPerSecond, clock);
        _reportWorker = Task.Run(() => AnswerReportsAsync(_life.Token));
    }

    /// <summary>Logins that succeeded so far (the first connection and every reconnection).</summary>
    public int Logins { get; private set; }

    /// <summary>Submits sent and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Submits waiting for the rate limit.</summary>
    public int WaitingForRate => _rate.Waiting;

    /// <summary>Link tests this client answered for the gateway, and answers it got to its own.</summary>
    public int ActiveTestsAnswered { get; private set; }

    public int ActiveTestAnswersReceived { get; private set; }

    public bool IsConnected => _current is { IsOpen: true };

    /// <summary>Logs in now (or uses the open connection); throws <see cref="CmppLoginException"/> with the gateway's Status.</summary>
    public async Task ConnectAsync(CancellationToken ct) => await ConnectedAsync(ct);

    /// <summary>Submits one part; returns the gateway's answer. See the class remarks for what happens across a reconnection.</summary>
    public async Task<CmppSubmitAnswer> SubmitAsync(CmppSubmit part, CancellationToken ct)
    {
        var frameBody = CmppWire.Submit(part, _options);
        for (var connection = 1; ; connection++)
        {
            var open = await ConnectedAsync(ct);
            await _window.WaitAsync(ct);
            Interlocked.Increment(ref _inFlight);
            CmppSubmitAnswer? answer;
            try
            {
                await _rate.WaitAsync(ct);
                answer = await open.RequestAsync(CmppCommand.Submit, frameBody, _options.ResponseTimeout, ct);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _window.Release();
            }

            if (answer is not null)
            {
                return answer;
            }

            if (connection >= _options.MaxResubmits)
            {
                throw new CmppUnavailableException($"no SUBMIT_RESP on {connection} connections to the CMPP gateway");
            }

            _logger.LogInformation("A CMPP submit for delivery {Delivery} part {Part} had no answer before the connection dropped; it is sent again on the next", part.DeliveryId, part.PartNumber);
        }
    }

    /// <summary>Ends the session with CMPP_TERMINATE (waits for the answer up to the response timeout) and closes it.</summary>
    public async Task TerminateAsync(CancellationToken ct)
    {
        var open = _current;
        if (open is not { IsOpen: true })
        {
            return;
        }

        await open.TerminateAsync(_options.ResponseTimeout, ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await TerminateAsync(quick.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // Closing anyway.
        }

        _current?.Close("disposed");
        await _life.CancelAsync();
        _reports.Writer.TryComplete();
        try
        {
            await _reportWorker;
        }
        catch (OperationCanceledException)
        {
        }

        _life.Dispose();
        _window.Dispose();
        _connecting.Dispose();
    }

    /// <summary>Closes the connection without CMPP_TERMINATE (a host disposed synchronously).</summary>
    public void Close()
    {
        _current?.Close("disposed");
        _life.Cancel();
        _reports.Writer.TryComplete();
    }

    internal uint NextSequence() => unchecked((uint)Interlocked.Increment(ref _sequence));

    private async Task<Connection> ConnectedAsync(CancellationToken ct)
    {
        var current = _current;
        if (current is { IsOpen: true })
        {
            return current;
        }

        await _connecting.WaitAsync(ct);
        try
        {
            current = _current;
            if (current is { IsOpen: true })
            {
                return current;
            }

            // A gateway that refused or could not be reached a moment ago is not asked again by every waiting part.
            if (_lastFailure is { } failed && _clock.GetUtcNow() - failed.At < _options.ReconnectDelay)
            {
                throw failed.Error is CmppLoginException login ? new CmppLoginException(login.Status) : new CmppUnavailableException(failed.Error.Message, failed.Error);
            }

            try
            {
                _current = await OpenAsync(ct);
                _lastFailure = null;
                Logins++;
                return _current;
            }
            catch (Exception e) when (e is CmppLoginException or CmppProtocolException or IOException or SocketException
                                          || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                _lastFailure = (_clock.GetUtcNow(), e);
                if (e is CmppLoginException)
                {
                    throw;
                }

                throw new CmppUnavailableException($"the CMPP gateway {_options.Host}:{_options.Port} cannot be reached: {e.Message}", e);
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async Task<Connection> OpenAsync(CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(_options.Host, _options.Port, linked.Token);
            var stream = tcp.GetStream();
            var timestamp = CmppWire.Timestamp(_clock.GetUtcNow());
            var authenticator = CmppWire.AuthenticatorSource(_options.SourceAddr, _options.SharedSecret, timestamp);
            var sequence = NextSequence();
            await stream.WriteAsync(CmppWire.Frame(CmppCommand.Connect, sequence, CmppWire.Connect(_options.SourceAddr, authenticator, timestamp)), linked.Token);
            var answer = await CmppWire.ReadAsync(stream, linked.Token)
                ?? throw new CmppProtocolException("the gateway closed the connection instead of answering the login");
            if (answer.Command != CmppCommand.ConnectResp || answer.Sequence != sequence || answer.Body.Length < 18)
            {
                throw new CmppProtocolException($"the login was answered with command 0x{answer.Command:x8} of {answer.Body.Length} bytes");
            }

            var status = answer.Body[0];
            if (status != 0)
            {
                throw new CmppLoginException(status);
            }

            if (!answer.Body.AsSpan(1, 16).SequenceEqual(CmppWire.AuthenticatorIsmg(status, authenticator, _options.SharedSecret)))
            {
                throw new CmppProtocolException("the gateway's AuthenticatorISMG does not match the shared secret");
            }

            var connection = new Connection(this, tcp, stream);
            connection.Start();
            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Status reports, one at a time: saved by <c>onReport</c>, then answered, so one lost before it is saved comes again.</summary>
    private async Task AnswerReportsAsync(CancellationToken ct)
    {
        await foreach (var (connection, sequence, msgId, report) in _reports.Reader.ReadAllAsync(ct))
        {
            try
            {
                await _onReport(report, ct);
                await connection.SendAsync(CmppCommand.DeliverResp, sequence, CmppWire.DeliverResp(msgId, 0), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Not answered: the gateway sends the report again.
                _logger.LogWarning(e, "A CMPP status report for Msg_Id {MsgId} was not saved; the gateway sends it again", report.MsgId);
            }
        }
    }

    /// <summary>One logged-in TCP connection and its reader; <see cref="Close"/> ends it (its socket, timer and reader).</summary>
    [SuppressMessage("Design", "CA1001", Justification = "Close releases the socket and timer; the semaphore and token source hold no handle once it ran, and writers may still be waiting on them")]
    private sealed class Connection(CmppClient client, TcpClient tcp, NetworkStream stream)
    {
        private readonly ConcurrentDictionary<uint, TaskCompletionSource<CmppSubmitAnswer?>> _pending = new();
        private readonly SemaphoreSlim _write = new(1, 1);
        private readonly CancellationTokenSource _closing = new();
        private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ITimer? _linkTest;
        private int _unansweredTests;
        private int _closed;

        public bool IsOpen => Volatile.Read(ref _closed) == 0;

        public void Start()
        {
            _ = Task.Run(ReadAsync);
            var every = client._options.ActiveTestInterval;
            _linkTest = client._clock.CreateTimer(_ => _ = TestLinkAsync(), null, every, every);
        }

        /// <summary>Sends a request and waits for its answer; null when the connection dropped (or timed out) first.</summary>
        public async Task<CmppSubmitAnswer?> RequestAsync(uint command, byte[] body, TimeSpan timeout, CancellationToken ct)
        {
            var sequence = client.NextSequence();
            var answer = new TaskCompletionSource<CmppSubmitAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[sequence] = answer;
            if (!IsOpen)
            {
                _pending.TryRemove(sequence, out _);
                return null;
            }

            try
            {
                await SendAsync(command, sequence, body, ct);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                Close("a write failed: " + e.Message);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var timer = Task.Delay(timeout, client._clock, wait.Token);
            var done = await Task.WhenAny(answer.Task, timer);
            await wait.CancelAsync();
            ct.ThrowIfCancellationRequested();
            if (done != answer.Task)
            {
                Close($"no answer within {timeout.TotalSeconds:0} s");
            }

            return await answer.Task;
        }

        public async Task SendAsync(uint command, uint sequence, byte[] body, CancellationToken ct)
        {
            var frame = CmppWire.Frame(command, sequence, body);
            await _write.WaitAsync(ct);
            try
            {
                ObjectDisposedException.ThrowIf(!IsOpen, this);
                await stream.WriteAsync(frame, ct);
            }
            finally
            {
                _write.Release();
            }
        }

        public async Task TerminateAsync(TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                await SendAsync(CmppCommand.Terminate, client.NextSequence(), [], ct);
                await _terminated.Task.WaitAsync(timeout, client._clock, ct);
            }
            catch (TimeoutException)
            {
                // Closed without the answer.
            }
            finally
            {
                Close("terminated");
            }
        }

        public void Close(string reason)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            client._logger.LogInformation("The CMPP connection closed: {Reason}", reason);
            _linkTest?.Dispose();
            _closing.Cancel();
            tcp.Dispose();
            _terminated.TrySetResult();
            foreach (var sequence in _pending.Keys)
            {
                if (_pending.TryRemove(sequence, out var waiting))
                {
                    waiting.TrySetResult(null);
                }
            }
        }

        private async Task TestLinkAsync()
        {
            try
            {
                if (Interlocked.Increment(ref _unansweredTests) > 3)
                {
                    Close("three link tests went unanswered");
                    return;
                }

                await SendAsync(CmppCommand.ActiveTest, client.NextSequence(), [], _closing.Token);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
            {
                Close("the link test could not be sent");
            }
        }

        private async Task ReadAsync()
        {
            var reason = "the gateway closed the connection";
            try
            {
                while (await CmppWire.ReadAsync(stream, _closing.Token) is { } frame)
                {
                    if (!await HandleAsync(frame))
                    {
                        reason = "the gateway ended the session (CMPP_TERMINATE)";
                        break;
                    }
                }
            }
            catch (Exception e)
            {
                // Nothing the gateway sends may take the process down: the connection is dropped and built again.
                reason = e is CmppProtocolException ? "protocol error: " + e.Message : e.GetType().Name + ": " + e.Message;
            }
            finally
            {
                Close(reason);
            }
        }

        /// <summary>Handles one frame; false when the session ends.</summary>
        private async Task<bool> HandleAsync(CmppFrame frame)
        {
            switch (frame.Command)
            {
                case CmppCommand.SubmitResp:
                    var answer = CmppWire.SubmitResp(frame.Body);
                    if (_pending.TryRemove(frame.Sequence, out var waiting))
                    {
                        waiting.TrySetResult(answer);
                    }

                    return true;
                case CmppCommand.Deliver:
                    var (msgId, report) = CmppWire.Deliver(frame.Body);
                    if (report is null)
                    {
                        // A message from a handset (上行): not taken by Beacon, answered so the gateway stops offering it.
                        await SendAsync(CmppCommand.DeliverResp, frame.Sequence, CmppWire.DeliverResp(msgId, 0), _closing.Token);
                    }
                    else
                    {
                        await client._reports.Writer.WriteAsync((this, frame.Sequence, msgId, report), _closing.Token);
                    }

                    return true;
                case CmppCommand.ActiveTest:
                    client.ActiveTestsAnswered++;
                    await SendAsync(CmppCommand.ActiveTestResp, frame.Sequence, [0], _closing.Token);
                    return true;
                case CmppCommand.ActiveTestResp:
                    client.ActiveTestAnswersReceived++;
                    Interlocked.Exchange(ref _unansweredTests, 0);
                    return true;
                case CmppCommand.Terminate:
                    await SendAsync(CmppCommand.TerminateResp, frame.Sequence, [], _closing.Token);
                    return false;
                case CmppCommand.TerminateResp:
                    _terminated.TrySetResult();
                    return false;
                default:
                    client._logger.LogWarning("The CMPP gateway sent command 0x{Command:x8}, which Beacon does not take; ignored", frame.Command);
                    return true;
            }
        }
    }

    /// <summary>A token bucket of one second's submits on the injected clock.</summary>
    private sealed class RateGate(int perSecond, TimeProvider clock)
    {
        private readonly Lock _lock = new();
        private double _tokens = perSecond;
        private DateTimeOffset _at = clock.GetUtcNow();
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public async Task WaitAsync(CancellationToken ct)
        {
            while (true)
            {
                TimeSpan wait;
                lock (_lock)
                {
                    var now = clock.GetUtcNow();
                    _tokens = Math.Min(perSecond, _tokens + ((now - _at).TotalSeconds * perSecond));
                    _at = now;
                    if (_tokens >= 1)
                    {
                        _tokens--;
                        return;
                    }

                    wait = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
                }

                // Counted once the timer exists: a clock moved on after the count wakes it.
                var delay = Task.Delay(wait, clock, ct);
                Interlocked.Increment(ref _waiting);
                try
                {
                    await delay;
                }
                finally
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }
        }
    }
}
