using System.Globalization;
using System.Text;

namespace Multiwan.Daemon;

/// <summary>
/// One daemon per machine: an exclusive lock (flock, via <see cref="FileShare.None"/>) on <c>multiwan.lock</c> next to
/// the control socket, its owner's pid in <c>multiwan.lock.pid</c>. The kernel drops it when the process dies, even on kill -9.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly FileStream _stream;

    private InstanceLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    public static string PathFor(string socketPath) =>
        global::System.IO.Path.Combine(global::System.IO.Path.GetDirectoryName(socketPath) ?? "/run/multiwan", "multiwan.lock");

    /// <summary>The lock, or null and one line naming the running daemon.</summary>
    public static InstanceLock? TryAcquire(string path, out string? error)
    {
        error = null;
        try
        {
            var directory = global::System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }

            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(PidPath(path), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n", Encoding.ASCII);
            return new InstanceLock(stream, path);
        }
        catch (IOException)
        {
            error = $"another multiwan daemon is running (pid {OwnerOf(path)}, lock {path}); stop it first ('multiwan stop' or 'systemctl stop multiwan')";
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            error = $"cannot take the lock {path}: {e.Message} (run as root)";
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            // The lock file itself stays: unlinking a file another process may already have opened (and then locks
            // after we close) would let a third one lock a new file at the same path, and two daemons would run.
            File.Delete(PidPath(Path));
        }
        catch (IOException)
        {
            // Leaving a stale pid file is harmless: the lock, not the pid file, decides who runs.
        }

        _stream.Dispose();
    }

    /// <summary>The owner's pid lives beside the lock: the locked file itself cannot be opened by another reader.</summary>
    private static string PidPath(string path) => path + ".pid";

    private static string OwnerOf(string path)
    {
        try
        {
            return File.ReadAllText(PidPath(path)).Trim() is { Length: > 0 } pid ? pid : "unknown";
        }
        catch (IOException)
        {
            return "unknown"; // Only used to enrich the message.
        }
    }
}
