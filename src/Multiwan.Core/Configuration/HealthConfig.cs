using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>
/// How a link's health is judged. Defaults give a detection of 1.0 s on average and 1.5 s at worst for an ISP
/// dying upstream, and (with two or more targets) no false offline under 10 % random loss; see docs/DETECTION.md.
/// </summary>
public sealed record HealthConfig
{
    internal static RecordShape<HealthConfig> Schema { get; } = new RecordShape<HealthConfig>(_ => new HealthConfig())
        .Key("interval", Scalars.Duration, c => c.Interval, (c, v) => c with { Interval = v })
        .Key("fast_interval", Scalars.Duration, c => c.FastInterval, (c, v) => c with { FastInterval = v })
        .Key("timeout_min", Scalars.Duration, c => c.TimeoutMin, (c, v) => c with { TimeoutMin = v })
        .Key("timeout_max", Scalars.Duration, c => c.TimeoutMax, (c, v) => c with { TimeoutMax = v })
        .Key("min_targets", TargetQuorum.Shape, c => c.MinTargets, (c, v) => c with { MinTargets = v })
        .Key("down_after", Scalars.Int, c => c.DownAfter, (c, v) => c with { DownAfter = v })
        .Key("up_after", Scalars.Int, c => c.UpAfter, (c, v) => c with { UpAfter = v })
        .Key("hold_down", Scalars.Duration, c => c.HoldDown, (c, v) => c with { HoldDown = v })
        .Key("initial_state", Scalars.Enum<InitialState>(), c => c.InitialState, (c, v) => c with { InitialState = v })
        .Key("window", Scalars.Int, c => c.Window, (c, v) => c with { Window = v })
        .Key("quality", QualityConfig.Schema, c => c.Quality, (c, v) => c with { Quality = v })
        .Key("long_down", Scalars.Duration, c => c.LongDown, (c, v) => c with { LongDown = v });

    /// <summary>Calm probing interval while every round succeeds.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Follow-up interval after any failed round, and while connecting.</summary>
    public TimeSpan FastInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Floor of the adaptive probe timeout (100 ms keeps the worst-case detection at 1.5 s; see docs/DETECTION.md).</summary>
    public TimeSpan TimeoutMin { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Ceiling of the adaptive probe timeout (also the timeout before any RTT is known).</summary>
    public TimeSpan TimeoutMax { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>k: a round succeeds when at least this many targets answer (a count, or a percentage of them: <c>60%</c>).</summary>
    public TargetQuorum MinTargets { get; init; } = 1;

    /// <summary>Consecutive failed rounds that take an online link offline.</summary>
    public int DownAfter { get; init; } = 3;

    /// <summary>Consecutive successful rounds that bring an offline link back (through connecting).</summary>
    public int UpAfter { get; init; } = 5;

    /// <summary>A recovering link must stay healthy this long in <c>connecting</c> before it carries traffic.</summary>
    public TimeSpan HoldDown { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>State at start before any probe answered.</summary>
    public InitialState InitialState { get; init; } = InitialState.Connecting;

    /// <summary>Number of probes per target in the sliding window for RTT, jitter and loss.</summary>
    public int Window { get; init; } = 30;

    public QualityConfig Quality { get; init; } = new();

    /// <summary>A link that stays offline this long fires <c>long_down</c> (lsm's long_down_time).</summary>
    public TimeSpan LongDown { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>Quality thresholds: crossing a failure level makes a link <c>degraded</c>; it returns below the recovery level.</summary>
public sealed record QualityConfig
{
    internal static RecordShape<QualityConfig> Schema { get; } = new RecordShape<QualityConfig>(_ => new QualityConfig())
        .Optional("loss_fail", Scalars.Number, c => c.LossFail, (c, v) => c with { LossFail = v })
        .Optional("loss_recover", Scalars.Number, c => c.LossRecover, (c, v) => c with { LossRecover = v })
        .Optional("rtt_fail", Scalars.Duration, c => c.RttFail, (c, v) => c with { RttFail = v })
        .Optional("rtt_recover", Scalars.Duration, c => c.RttRecover, (c, v) => c with { RttRecover = v })
        .Optional("jitter_fail", Scalars.Duration, c => c.JitterFail, (c, v) => c with { JitterFail = v })
        .Optional("jitter_recover", Scalars.Duration, c => c.JitterRecover, (c, v) => c with { JitterRecover = v })
        .Key("action", Scalars.Enum<DegradedAction>(), c => c.Action, (c, v) => c with { Action = v })
        .Key("reduced_weight_percent", Scalars.Int, c => c.ReducedWeightPercent, (c, v) => c with { ReducedWeightPercent = v });

    /// <summary>Loss percentage (0–100) over the window at which a link is degraded; null disables.</summary>
    public double? LossFail { get; init; } = 40;

    public double? LossRecover { get; init; } = 20;

    public TimeSpan? RttFail { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan? RttRecover { get; init; } = TimeSpan.FromMilliseconds(400);

    public TimeSpan? JitterFail { get; init; }

    public TimeSpan? JitterRecover { get; init; }

    public DegradedAction Action { get; init; } = DegradedAction.Keep;

    /// <summary>With <c>action: reduce</c>, the percentage of its weight a degraded link keeps.</summary>
    public int ReducedWeightPercent { get; init; } = 25;
}

public enum DegradedAction
{
    /// <summary>Keep carrying traffic at full weight; only report.</summary>
    Keep,

    /// <summary>Keep carrying traffic at <c>reduced_weight_percent</c> of its weight.</summary>
    Reduce,

    /// <summary>Take it out of balancing like an offline link (but keep established connections).</summary>
    Remove,
}

public enum InitialState
{
    Connecting,
    Online,
    Offline,
}
