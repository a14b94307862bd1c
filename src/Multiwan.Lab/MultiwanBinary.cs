namespace Multiwan.Lab;

/// <summary>
/// The <c>multiwan</c> that tests and benchmarks start as a child process: <c>$MULTIWAN_BIN</c> when set (the Native AOT
/// publish, or the installed <c>/usr/sbin/multiwan</c>: <c>scripts/test.sh</c> sets it, so the real-kernel tests run the
/// binary that ships), else this build's <c>multiwan.dll</c> in the given directory run with <c>dotnet</c>.
/// </summary>
public static class MultiwanBinary
{
    /// <summary>The environment variable naming a native multiwan executable.</summary>
    public const string Variable = "MULTIWAN_BIN";

    /// <summary>argv prefix that runs multiwan; <paramref name="directory"/> holds multiwan.dll (tests carry it next to themselves).</summary>
    public static IReadOnlyList<string> Command(string directory) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } native
            ? [native]
            : ["dotnet", Path.Combine(directory, "multiwan.dll")];
}
