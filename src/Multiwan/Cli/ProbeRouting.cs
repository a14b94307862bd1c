using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>
/// What <c>multiwan probe</c> needs when no daemon has run: the link's fwmark rule and its table's default route,
/// exactly as the daemon plans them (<see cref="KernelPlanner"/>: the link's slot, the daemon's protocol). Only the
/// missing ones are created, over the in-process kernel seam, and <see cref="DisposeAsync"/> removes those and nothing
/// else. When a rule for the link's mark already leads to a table with a default route (a daemon running, or its
/// objects left in place) nothing is created.
/// </summary>
internal sealed class ProbeRouting : IAsyncDisposable
{
    private readonly IKernelIo? _io;
    private readonly int _protocol;
    private readonly IReadOnlyList<PlannedRoute> _routes;
    private readonly IReadOnlyList<PlannedRule> _rules;

    private ProbeRouting(IKernelIo? io, int protocol, IReadOnlyList<PlannedRoute> routes, IReadOnlyList<PlannedRule> rules)
    {
        _io = io;
        _protocol = protocol;
        _routes = routes;
        _rules = rules;
    }

    /// <summary>Nothing prepared, nothing to remove (IPv6 probes: the planner's IPv6 tables are the daemon's).</summary>
    public static ProbeRouting None(MultiwanConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ProbeRouting(null, config.Kernel.Protocol, [], []);
    }

    /// <summary>The ip lines of what was created for the probe (empty: the link's routing was in place).</summary>
    public IReadOnlyList<string> Created =>
        [.. _routes.Select(r => IpBatchRenderer.Route(r, _protocol)), .. _rules.Select(r => IpBatchRenderer.Rule(r, _protocol))];

    /// <summary>The routing in place for <paramref name="link"/>'s marked probes, or one line saying why it cannot be.</summary>
    public static async Task<(ProbeRouting? Routing, string? Error)> PrepareAsync(
        MultiwanConfig config, LinkConfig link, LinkSlots slots, IKernelIo io, CancellationToken cancellationToken)
    {
        var facts = await InterfaceFacts.ReadAsync(io, config, null, cancellationToken).ConfigureAwait(false);
        if (facts.Error is not null)
        {
            return (null, $"link {link.Name}: cannot read the interfaces: {facts.Error}");
        }

        var online = config.Links.ToDictionary(l => l.Name, _ => LinkState.Online);
        var plan = KernelPlanner.Plan(config, online, facts.Facts, slots);
        var table = plan.Links.Single(l => l.Name == link.Name).Table;
        var route = plan.Routes.FirstOrDefault(r => !r.Ipv6 && r.Table == table && r.Destination == "default");
        var rule = plan.Rules.Single(r => !r.Ipv6 && r.Table == table && r.FwMark is not null);
        if (route is null)
        {
            return (null, $"link {link.Name}: interface {link.Interface} has no IPv4 address");
        }

        var routes = await io.ReadRoutesAsync(cancellationToken).ConfigureAwait(false);
        var rules = await io.ReadRulesAsync(cancellationToken).ConfigureAwait(false);
        if ((routes.Error ?? rules.Error) is { } readError)
        {
            return (null, $"link {link.Name}: cannot read the routing: {readError}");
        }

        var defaults = routes.Routes.Where(r => !r.Route.Ipv6 && r.Route.Destination == "default").Select(r => r.Route.Table).ToHashSet();
        var marked = rules.Rules.Where(r => !r.Rule.Ipv6 && r.Rule.FwMark == rule.FwMark && r.Rule.FwMask == rule.FwMask).Select(r => r.Rule.Table).ToList();
        if (marked.Any(defaults.Contains))
        {
            return (new ProbeRouting(io, config.Kernel.Protocol, [], []), null); // The mark already leads to a default route.
        }

        var needRoute = !defaults.Contains(table);
        var needRule = !marked.Contains(table);
        if (needRoute && RouteDiff.HasPlaceholder(route))
        {
            return (null, $"link {link.Name}: table {table} has no default route (no daemon has run) and the gateway of {route.Device} is not known "
                + $"(no default route via it in the main table): set links.{link.Name}.gateway, or start the daemon");
        }

        var routing = new ProbeRouting(io, config.Kernel.Protocol, needRoute ? [route] : [], needRule ? [rule] : []);
        var changes = RouteDiff.Changes(routing._routes, [], routing._rules, [], routing._protocol);
        if (changes.Count == 0)
        {
            return (routing, null);
        }

        var answers = await io.ChangeRoutesAsync(changes, routing._protocol, cancellationToken).ConfigureAwait(false);
        var failed = changes.Zip(answers).FirstOrDefault(x => x.Second is not null);
        if (failed.Second is null)
        {
            return (routing, null);
        }

        // Undo what did go in: only what this call created.
        var made = changes.Zip(answers).Where(x => x.Second is null).Select(x => x.First).ToList();
        await new ProbeRouting(io, routing._protocol, [.. made.Where(c => c.Route is not null).Select(c => c.Route!)], [.. made.Where(c => c.Rule is not null).Select(c => c.Rule!)])
            .DisposeAsync().ConfigureAwait(false);
        return (null, $"link {link.Name}: table {table} has no default route or fwmark rule (no daemon has run) and adding a temporary one failed: `ip {failed.First.Text}`: {failed.Second}");
    }

    /// <summary>Removes what <see cref="PrepareAsync"/> created (rule first, then route), never anything else.</summary>
    public async ValueTask DisposeAsync()
    {
        var changes = RouteDiff.Changes([], _routes, [], _rules, _protocol);
        if (changes.Count > 0 && _io is not null)
        {
            await _io.ChangeRoutesAsync(changes, _protocol, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
