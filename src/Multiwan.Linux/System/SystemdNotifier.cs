using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Multiwan.System;

/// <summary>
/// sd_notify(3) by hand: one datagram per message to <c>$NOTIFY_SOCKET</c> (a path, or an abstract socket written
/// <c>@name</c>). Does nothing when not run by systemd. <see cref="WatchdogInterval"/> is half of <c>$WATCHDOG_USEC</c>.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;

    public SystemdNotifier(string? notifySocket, string? watchdogUsec, string? watchdogPid = null)
    {
        if (!string.IsNullOrEmpty(notifySocket) && (notifySocket[0] == '/' || notifySocket[0] == '@'))
        {
            _endpoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
            _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        }

        var forUs = string.IsNullOrEmpty(watchdogPid) || watchdogPid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (forUs && long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0)
        {
            WatchdogInterval = TimeSpan.FromMicroseconds(usec / 2);
        }
    }

    /// <summary>From the process environment, as systemd sets it.</summary>
    public static SystemdNotifier FromEnvironment() => new(
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET"),
        Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
        Environment.GetEnvironmentVariable("WATCHDOG_PID"));

    public bool Enabled => _socket is not null;

    /// <summary>How often to send <c>WATCHDOG=1</c>; null when systemd does not watch us.</summary>
    public TimeSpan? WatchdogInterval { get; }

    public bool Ready(string status) => Send($"READY=1\nSTATUS={status}");

    public bool Status(string status) => Send($"STATUS={status}");

    public bool Watchdog() => Send("WATCHDOG=1");

    public bool Reloading() => Send("RELOADING=1");

    public bool Stopping() => Send("STOPPING=1");

    /// <summary>Sends one notification; false when not under systemd or the socket is gone (a dead manager never stops the daemon).</summary>
    public bool Send(string message)
    {
        if (_socket is null || _endpoint is null)
        {
            return false;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), SocketFlags.None, _endpoint);
            return true;
        }
        catch (SocketException)
        {
            return false; // systemd not listening: nothing to tell, nothing to fix.
        }
    }

    public void Dispose() => _socket?.Dispose();
}
