using System.Runtime.InteropServices;

namespace Multiwan.System;

/// <summary>libc calls the framework does not offer.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary><c>mallopt(3)</c> parameter <c>M_TRIM_THRESHOLD</c>.</summary>
    internal const int MallocTrimThreshold = -1;

    /// <summary><c>mallopt(3)</c>: 1 on success, 0 on error.</summary>
    [LibraryImport("libc", EntryPoint = "mallopt")]
    internal static partial int Mallopt(int parameter, int value);
}
