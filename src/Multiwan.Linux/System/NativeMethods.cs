using System.Runtime.InteropServices;

namespace Multiwan.System;

/// <summary>libc calls the framework does not offer.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
