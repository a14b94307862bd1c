using System.Globalization;

namespace Multiwan.Configuration;

/// <summary>Maps balance.conf's <c>name=value</c> options (Net-ISP-Balance's and lsm's) onto the native model.</summary>
internal static class BalanceConfOptions
{
    /// <summary>lsm options multiwan knows but does not honour, with the reason given in the warning.</summary>
    private static readonly Dictionary<string, string> NotHonoured = new(StringComparer.Ordinal)
    {
        ["check_arp"] = "ARP is only a secondary signal in multiwan; targets are probed with ICMP",
        ["sourceip"] = "the source address is taken from the interface (set links[].source in YAML to force one)",
        ["device"] = "the device comes from the service table",
        ["checkip"] = "targets come from the ping-ip column",
        ["ttl"] = "probes use the system TTL",
        ["debug"] = "use the daemon's log level",
        ["status"] = "every link starts as health.initial_state (connecting)",
        ["eventscript"] = "hooks run from hooks.directory (up.d, down.d, long_down.d); set hooks.lsm_arguments: true for lsm-style arguments",
        ["notifyscript"] = "hooks run from hooks.directory; set hooks.lsm_arguments: true for lsm-style arguments",
        ["long_down_eventscript"] = "hooks run from hooks.directory/long_down.d",
        ["long_down_notifyscript"] = "hooks run from hooks.directory/long_down.d",
        ["long_down_email"] = "every event goes to warn_email",
        ["unknown_up_notify"] = "the first up after start is always an event",
        ["startup_acceleration"] = "multiwan probes at fast_interval while connecting",
        ["startup_burst_pkts"] = "multiwan probes at fast_interval while connecting",
        ["startup_burst_interval"] = "multiwan probes at fast_interval while connecting",
        ["queue"] = "hooks run concurrently with a timeout",
    };

    private const int LsmMaxPacketLoss = 15;
    private const int LsmMinPacketLoss = 5;

    public static MultiwanConfig Apply(MultiwanConfig config, List<BalanceConfOption> options, List<BalanceConfRow> rows, DiagnosticBag d)
    {
        var h = config.Health;
        var q = h.Quality;
        var groups = new List<BalanceConfOption>();
        BalanceConfOption? firewall = null;
        int? lossFail = null;
        int? lossRecover = null;
        foreach (var o in options)
        {
            switch (o.Name)
            {
                case "mode":
                    if (d.Map.Contains("mode"))
                    {
                        d.WarningAt(o.Line, o.Name, $"mode set again; the last one (line {o.Line}) wins", o.Value);
                    }

                    config = o.Value.ToLowerInvariant() switch
                    {
                        "balanced" => config with { Mode = BalanceMode.Balanced },
                        "failover" => config with { Mode = BalanceMode.Failover },
                        _ => Bad(config, o, d, "must be balanced or failover"),
                    };
                    d.Map.Add("mode", o.Line);
                    break;
                case "forwarding_group":
                    groups.Add(o);
                    break;
                case "socket":
                    config = config with { Daemon = config.Daemon with { Socket = o.Value } };
                    Map(d, o, "daemon.socket");
                    break;
                case "state_directory":
                    config = config with { Daemon = config.Daemon with { StateDirectory = o.Value } };
                    Map(d, o, "daemon.state_directory");
                    break;
                case "firewall" when o.Value.ToLowerInvariant() is "off" or "restrictive":
                    firewall = o;
                    break;
                case "firewall":
                    d.ErrorAt(o.Line, o.Name, "must be restrictive (the default) or off", o.Value);
                    break;
                case "interval_ms" when Milliseconds(o, d) is { } interval:
                    h = h with { Interval = interval, FastInterval = interval < h.FastInterval ? interval : h.FastInterval };
                    Map(d, o, "health.interval", "health.fast_interval");
                    break;
                case "timeout_ms" when Milliseconds(o, d) is { } timeout:
                    h = h with { TimeoutMax = timeout, TimeoutMin = timeout < h.TimeoutMin ? timeout : h.TimeoutMin };
                    Map(d, o, "health.timeout_max", "health.timeout_min");
                    break;
                case "max_successive_pkts_lost" when Count(o, d) is { } lost:
                    h = h with { DownAfter = lost, Window = Math.Max(h.Window, lost) };
                    Map(d, o, "health.down_after");
                    break;
                case "min_successive_pkts_rcvd" when Count(o, d) is { } received:
                    h = h with { UpAfter = received };
                    Map(d, o, "health.up_after");
                    break;
                case "max_packet_loss" when Count(o, d) is { } fail:
                    lossFail = fail;
                    Map(d, o, "health.quality.loss_fail", "health.quality.action");
                    break;
                case "min_packet_loss" when Count(o, d) is { } recover:
                    lossRecover = recover;
                    Map(d, o, "health.quality.loss_recover");
                    break;
                case "long_down_time" when Count(o, d) is { } seconds:
                    h = h with { LongDown = TimeSpan.FromSeconds(seconds) };
                    Map(d, o, "health.long_down");
                    break;
                case "warn_email":
                    config = config with { Notifications = config.Notifications with { Email = Email(o.Value) } };
                    Map(d, o, "notifications.email");
                    break;
                case "interval_ms" or "timeout_ms" or "max_successive_pkts_lost" or "min_successive_pkts_rcvd"
                    or "max_packet_loss" or "min_packet_loss" or "long_down_time":
                    break;
                default:
                    var reason = NotHonoured.TryGetValue(o.Name, out var why) ? $"not honoured: {why}" : "unknown option, ignored";
                    d.WarningAt(o.Line, o.Name, reason, o.Value);
                    break;
            }
        }

        if (lossFail is not null || lossRecover is not null)
        {
            // lsm declares a link down past max_packet_loss: the closest is taking a lossy link out of balancing.
            // A missing half takes lsm's default (15 and 5).
            q = q with { LossFail = lossFail ?? LsmMaxPacketLoss, LossRecover = lossRecover ?? LsmMinPacketLoss, Action = DegradedAction.Remove };
        }

        config = config with { Health = h with { Quality = q } };
        return Firewall(BalanceConfForwarding.Apply(config, groups, rows, d), firewall, groups, d);
    }

    /// <summary>
    /// Net-ISP-Balance always installed its restrictive firewall: so does a balance.conf here, unless <c>firewall=off</c>
    /// (multiwan's own option) says the router has a firewall of its own.
    /// </summary>
    private static MultiwanConfig Firewall(MultiwanConfig config, BalanceConfOption? option, List<BalanceConfOption> groups, DiagnosticBag d)
    {
        if (option is not null && option.Value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            BalanceConfForwarding.WarnUnenforced(groups, d);
            return config with { Firewall = config.Firewall with { ForwardingGroups = [] } };
        }

        if (config.Lan.Count == 0)
        {
            d.WarningAt(option?.Line ?? 1, "firewall", "no lan line, so no firewall: multiwan's restrictive profile tells LAN from WAN by the lan lines");
            return config with { Firewall = config.Firewall with { ForwardingGroups = [] } };
        }

        d.Map.Add("firewall", option?.Line ?? 1);
        return config with { Firewall = config.Firewall with { Profile = FirewallProfile.Restrictive } };
    }

    private static EmailConfig Email(string value)
    {
        var to = value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Contains('@', StringComparison.Ordinal) ? a : $"{a}@localhost")
            .ToList();
        return new EmailConfig { Server = "localhost", To = to };
    }

    private static void Map(DiagnosticBag d, BalanceConfOption o, params string[] paths)
    {
        foreach (var path in paths)
        {
            d.Map.Add(path, o.Line);
        }
    }

    private static TimeSpan? Milliseconds(BalanceConfOption o, DiagnosticBag d) =>
        Count(o, d) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    private static int? Count(BalanceConfOption o, DiagnosticBag d)
    {
        if (int.TryParse(o.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        d.ErrorAt(o.Line, o.Name, "must be a whole number", o.Value);
        return null;
    }

    private static MultiwanConfig Bad(MultiwanConfig config, BalanceConfOption o, DiagnosticBag d, string message)
    {
        d.ErrorAt(o.Line, o.Name, message, o.Value);
        return config;
    }
}
