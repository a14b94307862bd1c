using System.CommandLine;
using System.Net;
using System.Text.Json;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Policy;
using Multiwan.Text;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan explain [--config F] [--assume ...] [--fact ...] [--family 4|6] [--src A] [--dst A] [--protocol P]
/// [--sport N] [--dport N] [--socket S] [--json]</c>: which links a new connection would take, per family, and why (the rules
/// passed over, the rule and policy that decide it, each link's share and reason). It touches nothing. With a daemon on the
/// socket it starts from the daemon's link states and <c>select: best</c> elections per family (<see cref="DaemonStates"/>);
/// without one the states are assumed (every link up), as for <c>plan</c>. <c>--assume</c> overrides either.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var config = Cli.ConfigOption();
        var assume = Cli.AssumeOption();
        var fact = new Option<string[]>("--fact") { HelpName = "LINK.KEY=VALUE", Description = "An interface fact, as for plan (LINK.address=A/N, LINK.ipv6.address=A/N)", AllowMultipleArgumentsPerToken = true };
        var family = new Option<string?>("--family") { HelpName = "4|6", Description = "Explain one family only (default: the addresses' family, else every family the config decides)" };
        var src = new Option<string?>("--src") { HelpName = "ADDRESS", Description = "The connection's source address (a LAN host)" };
        var dst = new Option<string?>("--dst") { HelpName = "ADDRESS", Description = "The connection's destination address" };
        var protocol = new Option<string?>("--protocol") { HelpName = "tcp|udp|icmp", Description = "The connection's protocol" };
        var sport = new Option<int?>("--sport") { HelpName = "PORT", Description = "The source port (with --protocol tcp or udp)" };
        var dport = new Option<int?>("--dport") { HelpName = "PORT", Description = "The destination port (with --protocol tcp or udp)" };
        var json = Cli.JsonOption();
        var socket = ControlCli.SocketOption();
        var command = new Command("explain", "Which links a new connection would take, per family, and why (the running daemon's states, else assumed; touches nothing)")
        {
            config, assume, fact, family, src, dst, protocol, sport, dport, json, socket,
        };
        command.SetAction(parsed => Run(
            new ExplainRequest(parsed.GetValue(config)!, parsed.GetValue(assume) ?? [], parsed.GetValue(fact) ?? [])
            {
                Family = parsed.GetValue(family),
                Source = parsed.GetValue(src),
                Destination = parsed.GetValue(dst),
                Protocol = parsed.GetValue(protocol),
                SourcePort = parsed.GetValue(sport),
                DestinationPort = parsed.GetValue(dport),
                Json = parsed.GetValue(json),
                Socket = parsed.GetValue(socket),
            },
            Cli.Output(parsed),
            Cli.Errors(parsed)));
        return command;
    }

    public static int Run(ExplainRequest request, TextWriter output, TextWriter error)
    {
        if (Query(request, out var message) is not { } query || Families(request, query, out message) is not { } wanted)
        {
            return Cli.Error(error, message, Cli.Usage);
        }

        var loaded = ConfigInput.Load(request.ConfigPath, error, "nothing explained", out var exitCode, c => PlanAssumptions.Parse(c, request.Assume, request.Facts, out var bad) is null ? bad : null);
        if (loaded is null)
        {
            return exitCode;
        }

        var config = loaded.Config;
        var socket = request.Socket ?? config.Daemon.Socket;
        var daemon = DaemonStates.Ask(socket, config, out var why);
        Report(error, daemon, why);
        var assumed = PlanAssumptions.Parse(config, request.Assume, request.Facts, out _, daemon?.States, daemon?.States6)!;
        var states = LinkResolver.WithoutAddresslessLinks(config, assumed.States, assumed.Facts);
        var states6 = LinkResolver.WithoutAddresslessLinks6(config, assumed.States6, assumed.Facts);
        var families = wanted.Count > 0 ? wanted : config.Links.Any(l => l.Ipv6 is not null) ? [false, true] : [false];
        var explanations = families.Select(ipv6 => ipv6
            ? ConnectionExplainer.Explain(config, PolicyEngine.DecideIpv6(config, states6, daemon?.Elected6), states6, ipv6: true, query, daemon?.Elected6)
            : ConnectionExplainer.Explain(config, PolicyEngine.Decide(config, states, daemon?.Elected), states, ipv6: false, query, daemon?.Elected));
        if (request.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(ToJson(request.ConfigPath, socket, daemon, query, [.. explanations]), ExplainJsonContext.Default.ExplainJson));
        }
        else
        {
            var overridden = request.Assume.Count + request.Facts.Count > 0 ? ", --assume/--fact over them" : "";
            ExplainText.Write(
                output, request.ConfigPath, query, [.. explanations],
                daemon is null ? "assumed link states, no measurements" : $"link states and elections from the running daemon (pid {daemon.Pid} on {SafeText.Escape(socket)}){overridden}");
        }

        return Cli.Ok;
    }

    /// <summary>On stderr: that the states are the config's (and why), or the config's links the daemon does not run.</summary>
    private static void Report(TextWriter error, DaemonStates? daemon, string why)
    {
        if (daemon is null)
        {
            error.WriteLine($"explain: from the config: {SafeText.Escape(why)}");
            return;
        }

        foreach (var link in daemon.Missing)
        {
            error.WriteLine($"warning: the running daemon has no link {SafeText.Escape(link)} (it runs {SafeText.Escape(daemon.ConfigPath)}): assumed up");
        }
    }

    private static ExplainJson ToJson(string path, string socket, DaemonStates? daemon, ConnectionQuery query, IReadOnlyList<Explanation> explanations) => new(
        path,
        daemon is null ? "config" : "daemon",
        socket,
        daemon?.Pid,
        new ExplainConnectionJson(query.Source?.ToString(), query.Destination?.ToString(), PlanCommand.Lower(query.Protocol), query.SourcePort, query.DestinationPort),
        [.. explanations.Select(e => new ExplainFamilyJson(
            e.Ipv6 ? "ipv6" : "ipv4",
            e.NotDecided,
            e.Rule,
            e.Policy,
            e.Outcome is { } o ? PlanCommand.Lower(o.Mode) : null,
            e.Outcome?.LastResortInForce is { } lastResort ? PlanCommand.Lower(lastResort) : null,
            [.. e.Skipped.Select(s => new ExplainRuleJson(s.Name, s.Why))],
            e.Sticky,
            [.. e.Links.Select(l => new ExplainLinkJson(l.Link, l.State, Math.Round(l.Share, 4), l.Why))]))]);

    private static ConnectionQuery? Query(ExplainRequest request, out string error)
    {
        error = "";
        IPAddress? Address(string option, string? text, out string bad)
        {
            bad = text is not null && !IPAddress.TryParse(text, out _) ? $"{option} {text}: not an IPv4 or IPv6 address" : "";
            return text is null || bad.Length > 0 ? null : IPAddress.Parse(text);
        }

        var source = Address("--src", request.Source, out error);
        var destination = error.Length > 0 ? null : Address("--dst", request.Destination, out error);
        var protocol = request.Protocol?.ToLowerInvariant() switch
        {
            null => RuleProtocol.Any,
            "tcp" => RuleProtocol.Tcp,
            "udp" => RuleProtocol.Udp,
            "icmp" => RuleProtocol.Icmp,
            _ => (RuleProtocol?)null,
        };
        var port = new[] { ("--sport", request.SourcePort), ("--dport", request.DestinationPort) }.FirstOrDefault(p => p.Item2 is not null);
        error = error.Length > 0 ? error
            : protocol is null ? $"--protocol {request.Protocol}: use tcp, udp or icmp"
            : port.Item2 is < 1 or > 65535 ? $"{port.Item1} {port.Item2}: a port is 1-65535"
            : port.Item2 is not null && protocol is not (RuleProtocol.Tcp or RuleProtocol.Udp) ? $"{port.Item1} needs --protocol tcp or udp"
            : "";
        return error.Length > 0 ? null : new ConnectionQuery(source, destination, protocol!.Value, request.SourcePort, request.DestinationPort);
    }

    /// <summary>The families asked for (empty: not narrowed), or null with <paramref name="error"/> when the arguments disagree.</summary>
    private static List<bool>? Families(ExplainRequest request, ConnectionQuery query, out string error)
    {
        error = "";
        bool? asked = request.Family switch { null => null, "4" => false, "6" => true, _ => null };
        if (request.Family is not (null or "4" or "6"))
        {
            error = $"--family {request.Family}: use 4 or 6";
            return null;
        }

        if (query is { Source: { } s, Destination: { } d } && s.AddressFamily != d.AddressFamily)
        {
            error = $"--src {s} and --dst {d} are of different families";
            return null;
        }

        if (asked is { } family && query.Ipv6 is { } given && given != family)
        {
            error = $"--family {request.Family} does not match the address {(query.Source ?? query.Destination)}";
            return null;
        }

        return (asked ?? query.Ipv6) is { } one ? [one] : [];
    }
}
