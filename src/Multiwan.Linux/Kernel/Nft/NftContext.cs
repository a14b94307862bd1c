using System.Runtime.InteropServices;

namespace Multiwan.Kernel.Nft;

/// <summary>
/// One libnftables context (its netlink socket opens in the namespace of the thread that creates it) with output
/// and errors buffered. Not thread-safe, as the library: the kernel I/O thread creates, uses and frees it.
/// </summary>
internal sealed class NftContext : IDisposable
{
    private nint _context;

    public NftContext()
    {
        _context = NftNative.ContextNew(0);
        if (_context == 0)
        {
            throw new InvalidOperationException("libnftables: nft_ctx_new failed");
        }

        if (NftNative.BufferOutput(_context) != 0 || NftNative.BufferError(_context) != 0)
        {
            Dispose();
            throw new InvalidOperationException("libnftables: cannot buffer output");
        }
    }

    public NftOutcome Run(string script, NftMode mode)
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        var flags = NftNative.GetOutputFlags(_context);
        NftNative.SetDryRun(_context, mode == NftMode.Check);
        NftNative.SetOutputFlags(_context, mode == NftMode.Json ? flags | NftNative.OutputJson : flags & ~NftNative.OutputJson);
        try
        {
            var code = mode == NftMode.Json ? NftNative.RunFromBuffer(_context, script) : RunAsFile(script);
            // Each get returns what was buffered since the last one and starts the buffer afresh.
            var output = Marshal.PtrToStringUTF8(NftNative.GetOutputBuffer(_context)) ?? "";
            var error = Marshal.PtrToStringUTF8(NftNative.GetErrorBuffer(_context)) ?? "";
            return new NftOutcome(code, output, error);
        }
        finally
        {
            NftNative.SetDryRun(_context, false);
            NftNative.SetOutputFlags(_context, flags & ~NftNative.OutputJson);
        }
    }

    /// <summary>
    /// A transaction runs from an in-memory file, as <c>nft -f -</c> runs stdin: libnftables 1.0.6 quotes the wrong
    /// line for an error in a multi-line buffer, but the right one (with <c>file:line:column</c>) for a file.
    /// </summary>
    private int RunAsFile(string script)
    {
        var fd = NftNative.MemfdCreate("multiwan-nft", 1); // MFD_CLOEXEC
        if (fd < 0)
        {
            return NftNative.RunFromBuffer(_context, script);
        }

        using var file = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        RandomAccess.Write(file, global::System.Text.Encoding.UTF8.GetBytes(script), 0);
        return NftNative.RunFromFilename(_context, $"/proc/self/fd/{fd}");
    }

    public void Dispose()
    {
        if (_context != 0)
        {
            NftNative.ContextFree(_context);
            _context = 0;
        }
    }
}
