using System.Text;

namespace Multiwan.Lab;

/// <summary>
/// The faults a lab can inject, each reversible: carrier, upstream dead (modem still answers), random loss,
/// a target down, a DHCP-like renumbering of a WAN, and delay with jitter on a lab built with delay lines.
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
            // Admin down removed the routes via the device; the router's DHCP client would install the default again.
            await LabShell.IpBatchAsync(_lab.RouterNamespace, [LabTopology.DefaultRouteCommand(i)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>ISP <paramref name="isp"/> stops (or resumes) forwarding toward the internet; its own address still answers.</summary>
    public Task SetUpstreamDeadAsync(int isp, bool dead, CancellationToken cancellationToken = default)
    {
        _lab.Isp(isp).UpstreamDead = dead;
        return RenderAsync(_lab.Isp(isp), cancellationToken);
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
    /// Adds <paramref name="delay"/> ± <paramref name="jitter"/> (uniform per packet) to everything ISP <paramref name="isp"/>
    /// sends toward the internet, so a round trip through it grows by <paramref name="delay"/>; zero and zero clear it.
    /// Needs a lab built with <see cref="LabOptions.DelayLines"/>.
    /// </summary>
    public Task SetDelayAsync(int isp, TimeSpan delay, TimeSpan jitter = default)
    {
        var line = _lab.Isp(isp).DelayLine
            ?? throw new InvalidOperationException($"lab: ISP {isp} has no delay line; build the lab with LabOptions.DelayLines = true");
        line.Set(delay, jitter);
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

    /// <summary>Rewrites the ISP's fault table from its state in one nft transaction.</summary>
    private static Task RenderAsync(LabIsp isp, CancellationToken cancellationToken)
    {
        var script = new StringBuilder()
            .AppendLine("add table inet mwlabfault")
            .AppendLine("delete table inet mwlabfault")
            .AppendLine("table inet mwlabfault {")
            .AppendLine("  chain forward {")
            .AppendLine("    type filter hook forward priority filter - 10; policy accept;");
        if (isp.UpstreamDead)
        {
            script.AppendLine($"    oifname \"{isp.UpstreamDevice}\" drop");
            script.AppendLine($"    iifname \"{isp.UpstreamDevice}\" drop");
        }

        if (isp.LossPercent > 0)
        {
            script.AppendLine($"    numgen random mod 100 < {isp.LossPercent} drop");
        }

        script.AppendLine("  }").AppendLine("}");
        return LabShell.NftAsync(isp.Namespace, script.ToString(), cancellationToken);
    }
}
