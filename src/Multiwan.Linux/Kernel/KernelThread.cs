using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Multiwan.Kernel;

/// <summary>
/// The one thread that talks to the kernel: it enters the given network namespace (or stays in the process's),
/// opens the sockets and the libnftables context there, and runs every request in turn. One thread means the
/// requests are serialised (libnftables is not thread-safe) and never run in another thread's namespace.
/// </summary>
internal sealed partial class KernelThread : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    /// <param name="networkNamespace">A name under <c>/var/run/netns</c>, or null for the process's own namespace.</param>
    public KernelThread(string? networkNamespace)
    {
        Exception? failure = null;
        using var ready = new ManualResetEventSlim();
        _thread = new Thread(() =>
        {
            try
            {
                if (networkNamespace is not null)
                {
                    Enter(networkNamespace);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                failure = e; // Rethrown by the constructor.
            }

            ready.Set();
            if (failure is null)
            {
                foreach (var work in _work.GetConsumingEnumerable())
                {
                    work();
                }
            }
        })
        {
            IsBackground = true,
            Name = networkNamespace is null ? "multiwan kernel" : $"multiwan kernel {networkNamespace}",
        };
        _thread.Start();
        ready.Wait();
        if (failure is not null)
        {
            throw new InvalidOperationException($"cannot enter network namespace {networkNamespace}: {failure.Message}", failure);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the kernel thread; its exception, if any, is the task's.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                // Handed to the awaiting caller, who logs or reports it.
                done.SetException(e);
            }
        }, cancellationToken);
        return done.Task;
    }

    /// <summary>Runs <paramref name="work"/> on the kernel thread and waits for it (set-up and tear-down).</summary>
    public T Run<T>(Func<T> work) => RunAsync(work, CancellationToken.None).GetAwaiter().GetResult();

    public void Dispose()
    {
        _work.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _work.Dispose();
    }

    private static void Enter(string name)
    {
        using var handle = File.OpenHandle($"/var/run/netns/{name}", FileMode.Open, FileAccess.Read);
        if (SetNamespace(handle, CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(SafeFileHandle fd, int type);
}
