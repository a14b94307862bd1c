namespace Multiwan.Kernel;

/// <summary>
/// One change made to the kernel: its kind and <see cref="Text"/>, the equivalent command an operator could type
/// (<c>nft -f - (N lines)</c>, <c>ip route replace ...</c>, <c>conntrack -D --mark V/M (N deleted, link down)</c>),
/// logged and printed as <c>[#] Text</c>.
/// </summary>
public sealed record KernelChange(KernelChangeKind Kind, string Text)
{
    public override string ToString() => Text;
}

/// <summary>What a <see cref="KernelChange"/> touched.</summary>
public enum KernelChangeKind
{
    Nft,
    Route,
    Rule,
    Conntrack,
}
