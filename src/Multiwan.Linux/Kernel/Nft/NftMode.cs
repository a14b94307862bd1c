namespace Multiwan.Kernel.Nft;

/// <summary>How a script is run: for real (<c>nft -f -</c>), checked only (<c>nft -c -f -</c>), or listed as JSON (<c>nft -j</c>).</summary>
public enum NftMode
{
    Apply,
    Check,
    Json,
}
