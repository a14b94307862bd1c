using Multiwan.Control;
using Multiwan.Probing;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>The status stage (pure): the loop's state → the <c>status</c> snapshot, and the one-line summary systemd shows.</summary>
internal static class StatusProjection
{
    public static StatusSnapshot Snapshot(LoopState state)
    {
        var plans = state.LastPlan?.Links.ToDictionary(l => l.Name) ?? [];
        var plans6 = state.LastPlan?.Links6.ToDictionary(l => l.Name) ?? [];
        return new StatusSnapshot
        {
            Pid = Environment.ProcessId,
            Started = state.Started,
            ConfigPath = state.ConfigPath,
            ConfigLoaded = state.ConfigLoaded,
            Mode = state.Config.Mode.ToString().ToLowerInvariant(),
            LastResortActive = state.LastPlan?.LastResortActive ?? false,
            ApplyError = state.ApplyError,
            Starting = state.Starting ? true : null,
            Links = [.. state.Links.Select(l => LinkStatusOf(state, l, (l.Config.Ipv4 ? plans : plans6).GetValueOrDefault(l.Name)) with { Ipv6 = Ipv6StatusOf(state, l, plans6.GetValueOrDefault(l.Name)) })],
            Policies = Policies(state),
        };
    }

    /// <summary>
    /// Each policy's IPv4 outcome with its IPv6 one beside it (a policy with a link that has <c>ipv6:</c>); with every link
    /// IPv6 only there is no IPv4 outcome, and the rows are the IPv6 ones, marked <c>ipv4: false</c>.
    /// </summary>
    private static IReadOnlyList<PolicyStatus> Policies(LoopState state)
    {
        var plan = state.LastPlan;
        var six = (plan?.Policies6 ?? []).ToDictionary(p => p.Name);
        if (plan is { Policies.Count: 0 } && six.Count > 0)
        {
            return [.. plan.Policies6.Select(p => PolicyRow(state, p) with { Ipv4 = false })];
        }

        return [.. (plan?.Policies ?? []).Select(p => PolicyRow(state, p) with
        {
            Ipv6 = six.GetValueOrDefault(p.Name) is { } p6 && HasIpv6Link(state, p.Name)
                ? new Ipv6PolicyStatus { Active = Active(p6), LastResort = p6.LastResortInForce is not null }
                : null,
        })];
    }

    private static PolicyStatus PolicyRow(LoopState state, Policy.PolicyOutcome p) => new()
    {
        Name = p.Name,
        Mode = p.Mode.ToString().ToLowerInvariant(),
        Links = PolicyLinks(state, p.Name),
        Active = Active(p),
        LastResort = p.LastResortInForce is not null,
    };

    private static IReadOnlyList<string> Active(Policy.PolicyOutcome p) => [.. p.Links.Where(w => w.Weight > 0).Select(w => w.Name)];

    private static bool HasIpv6Link(LoopState state, string policy) =>
        PolicyLinks(state, policy).Any(name => state.Config.Links.Any(l => l.Name == name && l.Ipv6 is not null));

    /// <summary><c>N/M links carrying: a b</c> (an IPv6-only link by its IPv6 side, as its status row), and whether the last apply failed.</summary>
    public static string Line(LoopState state)
    {
        var ipv6Only = state.Config.Links.Where(l => !l.Ipv4).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var carrying = state.LastPlan is not { } plan ? []
            : plan.Links.Where(l => ipv6Only.Contains(l.Name) ? plan.Links6.Any(six => six.Name == l.Name && six.Carrying) : l.Carrying).Select(l => l.Name).ToList();
        var text = $"{carrying.Count}/{state.Links.Count} links carrying{(carrying.Count > 0 ? ": " + string.Join(" ", carrying) : "")}";
        return state.ApplyError is null ? text : text + "; last apply failed";
    }

    private static IReadOnlyList<string> PolicyLinks(LoopState state, string policy)
    {
        var configured = state.Config.Policies.FirstOrDefault(p => p.Name == policy)?.Links;
        return configured is { Count: > 0 } ? configured : [.. state.Config.Links.Select(l => l.Name)];
    }

    private static Ipv6LinkStatus? Ipv6StatusOf(LoopState state, LinkRuntime link, Kernel.LinkPlan? plan)
    {
        if (link.Ipv6 is not { } ipv6)
        {
            return null;
        }

        var facts = state.Facts.GetValueOrDefault(link.Name)?.Ipv6;
        var stats = ipv6.Tracker.Stats;
        return new Ipv6LinkStatus
        {
            State = ipv6.Tracker.State,
            Since = ipv6.Tracker.Since,
            Carrying = plan?.Carrying ?? false,
            SharePercent = 100 * (plan?.Share ?? 0),
            Address = link.Config.Ipv6?.Source ?? facts?.Address?.ToString(),
            Gateway = facts?.Gateway?.ToString(),
            RttMs = stats.Rtt?.TotalMilliseconds,
            LossPercent = stats.Samples > 0 ? stats.LossPercent : null,
            LastEvent = ipv6.LastEvent,
        };
    }

    /// <summary>The link's row: its IPv4 side, or for an IPv6-only link (<c>ipv4: false</c>) its IPv6 side, marked <c>ipv4: false</c>.</summary>
    private static LinkStatus LinkStatusOf(LoopState state, LinkRuntime link, Kernel.LinkPlan? plan)
    {
        var facts = state.Facts.GetValueOrDefault(link.Name);
        if (!link.Config.Ipv4 && link.Ipv6 is { } six)
        {
            return Row(link, six.ProbeConfig, six.Tracker, plan, facts?.Ipv6?.Address?.ToString(), facts?.Ipv6?.Gateway?.ToString(), six.LastEvent) with { Ipv4 = false };
        }

        return Row(link, link.Config, link.Tracker, plan, facts?.Address?.ToString(), facts?.Gateway?.ToString(), link.LastEvent);
    }

    private static LinkStatus Row(
        LinkRuntime link, Configuration.LinkConfig probed, LinkTracker tracker, Kernel.LinkPlan? plan, string? address, string? gateway, Events.LinkEvent? lastEvent)
    {
        var stats = tracker.Stats;
        var methods = probed.Targets.Select(t => ProbeTarget.From(t, probed.Method).Method.ToString().ToLowerInvariant()).ToList();
        return new LinkStatus
        {
            Name = link.Name,
            Device = link.Device,
            State = tracker.State,
            Since = tracker.Since,
            Carrying = plan?.Carrying ?? false,
            SharePercent = 100 * (plan?.Share ?? 0),
            Weight = link.Config.Weight,
            Tier = link.Config.Tier,
            Override = tracker.Override == LinkOverride.Auto ? null : tracker.Override.ToString().ToLowerInvariant(),
            Address = probed.Source ?? address,
            Gateway = gateway,
            RttMs = stats.Rtt?.TotalMilliseconds,
            JitterMs = stats.Jitter?.TotalMilliseconds,
            LossPercent = stats.Samples > 0 ? stats.LossPercent : null,
            Targets = [.. tracker.Targets.Select((t, i) => new TargetStatus
            {
                Target = t.Target,
                Method = i < methods.Count ? methods[i] : "icmp",
                Up = t.Last?.IsAlive ?? false,
                RttMs = t.Rtt?.TotalMilliseconds,
                JitterMs = t.Jitter?.TotalMilliseconds,
                LossPercent = t.Samples > 0 ? t.LossPercent : null,
            })],
            LastEvent = lastEvent,
        };
    }
}
