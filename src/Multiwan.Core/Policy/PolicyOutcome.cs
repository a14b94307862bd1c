using Multiwan.Configuration;

namespace Multiwan.Policy;

/// <summary>
/// What one policy does with new connections right now. <see cref="Links"/> are the links it sends them to
/// with effective weights (reduced to lowest terms); empty only when a last resort of
/// <c>unreachable</c> or <c>blackhole</c> is in force.
/// </summary>
public sealed record PolicyOutcome(string Name, BalanceMode Mode, IReadOnlyList<WeightedLink> Links)
{
    /// <summary>The last resort in force because no link of the policy carries traffic; null when some link does.</summary>
    public LastResort? LastResortInForce { get; init; }

    public int TotalWeight => Links.Sum(l => l.Weight);

    /// <summary>The share (0–1) of new connections that <paramref name="link"/> gets from this policy.</summary>
    public double ShareOf(string link)
    {
        var total = TotalWeight;
        return total == 0 ? 0 : (double)Links.Where(l => l.Name == link).Sum(l => l.Weight) / total;
    }
}
