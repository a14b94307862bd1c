using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Multiwan.Kernel;

/// <summary>
/// One request to the kernel at a time, in the right network namespace. Requests run on the caller's thread (no
/// thread hop: an apply costs its syscalls, not scheduler wake-ups), under one lock — libnftables is not
/// thread-safe per context. With a namespace (tests, benchmarks), the thread enters it for the request and returns
/// to the process's own namespace afterwards, so sockets the libraries open or reopen are always in that namespace.
/// </summary>
internal sealed partial class KernelGate : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly Lock _lock = new();
    private readonly SafeFileHandle? _target;
    private readonly SafeFileHandle? _home;

    /// <param name="networkNamespace">A name under <c>/var/run/netns</c>, or null for the process's own namespace.</param>
    public KernelGate(string? networkNamespace)
    {
        if (networkNamespace is null)
        {
            return;
        }

        try
        {
            _target = File.OpenHandle($"/var/run/netns/{networkNamespace}", FileMode.Open, FileAccess.Read);
            _home = File.OpenHandle("/proc/self/ns/net", FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new InvalidOperationException($"cannot open network namespace {networkNamespace}: {e.Message}", e);
        }
    }

    public T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_lock)
        {
            if (_target is null)
            {
                return work();
            }

            if (SetNamespace(_target, CloneNewNet) != 0)
            {
                throw new InvalidOperationException($"setns: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            try
            {
                return work();
            }
            finally
            {
                if (SetNamespace(_home!, CloneNewNet) != 0)
                {
                    // A pool thread left in another namespace would send later work to the wrong kernel: stop here.
                    Environment.FailFast("multiwan: cannot return a thread to its own network namespace");
                }
            }
        }
    }

    /// <summary><see cref="Run{T}"/> as a completed task, or a cancelled one when <paramref name="cancellationToken"/> is already set.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<T>(cancellationToken) : Task.FromResult(Run(work));

    public void Dispose()
    {
        _target?.Dispose();
        _home?.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(SafeFileHandle fd, int type);
}
