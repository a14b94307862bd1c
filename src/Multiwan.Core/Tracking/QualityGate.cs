using Multiwan.Configuration;

namespace Multiwan.Tracking;

/// <summary>
/// Decides whether a link's quality is degraded, with hysteresis: it becomes degraded when any enabled figure
/// reaches its failure level and recovers only when every enabled figure is at or below its recovery level
/// (a missing recovery level means the failure level). Needs a minimum number of samples before judging.
/// </summary>
internal sealed class QualityGate(QualityConfig config, int window)
{
    /// <summary>At most 10 samples (or the whole window when it is smaller) before loss means anything.</summary>
    public int MinSamples { get; } = Math.Clamp(window, 1, 10);

    public bool Degraded { get; private set; }

    public string Reason { get; private set; } = "";

    public void Reset()
    {
        Degraded = false;
        Reason = "";
    }

    /// <summary>Updates <see cref="Degraded"/> from the link's figures; returns true when it changed.</summary>
    public bool Update(LinkStats stats)
    {
        if (stats.Samples < MinSamples)
        {
            return false;
        }

        if (!Degraded)
        {
            var failure = Failure(stats);
            if (failure is null)
            {
                return false;
            }

            Degraded = true;
            Reason = failure;
            return true;
        }

        if (!Recovered(stats))
        {
            return false;
        }

        Degraded = false;
        Reason = $"quality recovered: {stats}";
        return true;
    }

    private string? Failure(LinkStats s)
    {
        if (config.LossFail is { } loss && s.LossPercent >= loss)
        {
            return $"loss {s.LossPercent:0.#}% >= {loss}%";
        }

        if (config.RttFail is { } rtt && s.Rtt >= rtt)
        {
            return $"rtt {s.Rtt!.Value.TotalMilliseconds:0.#} ms >= {rtt.TotalMilliseconds} ms";
        }

        if (config.JitterFail is { } jitter && s.Jitter >= jitter)
        {
            return $"jitter {s.Jitter!.Value.TotalMilliseconds:0.#} ms >= {jitter.TotalMilliseconds} ms";
        }

        return null;
    }

    private bool Recovered(LinkStats s) =>
        (config.LossFail is null || s.LossPercent <= (config.LossRecover ?? config.LossFail))
        && (config.RttFail is null || s.Rtt is null || s.Rtt <= (config.RttRecover ?? config.RttFail))
        && (config.JitterFail is null || s.Jitter is null || s.Jitter <= (config.JitterRecover ?? config.JitterFail));
}
