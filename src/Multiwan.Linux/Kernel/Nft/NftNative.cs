using System.Runtime.InteropServices;

namespace Multiwan.Kernel.Nft;

/// <summary>
/// libnftables (Debian <c>libnftables1</c>), the library <c>nft</c> itself is built on, bound with source-generated
/// <c>[LibraryImport]</c> stubs (no runtime marshalling code, Native AOT clean). See libnftables(3).
/// </summary>
internal static partial class NftNative
{
    public const uint OutputJson = 1 << 4;
    private const string Library = "libnftables.so.1";

    [LibraryImport(Library, EntryPoint = "nft_ctx_new")]
    public static partial nint ContextNew(uint flags);

    [LibraryImport(Library, EntryPoint = "nft_ctx_free")]
    public static partial void ContextFree(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_set_dry_run")]
    public static partial void SetDryRun(nint context, [MarshalAs(UnmanagedType.U1)] bool dry);

    [LibraryImport(Library, EntryPoint = "nft_ctx_output_get_flags")]
    public static partial uint GetOutputFlags(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_output_set_flags")]
    public static partial void SetOutputFlags(nint context, uint flags);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_output")]
    public static partial int BufferOutput(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_error")]
    public static partial int BufferError(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_output_buffer")]
    public static partial nint GetOutputBuffer(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_error_buffer")]
    public static partial nint GetErrorBuffer(nint context);

    [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RunFromBuffer(nint context, string buffer);

    [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_filename", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RunFromFilename(nint context, string filename);

    /// <summary>libc <c>memfd_create</c>: an anonymous in-memory file (the script, read by the library as <c>nft -f</c> reads stdin).</summary>
    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MemfdCreate(string name, uint flags);
}
