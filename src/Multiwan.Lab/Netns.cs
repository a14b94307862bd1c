using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Multiwan.Lab;

/// <summary>
/// Runs code inside a named network namespace (<c>/var/run/netns/NAME</c>): a dedicated thread calls
/// <c>setns(CLONE_NEWNET)</c>, runs the delegate and ends. Sockets created there live in that namespace for
/// their whole life, so they can be used afterwards from any thread (async I/O included).
/// </summary>
public static partial class Netns
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Runs <paramref name="action"/> on a fresh thread that has entered namespace <paramref name="name"/>.</summary>
    public static T Run<T>(string name, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = action();
            }
            catch (Exception e)
            {
                // Rethrown on the calling thread below, with its original stack.
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result;
    }

    public static void Run(string name, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Run(name, () =>
        {
            action();
            return 0;
        });
    }

    /// <summary>A socket created inside namespace <paramref name="name"/>.</summary>
    public static Socket CreateSocket(string name, AddressFamily family, SocketType type, ProtocolType protocol) =>
        Run(name, () => new Socket(family, type, protocol));

    /// <summary>A TCP socket in <paramref name="name"/>, connected to <paramref name="remote"/>.</summary>
    public static async Task<Socket> ConnectTcpAsync(string name, global::System.Net.IPEndPoint remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var socket = CreateSocket(name, remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static string PathOf(string name) => $"/var/run/netns/{name}";

    private static void Enter(string name)
    {
        using var handle = File.OpenHandle(PathOf(name), FileMode.Open, FileAccess.Read);
        if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new IOException($"setns({PathOf(name)}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
