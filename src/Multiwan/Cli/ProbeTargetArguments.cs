using System.Net;
using System.Net.Sockets;
using Multiwan.Configuration;
using Multiwan.Probing;

namespace Multiwan.Cli;

/// <summary>
/// What <c>multiwan probe</c> probes: <c>--method</c>, the <c>--target</c> addresses (IPv4, IPv6, <c>ADDR:PORT</c>,
/// <c>[IPv6]:PORT</c>) or else the link's targets of the family (<c>ipv6.targets</c> for IPv6), and the run's one family (<c>--family</c>, else the targets').
/// Every mistake is one line for the usage error.
/// </summary>
internal static class ProbeTargetArguments
{
    public static (IReadOnlyList<ProbeTarget> Targets, AddressFamily Family, string? Error) Parse(LinkConfig link, ProbeRequest request)
    {
        ProbeMethod? method = null;
        if (request.Method is not null)
        {
            if (!Enum.TryParse<ProbeMethod>(request.Method, ignoreCase: true, out var m) || !Enum.IsDefined(m) || char.IsDigit(request.Method[0]))
            {
                return ([], AddressFamily.InterNetwork, $"--method: expected icmp, tcp, http, dns or arp (got {request.Method})");
            }

            method = m;
        }

        var endpoints = new List<IPEndPoint>();
        foreach (var text in request.Targets)
        {
            if (!IPEndPoint.TryParse(text, out var endpoint) || (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.ScopeId != 0))
            {
                return ([], AddressFamily.InterNetwork, $"--target: expected an IPv4 or IPv6 address, ADDR:PORT or [IPv6]:PORT (got {text})");
            }

            endpoints.Add(endpoint);
        }

        var given = endpoints.Select(e => e.AddressFamily).Distinct().ToList();
        AddressFamily family;
        switch (request.Family)
        {
            case "4": family = AddressFamily.InterNetwork; break;
            case "6": family = AddressFamily.InterNetworkV6; break;
            case null when given.Count > 1:
                return ([], AddressFamily.InterNetwork, "--target: IPv4 and IPv6 targets in one run; a probe run has one family (probe each with its own --target)");
            case null: family = given.Count == 1 ? given[0] : AddressFamily.InterNetwork; break;
            default: return ([], AddressFamily.InterNetwork, $"--family: expected 4 or 6 (got {request.Family})");
        }

        if (endpoints.FirstOrDefault(e => e.AddressFamily != family) is { } other)
        {
            return ([], family, $"--target: {other.Address} is not an IPv{(family == AddressFamily.InterNetworkV6 ? 6 : 4)} address (--family {request.Family})");
        }

        // The link's targets of that family: its targets for IPv4, its ipv6.targets (and their method) for IPv6; a host
        // name resolves to the family (A or AAAA).
        var v6 = family == AddressFamily.InterNetworkV6;
        var configured = request.Targets.Count > 0 ? [] : v6 ? link.Ipv6?.Targets ?? [] : link.Targets;
        var linkMethod = v6 ? link.Ipv6?.Method ?? link.Method : link.Method;
        var list = configured.Select(t => ProbeTarget.From(method is null ? t : t with { Method = method, Port = null }, linkMethod)).ToList();
        list.AddRange(endpoints.Select(e =>
            ProbeTarget.From(new TargetConfig { Address = e.Address.ToString(), Method = method, Port = e.Port == 0 ? null : e.Port }, linkMethod)));
        var name = v6 ? "IPv6 " : "";
        return (list, family, list.Count == 0 ? $"link {link.Name} has no {name}targets; give one with --target" : null);
    }
}
