using System.Net;
using System.Net.Sockets;
using System.Text;
using Multiwan.System;

namespace Multiwan.Lab;

/// <summary>Small traffic and command helpers for lab tests (all traffic stays inside the lab's namespaces).</summary>
internal static class LabProbe
{
    private static readonly ProcessCommandRunner Runner = new(TimeProvider.System, TimeSpan.FromSeconds(20));

    public static Task<CommandResult> RunAsync(params string[] argv) => Runner.RunAsync(argv, null, CancellationToken.None);

    public static Task<CommandResult> RunInAsync(string ns, params string[] argv) => Runner.RunAsync(["ip", "netns", "exec", ns, .. argv], null, CancellationToken.None);

    public static async Task<CommandResult> MustAsync(params string[] argv)
    {
        var result = await RunAsync(argv);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }

    /// <summary>
    /// Opens a TCP connection from <paramref name="ns"/> (optionally bound to a source), sends a line and reads the echo;
    /// false if that fails or takes over <paramref name="timeoutMs"/> (10 s unless told: a wait, an echo in the lab takes
    /// well under a millisecond).
    /// </summary>
    public static async Task<bool> TcpEchoAsync(string ns, IPAddress target, IPAddress? source = null, int timeoutMs = 10000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        using var socket = TcpSocket(ns, target, source);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, LabTopology.TcpPort), cts.Token);
            var hello = Encoding.ASCII.GetBytes("hello\n");
            await socket.SendAsync(hello, cts.Token);
            var buffer = new byte[hello.Length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), cts.Token);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return buffer.AsSpan().SequenceEqual(hello);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// How a TCP connection from <paramref name="ns"/> (bound to <paramref name="source"/>) to the TCP responder on
    /// <paramref name="target"/> ends: <see cref="SocketError.Success"/>, the error the kernel reported to the socket (a
    /// reject route's ICMP error, a RST), or <see cref="SocketError.TimedOut"/> when nothing answered within
    /// <paramref name="timeout"/>. Tells "refused" from "timed out" by what happened, not by how long it took.
    /// </summary>
    public static async Task<SocketError> TcpConnectAsync(string ns, IPAddress target, IPAddress source, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var socket = TcpSocket(ns, target, source);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, LabTopology.TcpPort), cts.Token);
            socket.LingerState = new LingerOption(true, 0);
            return SocketError.Success;
        }
        catch (OperationCanceledException)
        {
            return SocketError.TimedOut;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    /// <summary>A TCP socket made in <paramref name="ns"/> for <paramref name="target"/>'s family, bound to <paramref name="source"/> when given.</summary>
    private static Socket TcpSocket(string ns, IPAddress target, IPAddress? source) => Netns.Run(ns, () =>
    {
        var s = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (source is not null)
        {
            s.Bind(new IPEndPoint(source, 0));
        }

        return s;
    });

    /// <summary>Sends <paramref name="count"/> UDP datagrams from <paramref name="ns"/> to the UDP responder on <paramref name="target"/>.</summary>
    public static async Task SendUdpAsync(string ns, IPAddress target, int count, TimeSpan gap)
    {
        using var socket = Netns.CreateSocket(ns, target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var remote = new IPEndPoint(target, LabTopology.UdpPort);
        var payload = new byte[64];
        for (var i = 0; i < count; i++)
        {
            await socket.SendToAsync(payload, remote);
            if (gap > TimeSpan.Zero)
            {
                await Task.Delay(gap);
            }
        }
    }

    public static async Task<bool> PingAsync(string ns, IPAddress address) =>
        (await RunInAsync(ns, "ping", "-c", "1", "-W", "1", "-q", address.ToString())).Succeeded;

    /// <summary>
    /// Waits (up to <paramref name="timeoutMs"/>, 15 s unless told) until <paramref name="condition"/> holds. A wait for a
    /// state, not a bound on how fast it comes: generous, so a slow scheduler only makes it longer and a state that never
    /// comes still fails; how fast the daemon gets there is measured by the benchmarks.
    /// </summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, int timeoutMs = 15000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }
    }
}
