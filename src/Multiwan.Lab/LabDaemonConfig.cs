using System.Text;

namespace Multiwan.Lab;

/// <summary>Writes the multiwan YAML for a lab: one link per ISP (<c>wanN</c> on device <c>wanN</c>, gateway auto), LAN <c>lan0</c>,
/// control socket, state directory and hooks directory inside <paramref name="directory"/>.</summary>
public static class LabDaemonConfig
{
    public static string Render(LabTopology lab, LabDaemonSettings settings, string directory)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(settings);
        var yaml = new StringBuilder()
            .AppendLine($"# multiwan for lab {lab.Prefix} (written by the lab; every address lives inside the lab's namespaces)")
            .AppendLine($"mode: {settings.Mode}")
            .AppendLine($"lan: [{lab.LanDevice}]");
        if (settings.Health.Count > 0)
        {
            yaml.AppendLine("health:");
            foreach (var line in settings.Health)
            {
                yaml.AppendLine("  " + line);
            }
        }

        if (settings.Ipv6LanMode is { } mode)
        {
            yaml.AppendLine("ipv6:").AppendLine($"  lan_mode: {mode}");
            if (mode == "npt")
            {
                yaml.AppendLine($"  lan_prefix: {lab.LanUla}");
            }
        }

        yaml.AppendLine("links:");
        foreach (var isp in settings.Isps.Count == 0 ? lab.Isps : settings.Isps.Select(lab.Isp))
        {
            var weight = settings.Weights.Count >= isp.Index ? settings.Weights[isp.Index - 1] : 1;
            var named = settings.HostNameIsps.Contains(isp.Index);
            var targets = named ? [LabDaemonSettings.HostName] : lab.Targets.Take(Math.Clamp(settings.TargetsPerLink, 1, lab.Targets.Count)).Select(t => t.ToString());
            yaml.AppendLine($"  - name: {isp.RouterDevice}")
                .AppendLine($"    interface: {isp.RouterDevice}")
                .AppendLine($"    weight: {weight}")
                .AppendLine(settings.Ipv6OnlyIsps.Contains(isp.Index) ? "    ipv4: false" : $"    targets: [{string.Join(", ", targets)}]");
            if (settings.Ipv6LanMode is { } lanMode)
            {
                var targets6 = named ? [LabDaemonSettings.HostName] : lab.Targets6.Take(Math.Clamp(settings.TargetsPerLink, 1, lab.Targets6.Count)).Select(t => t.ToString());
                yaml.AppendLine("    ipv6:").AppendLine($"      targets: [{string.Join(", ", targets6)}]");
                var prefix = lanMode switch
                {
                    "npt" => isp.DelegatedPrefix.Replace("00::/56", "ff::/64", StringComparison.Ordinal),
                    "route" => isp.LanPrefix,
                    _ => null,
                };
                if (prefix is not null)
                {
                    yaml.AppendLine($"      prefix: {prefix}");
                }
            }
        }

        foreach (var line in settings.Extra)
        {
            yaml.AppendLine(line);
        }

        return yaml
            .AppendLine("hooks:")
            .AppendLine($"  directory: {Path.Combine(directory, "hooks")}")
            .AppendLine("daemon:")
            .AppendLine($"  socket: {Path.Combine(directory, "multiwan.sock")}")
            .AppendLine($"  state_directory: {Path.Combine(directory, "state")}")
            .ToString();
    }
}
