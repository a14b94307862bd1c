using System.Text;
using Multiwan.Configuration;
using Multiwan.Policy;

namespace Multiwan.Kernel;

/// <summary>
/// Renders the one <c>nft -f -</c> transaction that owns <c>table inet multiwan</c> and touches nothing else.
/// <c>add table</c> is idempotent and <c>flush table</c> empties every chain but keeps set elements, so sticky
/// entries survive re-applies. Layout (docs/PLAN.md): prerouting pins inbound connections and sends LAN traffic to
/// <c>decide</c>; output does the same for the router's own traffic (its marked probes bypass); <c>decide</c>
/// restores a kept connection's mark, else applies rules and policies; <c>mark_*</c> set the packet and conntrack
/// mark within the mask; postrouting masquerades or SNATs per WAN.
/// </summary>
internal static class NftRenderer
{
    public const string Table = "inet multiwan";

    public static string Render(NftModel model)
    {
        var chains = Chains(model);
        var script = new StringBuilder();
        script.Append("# multiwan: the whole of table ").Append(Table).Append(", replaced in one transaction\n");
        script.Append("add table ").Append(Table).Append('\n');
        script.Append("flush table ").Append(Table).Append('\n');
        script.Append("table ").Append(Table).Append(" {\n");
        foreach (var set in StickySets(model))
        {
            script.Append(set.Text);
        }

        foreach (var chain in chains)
        {
            chain.WriteTo(script);
        }

        script.Append("}\n");
        return script.ToString();
    }

    /// <summary>The chains and sets <see cref="Render"/> declares, in script order (sets first).</summary>
    public static IReadOnlyList<NftObject> Objects(NftModel model) =>
    [
        .. StickySets(model).Select(s => new NftObject(NftObjectKind.Set, s.Name)),
        .. Chains(model).Select(c => new NftObject(NftObjectKind.Chain, c.Name)),
    ];

    private static IEnumerable<(string Name, string Text)> StickySets(NftModel model) => model.DualStack
        ? NftDecisionRenderer.StickySets(model).Concat(NftDecisionRenderer.StickySets(model.View(NftFamily.V6)))
        : NftDecisionRenderer.StickySets(model);

    private static List<NftChain> Chains(NftModel model)
    {
        var chains = new List<NftChain> { Prerouting(model), Output(model), Postrouting(model) };
        if (model.DualStack)
        {
            chains.AddRange(new[] { Nft6Renderer.Dstnat(model), Nft6Renderer.Guard(model) }.OfType<NftChain>());
        }

        chains.AddRange(NftDecisionRenderer.Chains(model));
        if (model.DualStack)
        {
            chains.AddRange(NftDecisionRenderer.Chains(model, model.View(NftFamily.V6)));
        }

        chains.AddRange(model.Links.Select(l => MarkChain(l, model.Mask)));
        chains.AddRange(model.Links.Select(l => RestoreChain(l, model.Mask)));
        return chains;
    }

    private static NftChain Prerouting(NftModel model)
    {
        var rules = new List<string>();
        rules.AddRange(model.Links.Select(link => InboundPin(model, link)));

        var lan = model.Config.Lan.Select(LinkResolver.DeviceOf).Distinct().Select(NftSyntax.Quote).ToList();
        if (lan.Count > 0)
        {
            rules.Add($"iifname {NftSyntax.SetOf(lan)} jump decide");
        }
        else
        {
            // No LAN configured: everything that does not come from a WAN (or loopback) is balanced.
            var wan = model.Links.Select(l => l.Device).Append("lo").Distinct().Select(NftSyntax.Quote).ToList();
            rules.Add($"iifname != {{ {string.Join(", ", wan)} }} jump decide");
        }

        return new NftChain("prerouting", rules, "type filter hook prerouting priority mangle");
    }

    /// <summary>
    /// Inbound new connections are pinned to the WAN they came in on: replies leave the same way. Links sharing a
    /// device (eth0, eth0:1) are told apart by their own address; one whose address is not known yet is not pinned.
    /// </summary>
    private static string InboundPin(NftModel model, ResolvedLink link)
    {
        var pin = $"ct state new {NftSyntax.SetMasked("ct mark", link.Mark, model.Mask)}";
        if (model.Links.Count(l => l.Device == link.Device) == 1)
        {
            return $"iifname {NftSyntax.Quote(link.Device)} {pin}";
        }

        return link.AddressKnown
            ? $"iifname {NftSyntax.Quote(link.Device)} ip daddr {NftSyntax.Address(link.Address)} {pin}"
            : NftSyntax.Comment($"{link.Name}: shares {link.Device}; inbound pinning waits for its address");
    }

    private static NftChain Output(NftModel model) => new(
        "output",
        [
            "# already marked (the daemon's own probes, `multiwan use`): leave it alone",
            $"meta mark & {NftSyntax.Hex(model.Mask)} != {NftSyntax.Hex(0)} return",
            "oifname \"lo\" return",
            "fib daddr type local return",
            "jump decide",
        ],
        // type route: the kernel looks the route up again when the mark changes.
        "type route hook output priority mangle");

    private static NftChain Postrouting(NftModel model)
    {
        var rules = new List<string>();
        foreach (var link in model.Links)
        {
            var match = $"meta nfproto ipv4 oifname {NftSyntax.Quote(link.Device)}";
            switch (link.Config.Nat)
            {
                case var _ when !link.Config.Ipv4:
                    rules.Add(NftSyntax.Comment($"{link.Name}: IPv6 only, no IPv4 nat"));
                    break;
                case NatMode.Masquerade:
                    rules.Add($"{match} masquerade");
                    break;
                case NatMode.Snat when link.AddressKnown:
                    rules.Add($"{match} snat ip to {NftSyntax.Address(link.Address)}");
                    break;
                case NatMode.Snat:
                    rules.Add(NftSyntax.Comment($"snat to {link.Address} once the address is known; masquerade until then"));
                    rules.Add($"{match} masquerade");
                    break;
                default:
                    rules.Add(NftSyntax.Comment($"{link.Name}: nat none"));
                    break;
            }
        }

        rules.AddRange(Nft6Renderer.Postrouting(model));
        return new NftChain("postrouting", rules, "type nat hook postrouting priority srcnat");
    }

    private static NftChain MarkChain(ResolvedLink link, uint mask) => new(
        MarkChainName(link),
        [NftSyntax.SetMasked("meta mark", link.Mark, mask), NftSyntax.SetMasked("ct mark", link.Mark, mask), "accept"]);

    private static NftChain RestoreChain(ResolvedLink link, uint mask) => new(
        "restore_" + link.Id,
        [NftSyntax.SetMasked("meta mark", link.Mark, mask), "accept"]);

    public static string MarkChainName(ResolvedLink link) => "mark_" + link.Id;

    /// <summary>The rule that sends a new connection on per the outcome: a weighted choice, one link, reject or drop.</summary>
    public static IEnumerable<string> Dispatch(PolicyOutcome outcome, Func<string, string> chainOf)
    {
        if (outcome.LastResortInForce is { } lastResort)
        {
            yield return $"# last resort {lastResort.ToString().ToLowerInvariant()}: no link of this policy carries traffic";
        }

        if (outcome.Links.Count == 0)
        {
            yield return outcome.LastResortInForce == LastResort.Blackhole ? "drop" : "reject with icmpx type no-route";
            yield break;
        }

        if (outcome.Links.Count == 1)
        {
            yield return "goto " + chainOf(outcome.Links[0].Name);
            yield break;
        }

        var entries = new List<string>();
        var next = 0;
        foreach (var link in outcome.Links)
        {
            var last = next + link.Weight - 1;
            entries.Add($"{(last == next ? $"{next}" : $"{next}-{last}")} : goto {chainOf(link.Name)}");
            next = last + 1;
        }

        yield return $"numgen random mod {next} vmap {{ {string.Join(", ", entries)} }}";
    }
}
