using System.Net;
using Multiwan.Lab;

namespace Multiwan.Probing;

/// <summary>Issue 11 item 1 (host-name targets), the resolving part: an A query bound to the link, its answer and TTL.</summary>
public sealed class HostResolverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void The_A_record_and_its_ttl_are_read_from_a_real_reply()
    {
        var query = DnsPacket.Query(7, "probe.test");
        var reply = DnsResponder.BuildReply(query, IPAddress.Parse("192.0.2.9"))!;

        var answer = DnsAnswers.Parse(reply, 7);

        Assert.NotNull(answer);
        Assert.Equal(0, answer.Value.Rcode);
        var record = Assert.Single(answer.Value.Records);
        Assert.Equal((IPAddress.Parse("192.0.2.9"), 60u), record);
        Assert.Null(DnsAnswers.Parse(reply, 8));
        Assert.Empty(DnsAnswers.Parse(reply.AsSpan(0, reply.Length - 3), 7)!.Value.Records);
    }

    [Theory]
    [InlineData(0u, 30)]
    [InlineData(60u, 60)]
    [InlineData(86400u, 3600)]
    public void The_ttl_is_kept_between_30_s_and_1_h(uint ttl, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), HostResolution.Clamp(ttl));

    [NamespaceFact]
    public async Task A_name_resolves_through_the_link_it_checks()
    {
        await using var lab = await ProbeLab.CreateAsync();
        await lab.MainDefaultOnlyViaAsync(2);
        var resolver = new HostResolver(lab.Sockets, TimeProvider.System);
        var server = new IPEndPoint(lab.Lab.Targets[0], LabTopology.DnsPort);

        var resolution = await resolver.ResolveAsync("probe.test", server, lab.Binding(1), Timeout, CancellationToken.None);

        Assert.True(resolution.Resolved, resolution.Error);
        Assert.Equal([lab.Dns.Answer], resolution.Addresses);
        Assert.Equal(TimeSpan.FromSeconds(60), resolution.Ttl);
        Assert.Equal(1, lab.Dns.Queries[lab.Lab.Isp(1).InternetAddress]);
        Assert.Equal(0, lab.Dns.Queries[lab.Lab.Isp(2).InternetAddress]);
    }

    [NamespaceFact]
    public async Task A_name_without_an_answer_on_one_link_fails_there_only()
    {
        await using var lab = await ProbeLab.CreateAsync();
        var resolver = new HostResolver(lab.Sockets, TimeProvider.System);
        var server = new IPEndPoint(lab.Lab.Targets[0], LabTopology.DnsPort);
        await lab.BlockTargetAsync(1, server.Address);

        var blocked = await resolver.ResolveAsync("probe.test", server, lab.Binding(1), Timeout, CancellationToken.None);
        var open = await resolver.ResolveAsync("probe.test", server, lab.Binding(2), Timeout, CancellationToken.None);

        Assert.False(blocked.Resolved);
        Assert.StartsWith("probe.test: no answer from", blocked.Error, StringComparison.Ordinal);
        Assert.True(open.Resolved, open.Error);
    }

    [NamespaceFact]
    public async Task A_target_given_by_name_is_probed_at_its_address_and_an_unresolvable_one_fails_alone()
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var server = new IPEndPoint(lab.Lab.Targets[0], LabTopology.DnsPort);
        var resolving = new ResolvingProbe(probes, new HostResolver(lab.Sockets, TimeProvider.System), server, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var named = ProbeTarget.From(new Configuration.TargetConfig { Address = "probe.test" }, Configuration.ProbeMethod.Icmp);
        var byAddress = ProbeTarget.From(new Configuration.TargetConfig { Address = lab.Lab.Targets[1].ToString() }, Configuration.ProbeMethod.Icmp);

        var ok = await resolving.ProbeAsync(named, lab.Binding(1), Timeout, CancellationToken.None);
        await lab.BlockTargetAsync(2, server.Address);
        var unresolved = await resolving.ProbeAsync(named, lab.Binding(2), Timeout, CancellationToken.None);
        var other = await resolving.ProbeAsync(byAddress, lab.Binding(2), Timeout, CancellationToken.None);

        Assert.Equal("probe.test", named.Name);
        Assert.True(ok.Status == Tracking.ProbeStatus.Ok, ok.ToString());
        Assert.Equal(Tracking.ProbeStatus.Error, unresolved.Status);
        Assert.StartsWith("cannot resolve probe.test: no answer from", unresolved.Message, StringComparison.Ordinal);
        Assert.True(other.Status == Tracking.ProbeStatus.Ok, other.ToString());
    }

    [NamespaceFact]
    public async Task An_expired_answer_is_served_stale_while_the_resolver_is_unreachable_and_asked_again_after_30_s()
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        // The resolver is the second target; every name resolves to the first, so blocking the resolver leaves the target reachable.
        var server = new IPEndPoint(lab.Lab.Targets[1], LabTopology.DnsPort);
        var resolving = new ResolvingProbe(probes, new HostResolver(lab.Sockets, TimeProvider.System), server, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var named = ProbeTarget.From(new Configuration.TargetConfig { Address = "probe.test" }, Configuration.ProbeMethod.Icmp);

        var first = await resolving.ProbeAsync(named, lab.Binding(1), Timeout, CancellationToken.None);
        await lab.BlockTargetAsync(1, server.Address);
        clock.Advance(TimeSpan.FromSeconds(61)); // The lab's TTL is 60 s.
        var stale = await resolving.ProbeAsync(named, lab.Binding(1), Timeout, CancellationToken.None);
        await lab.UnblockAsync(1);
        var queries = lab.Dns.Queries.Total;
        clock.Advance(TimeSpan.FromSeconds(10));
        var withinRetry = await resolving.ProbeAsync(named, lab.Binding(1), Timeout, CancellationToken.None);
        var askedWithinRetry = lab.Dns.Queries.Total - queries;
        clock.Advance(TimeSpan.FromSeconds(21));
        var afterRetry = await resolving.ProbeAsync(named, lab.Binding(1), Timeout, CancellationToken.None);
        var askedAfterRetry = lab.Dns.Queries.Total - queries;

        Assert.True(first.Status == Tracking.ProbeStatus.Ok, first.ToString());
        Assert.True(stale.Status == Tracking.ProbeStatus.Ok, $"served stale: {stale}");
        Assert.True(withinRetry.Status == Tracking.ProbeStatus.Ok, withinRetry.ToString());
        Assert.Equal(0, askedWithinRetry);
        Assert.True(afterRetry.Status == Tracking.ProbeStatus.Ok, afterRetry.ToString());
        Assert.Equal(1, askedAfterRetry);
    }
}
