using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>A realistic status with long names and every optional part filled, to check layout and the JSON contract.</summary>
internal static class StatusFixture
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static StatusSnapshot Snapshot() => new()
    {
        Pid = 4242,
        Started = Now.AddHours(-50),
        ConfigPath = "/etc/multiwan/multiwan.yaml",
        ConfigLoaded = Now.AddMinutes(-30),
        Mode = "balanced",
        Links =
        [
            new LinkStatus
            {
                Name = "fiber-primary",
                Device = "enp3s0f1.10",
                State = LinkState.Online,
                Since = Now.AddHours(-3).AddMinutes(-12),
                Carrying = true,
                SharePercent = 66.7,
                Weight = 2,
                Tier = 1,
                Address = "100.64.10.2",
                Gateway = "100.64.10.1",
                RttMs = 12.34,
                JitterMs = 1.2,
                LossPercent = 0,
                Targets =
                [
                    new TargetStatus { Target = "100.64.99.1", Method = "icmp", Up = true, RttMs = 11.9, JitterMs = 0.9, LossPercent = 0 },
                    new TargetStatus { Target = "https://probe.example.internal/health", Method = "http", Up = true, RttMs = 123.4, JitterMs = 15.5, LossPercent = 3.3 },
                ],
                LastEvent = new LinkEvent { Timestamp = Now.AddHours(-3).AddMinutes(-12), Kind = EventKind.StateChange, Link = "fiber-primary", OldState = LinkState.Connecting, NewState = LinkState.Online, Reason = "5 rounds succeeded and hold-down of 2s passed" },
            },
            new LinkStatus
            {
                Name = "dsl",
                Device = "ppp0",
                State = LinkState.Disabled,
                Since = Now.AddMinutes(-5),
                Weight = 1,
                Tier = 1,
                Override = "down",
                Targets = [new TargetStatus { Target = "100.64.99.2", Method = "icmp", Up = false, LossPercent = 100 }],
            },
        ],
        Policies =
        [
            new PolicyStatus { Name = "default", Mode = "balanced", Links = ["fiber-primary", "dsl"], Active = ["fiber-primary"] },
            new PolicyStatus { Name = "voip", Mode = "failover", Links = ["dsl"], Active = [], LastResort = true },
        ],
    };
}
