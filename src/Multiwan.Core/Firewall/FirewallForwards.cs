using Multiwan.Configuration;
using Multiwan.Kernel;

namespace Multiwan.Firewall;

/// <summary>
/// The rules of <c>firewall.forwards</c>: DNAT on every WAN (and, for hairpin, from the LAN to the WAN addresses),
/// the forward chain's accept for a DNAT'd connection, and the masquerade of SNAT and hairpin forwards. The reply of a
/// forwarded connection leaves by the WAN it came in on because <c>table inet multiwan</c> pins every new inbound
/// connection to its WAN's conntrack mark (its prerouting chain, priority mangle, runs before dstnat).
/// </summary>
internal static class FirewallForwards
{
    public static IEnumerable<string> Dnat(IReadOnlyList<ForwardConfig> forwards, FirewallNetworks net)
    {
        foreach (var forward in forwards)
        {
            var match = $"{Protocol(forward)} th dport {NftSyntax.Port(forward.Port)}";
            var target = $"dnat to {Destination(forward)}";
            yield return $"iifname {NftSyntax.SetOf(net.Wans)} {match} {target}";
            if (!forward.Hairpin)
            {
                continue;
            }

            if (net.WanAddresses.Count == 0)
            {
                yield return NftSyntax.Comment($"hairpin to {forward.Port}: no WAN address known yet");
                continue;
            }

            yield return $"iifname {NftSyntax.SetOf(net.Lans)} ip daddr {NftSyntax.SetOf(net.WanAddresses)} {match} {target}";
        }
    }

    /// <summary>The forward chain's accept of each forward's DNAT'd connections (from a WAN, or hairpinned from the LAN).</summary>
    public static IEnumerable<string> Accept(IReadOnlyList<ForwardConfig> forwards) =>
        forwards.Select(f => $"ip daddr {NftSyntax.Address(f.ToHost)} {Protocol(f)} th dport {InnerPort(f)} ct status dnat accept");

    public static IEnumerable<string> Snat(IReadOnlyList<ForwardConfig> forwards, FirewallNetworks net)
    {
        foreach (var forward in forwards.Where(f => f.Snat || f.Hairpin))
        {
            var match = $"ip daddr {NftSyntax.Address(forward.ToHost)} {Protocol(forward)} th dport {InnerPort(forward)} ct status dnat";
            // SNAT: every forwarded connection seems to come from the router; hairpin only: those from the LAN.
            var from = forward.Snat ? "" : $"iifname {NftSyntax.SetOf(net.Lans)} ";
            yield return $"{from}oifname {NftSyntax.SetOf(net.Lans)} {match} masquerade";
        }
    }

    private static string Protocol(ForwardConfig forward) => forward.Proto switch
    {
        ForwardProtocol.Tcp => "meta l4proto tcp",
        ForwardProtocol.Udp => "meta l4proto udp",
        _ => "meta l4proto { tcp, udp }",
    };

    private static string Destination(ForwardConfig forward) =>
        forward.ToPort is { } port ? $"{NftSyntax.Address(forward.ToHost)}:{NftSyntax.Port(port)}" : NftSyntax.Address(forward.ToHost);

    /// <summary>The port the LAN server sees: the one after <c>:</c>, or the WAN port (range) kept.</summary>
    private static string InnerPort(ForwardConfig forward) => NftSyntax.Port(forward.ToPort ?? forward.Port);
}
