using Multiwan.System;

namespace Multiwan.Lab;

/// <summary>Runs the lab's ip/nft/sysctl commands; a failure is a <see cref="LabException"/> (setup cannot go on).</summary>
internal static class LabShell
{
    private static readonly ProcessCommandRunner Runner = new(TimeProvider.System, TimeSpan.FromSeconds(20));

    public static Task RunAsync(IReadOnlyList<string> argv, string? stdin = null, CancellationToken cancellationToken = default) =>
        OutputAsync(argv, stdin, cancellationToken);

    /// <summary>Runs <paramref name="argv"/> and returns its standard output.</summary>
    public static async Task<string> OutputAsync(IReadOnlyList<string> argv, string? stdin = null, CancellationToken cancellationToken = default)
    {
        var result = await Runner.RunAsync(argv, stdin, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new LabException($"lab: {result.Describe()}{(stdin is null ? "" : " (stdin: " + stdin.Replace('\n', ';') + ")")}");
        }

        return result.Stdout;
    }

    /// <summary><c>ip -n NS -batch -</c> with one command per line.</summary>
    public static Task IpBatchAsync(string nameSpace, IEnumerable<string> lines, CancellationToken cancellationToken = default) =>
        RunAsync(["ip", "-n", nameSpace, "-batch", "-"], string.Join('\n', lines) + "\n", cancellationToken);

    public static Task IpAsync(string nameSpace, params string[] args) => RunAsync(["ip", "-n", nameSpace, .. args]);

    public static Task NftAsync(string nameSpace, string script, CancellationToken cancellationToken = default) =>
        RunAsync(["ip", "netns", "exec", nameSpace, "nft", "-f", "-"], script, cancellationToken);

    public static Task ExecAsync(string nameSpace, IReadOnlyList<string> argv, CancellationToken cancellationToken = default) =>
        RunAsync(["ip", "netns", "exec", nameSpace, .. argv], null, cancellationToken);

    /// <summary>Synchronous best-effort <c>ip netns del</c> for teardown (also from Ctrl-C and process exit).</summary>
    public static bool DeleteNamespace(string nameSpace)
    {
        var result = Runner.RunAsync(["ip", "netns", "del", nameSpace], null, CancellationToken.None).GetAwaiter().GetResult();
        return result.Succeeded || !File.Exists(Netns.PathOf(nameSpace));
    }
}
