namespace Multiwan.System;

/// <summary>
/// sshd-style StrictModes for files that make root run code or hold secrets: hook directories and files and the
/// config must be writable by root alone (owner root, no group or other write bit); a secrets file must be
/// readable by root alone. Each check returns null when fine, or one clear sentence saying what is wrong.
/// </summary>
public static class StrictModes
{
    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode GroupOrOtherAny = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <param name="what">What the file is, for the message: "hook", "hook directory", "config file".</param>
    public static string? CheckOnlyRootWrites(string path, string what)
    {
        if (FileStatus.Read(path, out var errno) is not { } status)
        {
            return $"{what} {path}: cannot check its owner and mode (errno {errno})";
        }

        if (status.Uid != 0)
        {
            return $"{what} {path} is refused: owned by uid {status.Uid}, not root (it runs as root, so only root may be able to change it)";
        }

        if ((status.Mode & GroupOrOtherWrite) != 0)
        {
            return $"{what} {path} is refused: writable by {Who(status.Mode)} (mode {status.OctalMode}); run chmod go-w {path}";
        }

        return null;
    }

    /// <summary>For a secrets file: owner root and no access at all for group or others.</summary>
    public static string? CheckRootOnly(string path, string what)
    {
        if (FileStatus.Read(path, out var errno) is not { } status)
        {
            return $"{what} {path}: cannot check its owner and mode (errno {errno})";
        }

        if (status.Uid != 0)
        {
            return $"{what} {path} is refused: owned by uid {status.Uid}, not root";
        }

        if ((status.Mode & GroupOrOtherAny) != 0)
        {
            return $"{what} {path} is refused: accessible by group or others (mode {status.OctalMode}); run chmod 0600 {path}";
        }

        return null;
    }

    private static string Who(UnixFileMode mode) =>
        (mode & UnixFileMode.GroupWrite) != 0 && (mode & UnixFileMode.OtherWrite) != 0 ? "group and others"
        : (mode & UnixFileMode.GroupWrite) != 0 ? "its group" : "everyone";
}
