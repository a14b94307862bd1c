using Multiwan.Configuration;
using Multiwan.Kernel;

namespace Multiwan.Daemon;

/// <summary>What the status projection reads: the loop's state at one moment (taken on the loop).</summary>
internal sealed record LoopState(
    string ConfigPath,
    DateTimeOffset Started,
    DateTimeOffset ConfigLoaded,
    MultiwanConfig Config,
    IReadOnlyList<LinkRuntime> Links,
    IReadOnlyDictionary<string, LinkFacts> Facts,
    KernelPlan? LastPlan,
    string? ApplyError,
    bool Starting);
