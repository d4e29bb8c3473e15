using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Beacon.Testing;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Beacon.Warnings.Tests.Email;

/// <summary>One message the test server took: the envelope, the parsed message and the queue id it answered with.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, MimeMessage Message, string QueueId);

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port of its own, for the duration of a test fixture: it
/// answers <c>250 2.0.0 Ok: queued as Q…</c>, refuses with 550 every recipient whose local part starts with
/// <c>refused</c>, and asks for SMTP AUTH with <see cref="User"/> / <see cref="Password"/>. It can be stopped and
/// started again on the same port (a server down at first). Beside what it took (<see cref="Received"/>, every
/// message, repeats included) it keeps a ledger by Message-Id, as a mail store with duplicate suppression does
/// (Cyrus, Sieve's <c>duplicate</c>): a message whose Message-Id it already has is counted in <see cref="Duplicates"/>
/// and not put in the ledger again.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    public const string User = "beacon";
    public const string Password = "smtp-test-secret";

    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly ConcurrentDictionary<string, string> _ledger = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _duplicates;
    private int _taken;
    private CancellationTokenSource? _stop;
    private Task? _running;
    private int _queue;

    public TestSmtpServer()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public int Port { get; }

    public IReadOnlyCollection<ReceivedMail> Received => _received;

    /// <summary>Whether <see cref="Received"/> keeps the messages (off for a million: the ledger is what counts).</summary>
    public bool KeepMessages { get; init; } = true;

    /// <summary>Every message the server took, repeats included.</summary>
    public int Taken => Volatile.Read(ref _taken);

    /// <summary>The first queue id the server gave each Message-Id.</summary>
    public IReadOnlyDictionary<string, string> Ledger => _ledger;

    /// <summary>Messages taken whose Message-Id the ledger already had.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Waits (up to <paramref name="timeout"/>, <see cref="TestTimeouts.Expectation"/> by default) until <paramref name="condition"/> holds, woken by every message taken.</summary>
    public async Task WaitUntilAsync(Func<TestSmtpServer, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TestTimeouts.Expectation;
        using var cancel = new CancellationTokenSource(limit);
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
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the SMTP server did not see {what} within {limit.TotalSeconds:0} s");
            }
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

    public bool IsRunning => _running is { IsCompleted: false };

    /// <summary>Whether recipients whose local part starts with <c>refused</c> are refused (550); on by default.</summary>
    public bool RefuseRecipients { get; set; } = true;

    /// <summary>Starts listening and returns once the port is bound.</summary>
    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("smtp.test.local")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).AuthenticationRequired().AllowUnsecureAuthentication())
            .Build();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => started.TrySetResult();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new Refusing(this));
        services.Add(new Authenticator());
        _stop = new CancellationTokenSource();
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        await started.Task.WaitAsync(TestTimeouts.Expectation);
    }

    /// <summary>Stops listening (the port refuses connections until <see cref="StartAsync"/>).</summary>
    public async Task StopAsync()
    {
        if (_stop is null || _running is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TestTimeouts.Expectation);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        (_stop, _running) = (null, null);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(TestSmtpServer server) : IMessageStore
    {
        public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var queueId = "Q" + Interlocked.Increment(ref server._queue).ToString("D6", CultureInfo.InvariantCulture);
            if (server.KeepMessages)
            {
                server._received.Enqueue(new ReceivedMail(Address(transaction.From), [.. transaction.To.Select(Address)], message, queueId));
            }

            if (!server._ledger.TryAdd(message.MessageId ?? queueId, queueId))
            {
                Interlocked.Increment(ref server._duplicates);
            }

            Interlocked.Increment(ref server._taken);
            server.Changed();
            return new SmtpResponse(SmtpReplyCode.Ok, $"2.0.0 Ok: queued as {queueId}");
        }
    }

    private sealed class Refusing(TestSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.RefuseRecipients || !to.User.StartsWith("refused", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Authenticator : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken) =>
            Task.FromResult(user == User && password == Password);
    }

    private static string Address(IMailbox m) => $"{m.User}@{m.Host}";
}
