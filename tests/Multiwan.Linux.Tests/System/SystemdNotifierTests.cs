using System.Net.Sockets;
using System.Text;
using Multiwan.Support;

namespace Multiwan.System;

public sealed class SystemdNotifierTests
{
    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        socket.ReceiveTimeout = 5000;
        var n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Fact]
    public void Sends_ready_status_and_watchdog_to_a_path_socket()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("notify");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        using var notifier = new SystemdNotifier(path, "4000000");

        Assert.True(notifier.Ready("2 links online"));
        Assert.True(notifier.Watchdog());

        Assert.Equal("READY=1\nSTATUS=2 links online", Receive(server));
        Assert.Equal("WATCHDOG=1", Receive(server));
        Assert.Equal(TimeSpan.FromSeconds(2), notifier.WatchdogInterval);
    }

    [Fact]
    public void Sends_to_an_abstract_socket_written_with_at()
    {
        var name = $"multiwan-test-{Guid.NewGuid():N}";
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notifier = new SystemdNotifier("@" + name, null);

        Assert.True(notifier.Status("reloading"));

        Assert.Equal("STATUS=reloading", Receive(server));
        Assert.Null(notifier.WatchdogInterval);
    }

    [Fact]
    public void Without_systemd_nothing_is_sent_and_a_watchdog_for_another_pid_is_ignored()
    {
        using var notifier = new SystemdNotifier(null, "4000000", "1");

        Assert.False(notifier.Enabled);
        Assert.False(notifier.Ready("x"));
        Assert.Null(notifier.WatchdogInterval);
    }

    [Fact]
    public void A_socket_nobody_listens_on_is_not_an_error()
    {
        using var notifier = new SystemdNotifier("/nonexistent/notify", null);

        Assert.False(notifier.Watchdog());
    }
}
