using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>
/// What <c>multiwan explain</c> takes from a running daemon (its <c>status</c> snapshot): each link's state per family
/// (the IPv6 side's apart), and per family the link each <c>select: best</c> policy elected, read from the policy's
/// <c>active</c> in the daemon's last apply (one link, no last resort). <see cref="Missing"/> are the config's links the
/// daemon does not run (it runs another or an older config): they keep the assumed state.
/// </summary>
internal sealed record DaemonStates(
    int Pid,
    string ConfigPath,
    IReadOnlyDictionary<string, LinkState> States,
    IReadOnlyDictionary<string, LinkState> States6,
    IReadOnlyDictionary<string, string> Elected,
    IReadOnlyDictionary<string, string> Elected6,
    IReadOnlyList<string> Missing)
{
    /// <summary>How long explain waits for the daemon's status before it works from the config alone.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The daemon's states on <paramref name="socket"/>; null with <paramref name="why"/> (no daemon, or its error) when it gave none.</summary>
    public static DaemonStates? Ask(string socket, MultiwanConfig config, out string why)
    {
        var response = new ControlClient(socket, TimeProvider.System).Request(new ControlRequest { Command = "status" }, Timeout);
        why = response is { Unreachable: true } && response.Error != ControlServer.PermissionDenied ? $"no daemon on {socket}"
            : response.Status is null ? $"the daemon on {socket} gave no status ({response.Error ?? "empty answer"})"
            : "";
        return response.Status is { } status ? From(status, config) : null;
    }

    public static DaemonStates From(StatusSnapshot status, MultiwanConfig config)
    {
        var states = new Dictionary<string, LinkState>(StringComparer.Ordinal);
        var states6 = new Dictionary<string, LinkState>(StringComparer.Ordinal);
        foreach (var link in status.Links)
        {
            // An IPv6-only link's row is its IPv6 side (ipv4: false); a dual-stack link's IPv6 side is apart.
            (link.Ipv4 == false ? states6 : states)[link.Name] = link.State;
            if (link.Ipv6 is { } six && link.Ipv4 != false)
            {
                states6[link.Name] = six.State;
            }
        }

        var best = PolicySpec.FromConfig(config).Where(s => s.Best is not null).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var elected = new Dictionary<string, string>(StringComparer.Ordinal);
        var elected6 = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var policy in status.Policies.Where(p => best.Contains(p.Name)))
        {
            Elect(policy.Ipv4 == false ? elected6 : elected, policy.Name, policy.Active, policy.LastResort);
            if (policy.Ipv6 is { } six)
            {
                Elect(elected6, policy.Name, six.Active, six.LastResort);
            }
        }

        var known = status.Links.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        return new DaemonStates(status.Pid, status.ConfigPath, states, states6, elected, elected6, [.. config.Links.Select(l => l.Name).Where(n => !known.Contains(n))]);
    }

    private static void Elect(Dictionary<string, string> elected, string policy, IReadOnlyList<string> active, bool lastResort)
    {
        if (!lastResort && active.Count == 1)
        {
            elected[policy] = active[0];
        }
    }
}
