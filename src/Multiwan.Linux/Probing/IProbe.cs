using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>One probe method. Never throws for a network failure: the outcome is a value.</summary>
public interface IProbe
{
    ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken);
}
