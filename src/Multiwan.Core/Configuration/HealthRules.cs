namespace Multiwan.Configuration;

/// <summary>Rules for a <c>health:</c> section: positive values and thresholds that do not contradict each other.</summary>
internal static class HealthRules
{
    /// <param name="writtenOnly">Check only rules that involve a key written under <paramref name="path"/> (a link's overrides).</param>
    public static void Check(HealthConfig h, string path, DiagnosticBag d, bool writtenOnly)
    {
        var q = h.Quality;
        void Rule(bool broken, string[] keys, string message, object? got)
        {
            if (broken && (!writtenOnly || keys.Any(k => d.Map.Contains($"{path}.{k}"))))
            {
                d.Error($"{path}.{keys[0]}", message, got);
            }
        }

        Rule(h.Interval <= TimeSpan.Zero, ["interval"], "must be longer than 0s", h.Interval);
        Rule(h.FastInterval <= TimeSpan.Zero, ["fast_interval"], "must be longer than 0s", h.FastInterval);
        Rule(h.FastInterval > h.Interval, ["fast_interval", "interval"], $"must not be longer than interval ({Duration.Format(h.Interval)})", h.FastInterval);
        Rule(h.TimeoutMin <= TimeSpan.Zero, ["timeout_min"], "must be longer than 0s", h.TimeoutMin);
        Rule(h.TimeoutMin > h.TimeoutMax, ["timeout_min", "timeout_max"], $"must not be longer than timeout_max ({Duration.Format(h.TimeoutMax)})", h.TimeoutMin);
        Rule(h.MinTargets.Percent is null && h.MinTargets.Count < 1, ["min_targets"], "must be 1 or more", h.MinTargets);
        Rule(h.MinTargets.Percent is <= 0 or > 100, ["min_targets"], "a percentage must be above 0% and at most 100%", h.MinTargets);
        Rule(h.DownAfter < 1, ["down_after"], "must be 1 or more", h.DownAfter);
        Rule(h.UpAfter < 1, ["up_after"], "must be 1 or more", h.UpAfter);
        Rule(h.HoldDown < TimeSpan.Zero, ["hold_down"], "must not be negative", h.HoldDown);
        Rule(h.Window < h.DownAfter, ["window", "down_after"], $"must be at least down_after ({h.DownAfter})", h.Window);
        Rule(h.LongDown <= TimeSpan.Zero, ["long_down"], "must be longer than 0s", h.LongDown);
        foreach (var (key, value) in new[] { ("interval", h.Interval), ("fast_interval", h.FastInterval), ("timeout_min", h.TimeoutMin), ("timeout_max", h.TimeoutMax), ("hold_down", h.HoldDown) })
        {
            Rule(value > ConfigLimits.ShortDuration, [key], $"must be at most {Duration.Format(ConfigLimits.ShortDuration)}", value);
        }

        Rule(h.LongDown > ConfigLimits.LongDuration, ["long_down"], $"must be at most {Duration.Format(ConfigLimits.LongDuration)}", h.LongDown);
        Rule(h.MinTargets.Percent is null && h.MinTargets.Count > ConfigLimits.Count, ["min_targets"], $"must be at most {ConfigLimits.Count}", h.MinTargets);
        foreach (var (key, value) in new[] { ("down_after", h.DownAfter), ("up_after", h.UpAfter) })
        {
            Rule(value > ConfigLimits.Count, [key], $"must be at most {ConfigLimits.Count}", value);
        }

        Rule(h.Window > ConfigLimits.Window, ["window"], $"must be at most {ConfigLimits.Window}", h.Window);

        Rule(q.LossFail is < 0 or > 100, ["quality.loss_fail"], "must be a percentage between 0 and 100", q.LossFail);
        Rule(q.LossRecover is < 0 or > 100, ["quality.loss_recover"], "must be a percentage between 0 and 100", q.LossRecover);
        Rule(q.LossFail is { } lf && q.LossRecover >= lf, ["quality.loss_recover", "quality.loss_fail"],
            $"must be below loss_fail ({DiagnosticBag.Show(q.LossFail)})", q.LossRecover);
        Rule(q.RttFail <= TimeSpan.Zero, ["quality.rtt_fail"], "must be longer than 0s", q.RttFail);
        Rule(q.RttRecover <= TimeSpan.Zero, ["quality.rtt_recover"], "must be longer than 0s", q.RttRecover);
        Rule(q.RttFail is { } rf && q.RttRecover >= rf, ["quality.rtt_recover", "quality.rtt_fail"],
            $"must be below rtt_fail ({DiagnosticBag.Show(q.RttFail)})", q.RttRecover);
        Rule(q.JitterFail <= TimeSpan.Zero, ["quality.jitter_fail"], "must be longer than 0s", q.JitterFail);
        Rule(q.JitterRecover <= TimeSpan.Zero, ["quality.jitter_recover"], "must be longer than 0s", q.JitterRecover);
        Rule(q.JitterFail is { } jf && q.JitterRecover >= jf, ["quality.jitter_recover", "quality.jitter_fail"],
            $"must be below jitter_fail ({DiagnosticBag.Show(q.JitterFail)})", q.JitterRecover);
        foreach (var (key, value) in new[] { ("rtt_fail", q.RttFail), ("rtt_recover", q.RttRecover), ("jitter_fail", q.JitterFail), ("jitter_recover", q.JitterRecover) })
        {
            Rule(value > ConfigLimits.ShortDuration, [$"quality.{key}"], $"must be at most {Duration.Format(ConfigLimits.ShortDuration)}", value);
        }

        if (q.JitterFail is null && q.JitterRecover is not null && (!writtenOnly || d.Map.Contains($"{path}.quality.jitter_recover")))
        {
            d.Warning($"{path}.quality.jitter_recover", "does nothing without jitter_fail", q.JitterRecover);
        }

        Rule(q.ReducedWeightPercent is < 1 or > 100, ["quality.reduced_weight_percent"], "must be a percentage between 1 and 100", q.ReducedWeightPercent);
    }
}
