using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Multiwan.Configuration;
using Multiwan.Identities;
using Multiwan.Kernel;
using Multiwan.Probing;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan probe LINK</c>: runs a link's probes directly (no daemon), bound exactly as the daemon binds them
/// (mark, device, source), and prints each answer like ping, the state the tracker would give the link, and a summary.
/// Stand-alone too: when no daemon has run, the link's fwmark rule and table route are added for the probe and
/// removed after (<see cref="ProbeRouting"/>). A run probes one family: the targets' (<c>--target 2001:db8::1</c>), or
/// <c>--family 6</c>; IPv6 probes are bound to the link's IPv6 source (<see cref="LinkBindings"/>).
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var link = new Argument<string>("link") { Description = "The link to probe, by name" };
        var config = Cli.ConfigOption();
        var targets = new Option<string[]>("--target", "-t")
        {
            Description = "Probe this address (ADDR, ADDR:PORT or [IPv6]:PORT) instead of the link's targets; repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var method = new Option<string?>("--method", "-m") { Description = "Probe every target with this method: icmp, tcp, http, dns, arp (arp: give the gateway with --target)" };
        var count = new Option<int>("--count", "-n")
        {
            Description = "Rounds to run (0: until Ctrl-C)",
            DefaultValueFactory = _ => 5,
        };
        var interval = new Option<string?>("--interval", "-i") { Description = "Time between rounds, e.g. 200ms (default: the link's interval)" };
        var family = new Option<string?>("--family") { Description = "Probe this address family, 4 or 6 (default: the targets' family)" };
        var command = new Command("probe", "Probe a link's targets now, bound to the link as the daemon does, and print RTT, jitter and loss")
        {
            link, config, targets, method, count, interval, family,
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            new ProbeRequest(parsed.GetValue(link)!, parsed.GetValue(config)!, parsed.GetValue(targets) ?? [], parsed.GetValue(method), parsed.GetValue(count), parsed.GetValue(interval), parsed.GetValue(family)),
            Cli.Output(parsed),
            Cli.Errors(parsed),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ProbeRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var loaded = ConfigInput.Load(request.ConfigPath, error, "nothing probed", out var exitCode, c => LinkNameMatch.Find(c.Links.Select(l => l.Name), request.Link, out _) is null
            ? $"no link named {request.Link} in {request.ConfigPath} (links: {string.Join(", ", c.Links.Select(l => l.Name))})"
            : null);
        if (loaded is null)
        {
            return exitCode;
        }

        var config = loaded.Config;
        var name = LinkNameMatch.Find(config.Links.Select(l => l.Name), request.Link, out _);
        var link = config.Links.First(l => l.Name == name);

        if (request.Count < 0)
        {
            return Cli.Error(error, $"--count must be 0 or more (got {request.Count})", Cli.Usage);
        }

        var health = link.Health;
        if (request.Interval is not null)
        {
            if (!Duration.TryParse(request.Interval, out var every) || every <= TimeSpan.Zero)
            {
                return Cli.Error(error, $"--interval: expected {Duration.Expected} (got {request.Interval})", Cli.Usage);
            }

            health = health with { Interval = every, FastInterval = TimeSpan.FromTicks(Math.Min(every.Ticks, health.FastInterval.Ticks)) };
        }

        IReadOnlyList<ProbeTarget> probeTargets;
        string? targetError;
        AddressFamily family;
        try
        {
            (probeTargets, family, targetError) = ProbeTargetArguments.Parse(link, request);
        }
        catch (ArgumentException e)
        {
            return Cli.Error(error, $"link {link.Name}: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        if (targetError is not null)
        {
            return Cli.Error(error, targetError, Cli.Usage);
        }

        // The link's mark as the daemon has it (identities.json, read only), else by position.
        var (slots, slotError) = IdentityStore.ReadOnly(config.Daemon.StateDirectory).Assign(config);
        if (slots is null)
        {
            return Cli.Error(error, slotError!);
        }

        using var kernel = LinuxKernelIo.TryOpen(out var kernelError);
        if (kernel is null)
        {
            return Cli.Error(error, $"link {link.Name}: {kernelError}");
        }

        var v6 = family == AddressFamily.InterNetworkV6;
        var (binding, bindingError) = await LinkBindings.ReadAsync(link, slots.MarkOf(config.Kernel, link.Name), kernel, family, v6 ? null : link.Source, cancellationToken).ConfigureAwait(false);
        if (binding is null)
        {
            return Cli.Error(error, bindingError!);
        }

        // Without a daemon the link's table and fwmark rule do not exist yet: made for the probe, removed after (IPv4;
        // IPv6 probes rely on the rule and table the daemon installs, and on the device binding without them).
        var (routing, routingError) = v6
            ? (ProbeRouting.None(config), null)
            : await ProbeRouting.PrepareAsync(config, link, slots, kernel, cancellationToken).ConfigureAwait(false);
        if (routing is null)
        {
            return Cli.Error(error, routingError!);
        }

        await using var removeAfter = routing;
        using var probes = new ProbeSet(SystemSocketFactory.Instance, TimeProvider.System);
        var resolving = new ResolvingProbe(
            probes, new HostResolver(SystemSocketFactory.Instance, TimeProvider.System), ResolvConf.Nameserver(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, ResolvConf.Nameserver(AddressFamily.InterNetworkV6));
        var prober = new LinkProber(link.Name, binding, probeTargets, resolving, health, TimeProvider.System);
        var tracker = new LinkTracker(link.Name, [.. probeTargets.Select(t => t.Name)], health with { Window = Math.Max(health.Window, request.Count) }, TimeProvider.System);
        output.WriteLine($"PROBE {link.Name} ({binding}): {probeTargets.Count} target(s), every {Duration.Format(health.Interval)}");
        foreach (var line in routing.Created)
        {
            output.WriteLine($"(no daemon routing for {link.Name}: added until the probe ends: ip {line})");
        }

        try
        {
            await ProbeLoopAsync(prober, tracker, request.Count, output, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("(interrupted)");
        }

        PrintSummary(link.Name, tracker, output);
        return tracker.Targets.Any(t => t.Samples > t.Lost) ? Cli.Ok : Cli.Failure;
    }

    private static async Task ProbeLoopAsync(LinkProber prober, LinkTracker tracker, int count, TextWriter output, CancellationToken cancellationToken)
    {
        for (var round = 1; count == 0 || round <= count; round++)
        {
            var started = TimeProvider.System.GetTimestamp();
            var result = await prober.ProbeRoundAsync(cancellationToken).ConfigureAwait(false);
            foreach (var target in result.Targets)
            {
                output.WriteLine($"{target.Target}: seq={round} {target.Outcome}");
            }

            if (tracker.OnRound(result) is { } change)
            {
                output.WriteLine($"{change.Link}: {Name(change.From)} -> {Name(change.To)} ({change.Reason})");
            }

            if (count != 0 && round == count)
            {
                break;
            }

            // The daemon's cadence: fast while the tracker confirms a change (disconnecting, connecting), calm otherwise.
            var wait = tracker.ProbeInterval - TimeProvider.System.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void PrintSummary(string link, LinkTracker tracker, TextWriter output)
    {
        output.WriteLine($"--- {link} probe statistics ---");
        foreach (var t in tracker.Targets)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t.Target}: {t.Samples} sent, {t.Samples - t.Lost} answered, {t.LossPercent:0.#}% loss, rtt {Ms(t.Rtt)}, jitter {Ms(t.Jitter)}"));
        }

        output.WriteLine($"{link}: {Name(tracker.State)}; {tracker.Stats}");
    }

    private static string Name(LinkState state) => state.ToString().ToLowerInvariant();

    private static string Ms(TimeSpan? t) => t is { } v ? v.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms" : "-";
}
