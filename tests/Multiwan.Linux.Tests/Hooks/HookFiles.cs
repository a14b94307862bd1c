namespace Multiwan.Hooks;

/// <summary>Writes hook scripts for the hook tests: <c>#!/bin/sh</c> plus a body, in a directory both mode 0755 (StrictModes accepts them).</summary>
internal static class HookFiles
{
    public const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static string Script(string dir, string name, string body, UnixFileMode mode = Mode755)
    {
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, Mode755);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
