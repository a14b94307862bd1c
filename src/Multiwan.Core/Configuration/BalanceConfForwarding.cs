namespace Multiwan.Configuration;

/// <summary>
/// Maps <c>forwarding_group=</c> lines onto <c>lan:</c>. multiwan balances; it does not filter forwarding, so a group
/// that restricts which interfaces may talk to each other is a warning (enforce it in your own firewall).
/// </summary>
internal static class BalanceConfForwarding
{
    public static MultiwanConfig Apply(MultiwanConfig config, List<BalanceConfOption> groups, List<BalanceConfRow> rows, DiagnosticBag d)
    {
        var lanRows = rows.Where(r => r.Fields[2].Equals("lan", StringComparison.OrdinalIgnoreCase)).ToList();
        var isps = rows.Where(r => r.Fields[2].Equals("isp", StringComparison.OrdinalIgnoreCase)).Select(r => r.Fields[0]).ToHashSet(StringComparer.Ordinal);
        var lans = lanRows.Select(r => r.Fields[0]).ToHashSet(StringComparer.Ordinal);
        var balanced = groups.Count == 0 ? lans : [];
        foreach (var group in groups)
        {
            var members = group.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var groupLans = new HashSet<string>(StringComparer.Ordinal);
            var reachesIsp = false;
            foreach (var member in members)
            {
                if (member == ":lan")
                {
                    groupLans.UnionWith(lans);
                }
                else if (member == ":isp" || isps.Contains(member))
                {
                    reachesIsp = true;
                }
                else if (lans.Contains(member))
                {
                    groupLans.Add(member);
                }
                else
                {
                    d.WarningAt(group.Line, "forwarding_group", "unknown service, ignored", member);
                }
            }

            if (reachesIsp)
            {
                balanced.UnionWith(groupLans);
            }

            var everything = members.Contains(":lan") && members.Contains(":isp");
            if (!everything)
            {
                d.WarningAt(group.Line, "forwarding_group",
                    "not enforced: multiwan balances the LANs that reach an ISP but does not filter forwarding; restrict it in your firewall",
                    group.Value);
            }
        }

        var lan = new List<string>();
        foreach (var row in lanRows)
        {
            if (balanced.Contains(row.Fields[0]))
            {
                d.Map.Add($"lan[{lan.Count}]", row.Line);
                lan.Add(row.Fields[1]);
            }
            else
            {
                d.WarningAt(row.Line, $"lan {row.Fields[0]}", "in no forwarding_group with an ISP, so its traffic is not balanced", row.Fields[1]);
            }
        }

        return config with { Lan = lan };
    }
}
