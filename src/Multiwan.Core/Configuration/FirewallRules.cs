namespace Multiwan.Configuration;

/// <summary>Rules for <c>firewall:</c>: the profile needs LAN interfaces, ports are ports, forwards go to a LAN address.</summary>
internal static class FirewallRules
{
    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        var fw = config.Firewall;
        if ((fw.Active || fw.ForwardingGroups.Count > 0) && config.Lan.Count == 0)
        {
            d.Error("firewall", "needs lan: (the firewall tells LAN from WAN by it)", "no lan interfaces");
        }

        for (var i = 0; i < fw.SshPorts.Count; i++)
        {
            if (fw.SshPorts[i] is < 1 or > 65535)
            {
                d.Error($"firewall.ssh_ports[{i}]", "must be a port between 1 and 65535", fw.SshPorts[i]);
            }
        }

        if (fw.ForwardingGroups.Count > 0 && fw.Profile != FirewallProfile.Restrictive)
        {
            d.Warning("firewall.forwarding_groups", "has no effect without profile: restrictive (nothing filters forwarding then)");
        }

        for (var g = 0; g < fw.ForwardingGroups.Count; g++)
        {
            var group = fw.ForwardingGroups[g];
            if (group.Interfaces.Count == 0)
            {
                d.Error($"firewall.forwarding_groups[{g}].interfaces", "needs at least one LAN interface");
            }

            foreach (var name in group.Interfaces.Where(n => !config.Lan.Contains(n, StringComparer.Ordinal)))
            {
                d.Error($"firewall.forwarding_groups[{g}].interfaces", $"not a LAN interface; lan: {string.Join(", ", config.Lan)}", name);
            }
        }

        var seen = new Dictionary<(string, ForwardProtocol), int>();
        for (var i = 0; i < fw.Forwards.Count; i++)
        {
            var forward = fw.Forwards[i];
            var path = $"firewall.forwards[{i}]";
            if (!NetSyntax.IsPortSpec(forward.Port))
            {
                d.Error($"{path}.port", "must be a port 1-65535 or a range such as 5000-5010", forward.Port);
            }
            else if (Overlapping(seen, forward) is { } other)
            {
                d.Error($"{path}.port", $"already forwarded by firewall.forwards[{other}]", forward.Port);
            }
            else
            {
                seen[(forward.Port, forward.Proto)] = i;
            }

            if (!NetSyntax.IsIpv4(forward.ToHost) || !NetSyntax.IsUnicastHost(forward.ToHost))
            {
                d.Error($"{path}.to", "must be host or host:port with host a unicast IPv4 address", forward.To);
            }
            else if (forward.ToPort is { } port && (!NetSyntax.IsPortSpec(port) || port.Contains('-', StringComparison.Ordinal)))
            {
                d.Error($"{path}.to", "the port after : must be one port 1-65535", forward.To);
            }
            else if (forward.ToPort is not null && forward.Port.Contains('-', StringComparison.Ordinal))
            {
                d.Error($"{path}.to", "a forwarded port range keeps its ports: write the host without :port", forward.To);
            }
        }
    }

    /// <summary>The index of an earlier forward sharing a port and a protocol with <paramref name="forward"/>, if any.</summary>
    private static int? Overlapping(Dictionary<(string, ForwardProtocol), int> seen, ForwardConfig forward)
    {
        var (low, high) = Range(forward.Port);
        foreach (var ((port, proto), index) in seen)
        {
            var (otherLow, otherHigh) = Range(port);
            var sharesProto = proto == forward.Proto || proto == ForwardProtocol.Both || forward.Proto == ForwardProtocol.Both;
            if (sharesProto && low <= otherHigh && otherLow <= high)
            {
                return index;
            }
        }

        return null;
    }

    private static (int Low, int High) Range(string spec)
    {
        var parts = spec.Split('-');
        var low = int.Parse(parts[0], global::System.Globalization.CultureInfo.InvariantCulture);
        return (low, parts.Length > 1 ? int.Parse(parts[1], global::System.Globalization.CultureInfo.InvariantCulture) : low);
    }
}
