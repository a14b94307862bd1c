using Multiwan.Events;
using Multiwan.Text;
using Multiwan.Tracking;

namespace Multiwan.Hooks;

/// <summary>No raw control character from a name, device, address, target or reason reaches a hook's argv or environment.</summary>
public sealed class HookArgumentsSafetyTests
{
    private static readonly LinkEvent Hostile = new()
    {
        Timestamp = DateTimeOffset.UnixEpoch,
        Kind = EventKind.StateChange,
        Link = "a\u001b[2Jb",
        Device = "eth0\n",
        OldState = LinkState.Online,
        NewState = LinkState.Offline,
        Reason = "x\0y\rz",
        Address = "10.0.0.2\n",
        Target = "192.0.2.1\t",
    };

    [Fact]
    public void Native_lsm_and_environment_values_are_escaped()
    {
        var name = HookArguments.EventName(Hostile)!;
        var values = HookArguments.Native(name, Hostile)
            .Concat(HookArguments.Lsm(name, Hostile, "ops@example.org"))
            .Concat(HookArguments.Environment(name, Hostile).Values)
            .ToList();

        Assert.All(values, v => Assert.False(SafeText.NeedsEscape(v), v));
        Assert.Equal(@"a\e[2Jb", HookArguments.Native(name, Hostile)[1]);
        Assert.Equal(@"x\0y\rz", HookArguments.Environment(name, Hostile)["MULTIWAN_REASON"]);
    }
}
