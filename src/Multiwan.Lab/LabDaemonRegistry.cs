using System.Collections.Concurrent;

namespace Multiwan.Lab;

/// <summary>Daemons started by <see cref="LabDaemon"/> in this process: killed on Ctrl-C and at process exit, before the lab's namespaces go.</summary>
internal static class LabDaemonRegistry
{
    private static readonly ConcurrentDictionary<LabDaemon, byte> Live = new();
    private static int _hooked;

    public static void Add(LabDaemon daemon)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            Console.CancelKeyPress += (_, _) => KillAll();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        }

        Live[daemon] = 0;
    }

    public static void Remove(LabDaemon daemon) => Live.TryRemove(daemon, out _);

    private static void KillAll()
    {
        foreach (var daemon in Live.Keys)
        {
            daemon.Kill();
        }
    }
}
