using System.Runtime.InteropServices;

namespace Multiwan.System;

/// <summary>Owner and mode of a file, read with <c>statx(2)</c> (its layout is the same on every architecture). Follows symlinks.</summary>
public readonly record struct FileStatus(uint Uid, uint Gid, UnixFileMode Mode, bool IsDirectory)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const int FileTypeMask = 0xF000;
    private const int DirectoryType = 0x4000;

    /// <summary>The file's status, or null (with the errno) when it cannot be read.</summary>
    public static unsafe FileStatus? Read(string path, out int errno)
    {
        var buffer = stackalloc byte[256];
        if (NativeMethods.Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        var uid = *(uint*)(buffer + 20);
        var gid = *(uint*)(buffer + 24);
        var mode = *(ushort*)(buffer + 28);
        return new FileStatus(uid, gid, (UnixFileMode)(mode & 0xFFF), (mode & FileTypeMask) == DirectoryType);
    }

    /// <summary>The mode as four octal digits, e.g. <c>0755</c>.</summary>
    public string OctalMode => "0" + Convert.ToString((int)Mode, 8).PadLeft(3, '0');
}
