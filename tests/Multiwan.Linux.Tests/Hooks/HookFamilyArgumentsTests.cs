using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Hooks;

/// <summary>A dual-stack link's hook says which family changed; an IPv4-only link's hook is as it always was.</summary>
public sealed class HookFamilyArgumentsTests
{
    private static readonly LinkEvent Down = new()
    {
        Timestamp = DateTimeOffset.UnixEpoch,
        Kind = EventKind.StateChange,
        Link = "wan1",
        Device = "eth0",
        OldState = LinkState.Online,
        NewState = LinkState.Offline,
    };

    [Fact]
    public void An_ipv6_event_appends_the_family_and_names_family_and_prefix_in_the_environment()
    {
        var e = Down with { Family = LinkEvent.Ipv6, Prefix = "2001:db8:1:100::/64" };

        var argv = HookArguments.Native("down", e);
        var environment = HookArguments.Environment("down", e);

        Assert.Equal(["down", "wan1", "eth0", "offline", "online"], argv.Take(5));
        Assert.Equal(9, argv.Count);
        Assert.Equal("ipv6", argv[8]);
        Assert.Equal("ipv6", environment["MULTIWAN_FAMILY"]);
        Assert.Equal("2001:db8:1:100::/64", environment["MULTIWAN_PREFIX"]);
    }

    [Fact]
    public void An_ipv4_only_links_event_keeps_its_eight_arguments_and_no_family()
    {
        Assert.Equal(8, HookArguments.Native("down", Down).Count);
        Assert.False(HookArguments.Environment("down", Down).ContainsKey("MULTIWAN_FAMILY"));
    }
}
