namespace Multiwan.Configuration;

/// <summary>
/// Maps <c>forwarding_group=</c> lines onto <c>firewall.forwarding_groups</c>, as Net-ISP-Balance's firewall enforced them:
/// the LANs of a group forward to each other, and to the WANs when the group names <c>:isp</c> or an ISP service. No group
/// means Net-ISP-Balance's default, <c>forwarding_group=:lan :isp</c>. Every LAN line is in <c>lan:</c> (the router accepts
/// its traffic); whether it reaches the ISPs is the firewall's decision. With <c>firewall=off</c> nothing enforces a
/// group, which is a warning.
/// </summary>
internal static class BalanceConfForwarding
{
    public static MultiwanConfig Apply(MultiwanConfig config, List<BalanceConfOption> groups, List<BalanceConfRow> rows, DiagnosticBag d)
    {
        var lanRows = rows.Where(r => r.Fields[2].Equals("lan", StringComparison.OrdinalIgnoreCase)).ToList();
        var isps = rows.Where(r => r.Fields[2].Equals("isp", StringComparison.OrdinalIgnoreCase)).Select(r => r.Fields[0]).ToHashSet(StringComparer.Ordinal);
        var lans = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in lanRows)
        {
            lans.TryAdd(row.Fields[0], row.Fields[1]); // A service written twice: the first line names it.
        }

        var result = new List<ForwardingGroupConfig>();
        var reachIsp = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = group.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var devices = new List<string>();
            var wan = false;
            var someIsps = false;
            foreach (var member in members)
            {
                if (member == ":lan")
                {
                    devices.AddRange(lans.Values);
                }
                else if (member == ":isp")
                {
                    wan = true;
                }
                else if (isps.Contains(member))
                {
                    wan = someIsps = true;
                }
                else if (lans.TryGetValue(member, out var device))
                {
                    devices.Add(device);
                }
                else
                {
                    d.WarningAt(group.Line, "forwarding_group", "unknown service, ignored", member);
                }
            }

            if (someIsps && !members.Contains(":isp") && !isps.All(members.Contains))
            {
                d.WarningAt(group.Line, "forwarding_group", "names only some ISPs: multiwan balances over every ISP, so the group reaches all of them", group.Value);
            }

            if (devices.Count > 0)
            {
                result.Add(new ForwardingGroupConfig { Interfaces = [.. devices.Distinct(StringComparer.Ordinal)], Wan = wan });
                d.Map.Add($"firewall.forwarding_groups[{result.Count - 1}]", group.Line);
                if (wan)
                {
                    reachIsp.UnionWith(devices);
                }
            }
        }

        if (groups.Count == 0 && lans.Count > 0)
        {
            result.Add(new ForwardingGroupConfig { Interfaces = [.. lans.Values.Distinct(StringComparer.Ordinal)], Wan = true });
            reachIsp.UnionWith(lans.Values);
        }

        var lan = new List<string>();
        foreach (var row in lanRows.Where(r => !lan.Contains(r.Fields[1], StringComparer.Ordinal)))
        {
            d.Map.Add($"lan[{lan.Count}]", row.Line);
            lan.Add(row.Fields[1]);
            if (!reachIsp.Contains(row.Fields[1]))
            {
                d.WarningAt(row.Line, $"lan {row.Fields[0]}", "in no forwarding_group with an ISP: the firewall lets it reach the router and its group only", row.Fields[1]);
            }
        }

        return config with { Lan = lan, Firewall = config.Firewall with { ForwardingGroups = result } };
    }

    /// <summary>A warning per group when the firewall is off (nothing then enforces them).</summary>
    public static void WarnUnenforced(List<BalanceConfOption> groups, DiagnosticBag d)
    {
        foreach (var group in groups)
        {
            d.WarningAt(group.Line, "forwarding_group", "not enforced: firewall=off, so multiwan installs no firewall; restrict forwarding in your own", group.Value);
        }
    }
}
