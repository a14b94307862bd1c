using Multiwan.Configuration;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>ARP to the next hop: answers on its own link only, and still answers when the ISP behind the modem is dead.</summary>
[Collection(Support.MeasuringCollection.Name)]
public sealed class ArpProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    [NamespaceFact]
    public async Task The_gateway_answers_arp_on_its_link_only_and_even_with_a_dead_upstream()
    {
        await using var lab = await ProbeLab.CreateAsync();
        var probe = new ArpProbe(lab.Sockets, TimeProvider.System);
        var gateway = new ProbeTarget { Address = lab.Lab.Isp(1).Gateway, Method = ProbeMethod.Arp };

        var ok = await probe.ProbeAsync(gateway, lab.Binding(1), Timeout, CancellationToken.None);
        Assert.True(ok.Status == ProbeStatus.Ok, ok.ToString());
        Assert.InRange(ok.Rtt, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(200));

        Assert.Equal(ProbeStatus.Timeout, (await probe.ProbeAsync(gateway, lab.Binding(2), Timeout, CancellationToken.None)).Status);

        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: true);
        Assert.Equal(ProbeStatus.Ok, (await probe.ProbeAsync(gateway, lab.Binding(1), Timeout, CancellationToken.None)).Status);

        await lab.Lab.Faults.SetCarrierAsync(1, up: false, LabSide.Isp);
        Assert.Equal(ProbeStatus.Timeout, (await probe.ProbeAsync(gateway, lab.Binding(1), Timeout, CancellationToken.None)).Status);
    }

    [NamespaceTheory]
    [InlineData(4)]
    [InlineData(6)]
    public async Task With_a_dead_upstream_the_link_goes_offline_and_the_reason_says_the_next_hop_answers(int family)
    {
        await using var lab = await ProbeLab.CreateAsync();
        var v6 = family == 6;

        // IPv6: only that family's upstream dies, and the IPv6 set's next-hop signal is neighbour discovery to fe80::1.
        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: true, v6 ? LabFamilies.Ipv6 : LabFamilies.Both);
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var health = new HealthConfig { InitialState = InitialState.Online };
        var gateway = v6 ? lab.Lab.Isp(1).LinkLocalGateway : lab.Lab.Isp(1).Gateway;
        ProbeTarget[] targets = [v6 ? lab.Target6(ProbeMethod.Icmp) : lab.Target(ProbeMethod.Icmp), new() { Address = gateway, Method = ProbeMethod.Arp }];
        var prober = new LinkProber("wan1", v6 ? lab.Binding6(1) : lab.Binding(1), targets, probes, health, TimeProvider.System);
        var tracker = new LinkTracker("wan1", [.. targets.Select(t => t.Name)], health, TimeProvider.System);

        LinkTransition? last = null;
        for (var i = 0; i < health.DownAfter; i++)
        {
            last = tracker.OnRound(await prober.ProbeRoundAsync(CancellationToken.None)) ?? last;
        }

        Assert.Equal(LinkState.Offline, tracker.State);
        Assert.Contains("the next hop answers", last!.Reason, StringComparison.Ordinal);
    }
}
