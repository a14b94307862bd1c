namespace Multiwan.Configuration;

/// <summary>Rules for a policy's <c>select: best</c> settings (margin and dwell).</summary>
internal static class SelectionRules
{
    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        for (var i = 0; i < config.Policies.Count; i++)
        {
            var policy = config.Policies[i];
            var path = $"policies[{i}]";
            if (policy.MarginPercent is < 0 or > 100)
            {
                d.Error($"{path}.margin_percent", "must be a percentage between 0 and 100", policy.MarginPercent);
            }

            if (policy.MarginMin < TimeSpan.Zero)
            {
                d.Error($"{path}.margin_min", "must not be negative", policy.MarginMin);
            }

            if (policy.Dwell < TimeSpan.Zero)
            {
                d.Error($"{path}.dwell", "must not be negative", policy.Dwell);
            }
        }
    }
}
