namespace Multiwan.Kernel;

/// <summary>
/// The outcome of an apply or cleanup: the changes made (each as the command, printed <c>[#] ...</c>) and, when
/// something failed, one line with argv, exit code and stderr. A failure is a value, never an exception.
/// </summary>
public sealed record ApplyResult(bool Succeeded, string? Error, IReadOnlyList<string> Changes)
{
    public static ApplyResult Ok(IReadOnlyList<string> changes) => new(true, null, changes);

    public static ApplyResult Failed(string error, IReadOnlyList<string> changes) => new(false, error, changes);

    /// <summary>The route and rule changes only (<c>ip route ...</c> / <c>ip rule ...</c>), without the nft transaction.</summary>
    public IEnumerable<string> IpChanges => Changes.Where(c => c.StartsWith("ip ", StringComparison.Ordinal));
}
