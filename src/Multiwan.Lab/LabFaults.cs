using System.Text;

namespace Multiwan.Lab;

/// <summary>
/// The faults a lab can inject, each reversible: carrier, upstream dead (modem still answers; both families or one),
/// random loss, a target down, a DHCP-like renumbering of a WAN, a new delegated IPv6 prefix, and delay with jitter on
/// a lab built with delay lines. Carrier, loss and delay act on both families; upstream dead on the families asked for.
/// </summary>
public sealed class LabFaults
{
    private readonly LabTopology _lab;

    internal LabFaults(LabTopology lab) => _lab = lab;

    /// <summary>Carrier on router WAN <paramref name="isp"/>: on the ISP's end (router sees NO-CARRIER) or the router's own device.</summary>
    public async Task SetCarrierAsync(int isp, bool up, LabSide side = LabSide.Isp, CancellationToken cancellationToken = default)
    {
        var i = _lab.Isp(isp);
        var (ns, dev) = side == LabSide.Isp ? (i.Namespace, i.IspDevice) : (_lab.RouterNamespace, i.RouterDevice);
        List<string> lines = [$"link set {dev} {(up ? "up" : "down")}"];
        await LabShell.IpBatchAsync(ns, lines, cancellationToken).ConfigureAwait(false);
        if (up && side == LabSide.Router)
        {
            // Admin down removed the routes via the device (and, for IPv6, its global address): the router's DHCP client
            // would install the IPv4 default again, and SLAAC and the next router advertisement the IPv6 address and default.
            await LabShell.IpBatchAsync(_lab.RouterNamespace, [LabTopology.DefaultRouteCommand(i), .. LabIpv6.Wan(i)], cancellationToken).ConfigureAwait(false);
        }
        else if (up)
        {
            await LabShell.IpBatchAsync(i.Namespace, LabIpv6.IspCustomerSide(i), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>ISP <paramref name="isp"/> stops (or resumes) forwarding toward the internet, both families; its own address still answers.</summary>
    public Task SetUpstreamDeadAsync(int isp, bool dead, CancellationToken cancellationToken = default) =>
        SetUpstreamDeadAsync(isp, dead, LabFamilies.Both, cancellationToken);

    /// <summary>
    /// ISP <paramref name="isp"/> stops (or resumes) forwarding <paramref name="families"/> toward the internet: IPv6 dead
    /// while IPv4 works, or the reverse. The other family keeps its state; the modem answers both all along.
    /// </summary>
    public Task SetUpstreamDeadAsync(int isp, bool dead, LabFamilies families, CancellationToken cancellationToken = default)
    {
        var i = _lab.Isp(isp);
        i.DeadFamilies = dead ? i.DeadFamilies | families : i.DeadFamilies & ~families;
        return RenderAsync(i, cancellationToken);
    }

    /// <summary>Random loss of <paramref name="percent"/> % on everything ISP <paramref name="isp"/> forwards (both directions); 0 clears it.</summary>
    public Task SetLossAsync(int isp, int percent, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        _lab.Isp(isp).LossPercent = percent;
        return RenderAsync(_lab.Isp(isp), cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="delay"/> ± <paramref name="jitter"/> (uniform per packet) to everything of <paramref name="families"/>
    /// ISP <paramref name="isp"/> sends toward the internet, so a round trip through it grows by <paramref name="delay"/>;
    /// zero and zero clear it. Needs a lab built with <see cref="LabOptions.DelayLines"/>.
    /// </summary>
    public Task SetDelayAsync(int isp, TimeSpan delay, TimeSpan jitter = default, LabFamilies families = LabFamilies.Both)
    {
        var line = _lab.Isp(isp).DelayLine
            ?? throw new InvalidOperationException($"lab: ISP {isp} has no delay line; build the lab with LabOptions.DelayLines = true");
        line.Set(delay, jitter, families);
        return Task.CompletedTask;
    }

    /// <summary>Removes (or restores) target <paramref name="index"/> (0-based into <see cref="LabTopology.Targets"/>).</summary>
    public Task SetTargetUpAsync(int index, bool up, CancellationToken cancellationToken = default) =>
        LabShell.IpBatchAsync(_lab.InternetNamespace, [$"addr {(up ? "add" : "del")} {_lab.Targets[index]}/32 dev lo"], cancellationToken);

    /// <summary>
    /// Removes the router's address on ISP <paramref name="isp"/>'s WAN (a lease lost: the kernel drops the connected route
    /// and the main default via it), or puts both back as the DHCP client would.
    /// </summary>
    public Task SetRouterAddressAsync(int isp, bool present, CancellationToken cancellationToken = default)
    {
        var i = _lab.Isp(isp);
        return LabShell.IpBatchAsync(_lab.RouterNamespace, present
            ? [$"addr add {i.RouterCidr} dev {i.RouterDevice}", LabTopology.DefaultRouteCommand(i)]
            : [$"addr del {i.RouterCidr} dev {i.RouterDevice}"], cancellationToken);
    }

    /// <summary>
    /// DHCP-like renew with a new lease: ISP <paramref name="isp"/> moves the router's WAN to the next /30; both ends are
    /// re-addressed and the router's main default via this WAN is replaced (metric 100+N). Returns the ISP with its new addresses.
    /// </summary>
    public async Task<LabIsp> RenumberAsync(int isp, CancellationToken cancellationToken = default)
    {
        var i = _lab.Isp(isp);
        var (oldRouter, oldGateway) = (i.RouterCidr, i.GatewayCidr);
        i.Generation++;
        await LabShell.IpBatchAsync(i.Namespace,
            [$"addr del {oldGateway} dev {i.IspDevice}", $"addr add {i.GatewayCidr} dev {i.IspDevice}"], cancellationToken).ConfigureAwait(false);
        await LabShell.IpBatchAsync(_lab.RouterNamespace,
        [
            $"addr del {oldRouter} dev {i.RouterDevice}",
            $"addr add {i.RouterCidr} dev {i.RouterDevice}",
            LabTopology.DefaultRouteCommand(i),
        ], cancellationToken).ConfigureAwait(false);
        return i;
    }

    /// <summary>
    /// A new delegation: ISP <paramref name="isp"/> routes the next /56 (<see cref="LabIsp.DelegatedPrefix"/>) to the router
    /// instead of the old one, and the router's and the LAN client's addresses in its first /64 move with it (what a DHCPv6-PD
    /// client and the LAN's SLAAC would do). Returns the ISP with its new prefix.
    /// </summary>
    public async Task<LabIsp> RenumberPrefixAsync(int isp, CancellationToken cancellationToken = default)
    {
        var i = _lab.Isp(isp);
        var (oldPrefix, oldRouter, oldClient) = (i.DelegatedPrefix, i.RouterLanAddress6, i.LanClientAddress6);
        i.PrefixGeneration++;
        await LabShell.IpBatchAsync(i.Namespace, [$"route del {oldPrefix}", LabIpv6.DelegationRoute(i)], cancellationToken).ConfigureAwait(false);
        await LabShell.IpBatchAsync(_lab.RouterNamespace,
            [$"addr del {oldRouter}/64 dev {_lab.LanDevice}", $"addr add {i.RouterLanAddress6}/64 dev {_lab.LanDevice} nodad"], cancellationToken).ConfigureAwait(false);
        await LabShell.IpBatchAsync(_lab.LanNamespace,
            [$"addr del {oldClient}/64 dev {_lab.ClientDevice}", $"addr add {i.LanClientAddress6}/64 dev {_lab.ClientDevice} nodad"], cancellationToken).ConfigureAwait(false);
        return i;
    }

    /// <summary>Rewrites the ISP's fault table from its state in one nft transaction.</summary>
    private static Task RenderAsync(LabIsp isp, CancellationToken cancellationToken)
    {
        var script = new StringBuilder()
            .AppendLine("add table inet mwlabfault")
            .AppendLine("delete table inet mwlabfault")
            .AppendLine("table inet mwlabfault {")
            .AppendLine("  chain forward {")
            .AppendLine("    type filter hook forward priority filter - 10; policy accept;");
        if (isp.DeadFamilies != LabFamilies.None)
        {
            // Both families: one rule per direction; one family: the same rules limited to it.
            var only = isp.DeadFamilies switch
            {
                LabFamilies.Ipv4 => "meta nfproto ipv4 ",
                LabFamilies.Ipv6 => "meta nfproto ipv6 ",
                _ => "",
            };
            script.AppendLine($"    {only}oifname \"{isp.UpstreamDevice}\" drop");
            script.AppendLine($"    {only}iifname \"{isp.UpstreamDevice}\" drop");
        }

        if (isp.LossPercent > 0)
        {
            // numgen yields 0..99, so "< 100" is refused by nft: total loss is a plain drop.
            script.AppendLine(isp.LossPercent >= 100 ? "    drop" : $"    numgen random mod 100 < {isp.LossPercent} drop");
        }

        script.AppendLine("  }").AppendLine("}");
        return LabShell.NftAsync(isp.Namespace, script.ToString(), cancellationToken);
    }
}
