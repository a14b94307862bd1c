using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Lab;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.Bench;

/// <summary>
/// A lab plus multiwan's real planner and applier acting in its router namespace (no daemon): what the
/// daemon-independent benchmarks drive. Disposing deletes multiwan's objects and the whole lab.
/// </summary>
internal sealed class BenchLab : IAsyncDisposable
{
    private BenchLab(LabTopology lab)
    {
        Lab = lab;
        Runner = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20), lab.RouterNamespace);
        Io = LinuxKernelIo.Open(lab.RouterNamespace);
    }

    public LabTopology Lab { get; }

    public ProcessCommandRunner Runner { get; }

    /// <summary>The kernel I/O seam (libnftables, rtnetlink, ctnetlink) inside the router namespace, as the daemon uses it.</summary>
    public LinuxKernelIo Io { get; }

    public static async Task<BenchLab> CreateAsync(LabOptions options, CancellationToken cancellationToken)
    {
        BenchContext.Progress($"building lab ({options.Isps} ISPs, {options.Targets} targets)");
        return new BenchLab(await LabTopology.CreateAsync(options, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>wan1..wanN balanced with <paramref name="weights"/> (one per ISP), LAN lan0.</summary>
    public MultiwanConfig Balanced(params int[] weights) => new()
    {
        Lan = [Lab.LanDevice],
        Links = [.. Lab.Isps.Select(isp => new LinkConfig
        {
            Name = isp.RouterDevice,
            Interface = isp.RouterDevice,
            Weight = weights.Length >= isp.Index ? weights[isp.Index - 1] : 1,
            Targets = [new TargetConfig { Address = Lab.Targets[(isp.Index - 1) % Lab.Targets.Count].ToString() }],
        })],
    };

    /// <summary><see cref="Balanced"/> with every link dual-stack: NAT66 (<c>lan_mode: masquerade</c>), each link probing one IPv6 target.</summary>
    public MultiwanConfig DualStack(params int[] weights)
    {
        var v4 = Balanced(weights);
        return v4 with
        {
            Ipv6 = new Ipv6Config { LanMode = Ipv6LanMode.Masquerade },
            Links = [.. v4.Links.Select((l, i) => l with { Ipv6 = new LinkIpv6Config { Targets = [new TargetConfig { Address = Lab.Targets6[i % Lab.Targets6.Count].ToString() }] } })],
        };
    }

    public Dictionary<string, LinkState> AllOnline() => Lab.Isps.ToDictionary(i => i.RouterDevice, _ => LinkState.Online);

    public KernelApplier Applier(MultiwanConfig config) => new(Io, config.Kernel, NullLogger.Instance);

    public async Task<IReadOnlyDictionary<string, LinkFacts>> FactsAsync(MultiwanConfig config, CancellationToken cancellationToken)
    {
        var facts = await InterfaceFacts.ReadAsync(Io, config, null, cancellationToken).ConfigureAwait(false);
        return facts.Error is null ? facts.Facts : throw new LabException($"bench: reading interface facts: {facts.Error}");
    }

    public async Task ApplyAsync(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, CancellationToken cancellationToken)
    {
        var plan = KernelPlanner.Plan(config, states, await FactsAsync(config, cancellationToken).ConfigureAwait(false));
        var result = await Applier(config).ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new LabException($"bench: apply failed: {result.Error}");
        }
    }

    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var result = await Applier(Balanced()).CleanupAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new LabException($"bench: cleanup failed: {result.Error}");
        }
    }

    /// <summary>Flushes the router's conntrack table (between runs, so every connection is new).</summary>
    /// <summary>Conntrack entries in the router whose mark within <paramref name="mask"/> is <paramref name="mark"/> (<c>conntrack -L</c>, an independent count).</summary>
    public async Task<int> CountMarkedAsync(uint mark, uint mask, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(["conntrack", "-L", "--mark", $"0x{mark:x}/0x{mask:x}"], null, cancellationToken).ConfigureAwait(false);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    public Task FlushConntrackAsync(CancellationToken cancellationToken) => Runner.RunAsync(["conntrack", "-F"], null, cancellationToken);

    /// <summary>Opens and resets <paramref name="count"/> TCP connections from the LAN client to the TCP responder on <paramref name="target"/> (the first IPv4 target when null; counter reset by the caller); returns failures.</summary>
    public async Task<int> ConnectManyAsync(int count, CancellationToken cancellationToken, int parallel = 32, IPAddress? target = null)
    {
        var failures = 0;
        var remote = new IPEndPoint(target ?? Lab.Targets[0], LabTopology.TcpPort);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (_, ct) =>
        {
            // Cancellation sources: the benchmark's bound and a 3 s limit per connection.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), TimeProvider.System);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            try
            {
                using var socket = await Netns.ConnectTcpAsync(Lab.LanNamespace, remote, linked.Token).ConfigureAwait(false);
                socket.LingerState = new LingerOption(true, 0); // RST on close: no TIME_WAIT pile-up in the client.
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && timeout.IsCancellationRequested))
            {
                Interlocked.Increment(ref failures);
            }
        }).ConfigureAwait(false);

        // A client's connect completes before the server's accept counts it: wait (up to 5 s) for the count to catch up.
        var t0 = TimeProvider.System.GetTimestamp();
        while (Lab.Tcp!.Connections.Total < count - failures && TimeProvider.System.GetElapsedTime(t0) < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        return failures;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CleanupAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (LabException e)
        {
            BenchContext.Progress(e.Message); // The namespaces go away below anyway.
        }

        Io.Dispose();
        await Lab.DisposeAsync().ConfigureAwait(false);
        BenchContext.Progress($"lab {Lab.Prefix} deleted");
    }
}
