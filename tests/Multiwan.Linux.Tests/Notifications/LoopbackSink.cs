using System.Net;
using System.Net.Sockets;

namespace Multiwan.Notifications;

/// <summary>
/// The listener on 127.0.0.1 (ephemeral port) behind the test sinks: accepts clients, hands each to the sink's
/// serve function, and keeps what the sink records so a test can wait for it (test only; loopback only).
/// </summary>
internal sealed class LoopbackSink<T> : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<TcpClient, Task> _serve;
    private readonly Task _loop;

    public LoopbackSink(Func<TcpClient, Task> serve)
    {
        _serve = serve;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What the sink recorded; lock it while reading or adding.</summary>
    public List<T> Items { get; } = [];

    /// <summary>The <paramref name="count"/>-th recorded item, waiting up to 10 s for it.</summary>
    public async Task<T> WaitForAsync(int count, string what)
    {
        for (var i = 0; i < 200; i++)
        {
            lock (Items)
            {
                if (Items.Count >= count)
                {
                    return Items[count - 1];
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no {what} #{count} within 10 s");
    }

    public void Add(T item)
    {
        lock (Items)
        {
            Items.Add(item);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => _serve(client));
        }
    }
}
