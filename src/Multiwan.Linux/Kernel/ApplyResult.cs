namespace Multiwan.Kernel;

/// <summary>
/// The outcome of an apply or cleanup: the changes made (each printed <c>[#] ...</c>) and, when something failed,
/// one line saying what and why. A failure is a value, never an exception.
/// </summary>
public sealed record ApplyResult(bool Succeeded, string? Error, IReadOnlyList<KernelChange> Changes)
{
    public static ApplyResult Ok(IReadOnlyList<KernelChange> changes) => new(true, null, changes);

    public static ApplyResult Failed(string error, IReadOnlyList<KernelChange> changes) => new(false, error, changes);

    /// <summary>The route and rule changes only (their <c>ip route ...</c> / <c>ip rule ...</c> text), without nft and conntrack.</summary>
    public IEnumerable<string> IpChanges => Changes.Where(c => c.Kind is KernelChangeKind.Route or KernelChangeKind.Rule).Select(c => c.Text);
}
