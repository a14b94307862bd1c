namespace Multiwan.Kernel;

/// <summary>A named object the plan's nft script declares inside <c>table inet multiwan</c>.</summary>
public sealed record NftObject(NftObjectKind Kind, string Name);

/// <summary>The kinds of named nft objects multiwan declares (a map is deleted as <c>delete map</c>, but shares the set namespace).</summary>
public enum NftObjectKind
{
    Chain,
    Set,
    Map,
}
