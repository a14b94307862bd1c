using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

internal static class PlanStates
{
    /// <summary><c>"cable=offline dsl=degraded"</c>: every other link online.</summary>
    public static Dictionary<string, LinkState> Parse(MultiwanConfig config, string states) =>
        PlanConfigs.States(config, [.. states.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('='))
            .Select(kv => (kv[0], Enum.Parse<LinkState>(kv[1], ignoreCase: true)))]);
}
