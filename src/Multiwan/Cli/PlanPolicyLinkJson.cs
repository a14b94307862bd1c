namespace Multiwan.Cli;

internal sealed record PlanPolicyLinkJson(string Name, int Weight, double Share);
