using System.Net;
using System.Net.Sockets;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Lab;
using Multiwan.System;

namespace Multiwan.Firewall;

/// <summary>What a TCP connect attempt from a lab namespace ended in.</summary>
public enum ConnectOutcome
{
    Connected,
    Refused,
    TimedOut,
}

/// <summary>Helpers for the firewall lab tests: the lab config with a firewall, commands and connects in any lab namespace.</summary>
internal static class FirewallLab
{
    public const int SshPort = 2222;
    public const int ForwardPort = 8080;
    public const int ServerPort = 8000;

    /// <summary>wan1 and wan2 in failover (new LAN traffic takes wan1), the restrictive profile, one forward to the LAN client.</summary>
    public static MultiwanConfig Config(bool restrictive = true) => KernelLab.Balanced() with
    {
        Mode = BalanceMode.Failover,
        Firewall = new FirewallConfig
        {
            Profile = restrictive ? FirewallProfile.Restrictive : FirewallProfile.Off,
            SshPorts = [SshPort],
            Forwards = [new ForwardConfig { Port = $"{ForwardPort}", To = $"192.168.50.2:{ServerPort}" }],
        },
    };

    public static async Task<CommandResult> MustAsync(string ns, params string[] argv)
    {
        var runner = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20), ns);
        var result = await runner.RunAsync(argv, null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }

    /// <summary>A listening TCP socket in <paramref name="ns"/> on every address.</summary>
    public static Socket Listen(string ns, int port)
    {
        var socket = Netns.CreateSocket(ns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        socket.Listen(16);
        return socket;
    }

    /// <summary>Connects from <paramref name="ns"/> (from <paramref name="source"/> when given) with a 1.5 s bound.</summary>
    public static async Task<ConnectOutcome> ConnectAsync(string ns, IPEndPoint remote, IPAddress? source = null)
    {
        using var socket = Netns.CreateSocket(ns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (source is not null)
        {
            socket.Bind(new IPEndPoint(source, 0));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        try
        {
            await socket.ConnectAsync(remote, timeout.Token);
            return ConnectOutcome.Connected;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return ConnectOutcome.Refused;
        }
        catch (OperationCanceledException)
        {
            return ConnectOutcome.TimedOut;
        }
    }

    /// <summary>Conntrack entries in the router from <paramref name="source"/>.</summary>
    public static async Task<int> ConntrackFromAsync(KernelLab kernel, IPAddress source)
    {
        var result = await kernel.Runner.RunAsync(["conntrack", "-L", "-s", source.ToString()], null, CancellationToken.None);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
