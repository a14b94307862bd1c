namespace Multiwan.Kernel;

/// <summary>
/// What the decision chains of one family read: its policies and rules (as the policy stage decided them for that
/// family), its connected prefixes, and which links still keep that family's connections.
/// </summary>
internal sealed record NftDecisionView(
    NftFamily Family,
    IReadOnlyList<PlannedPolicy> Policies,
    IReadOnlyList<RuleTarget> Rules,
    IReadOnlyList<ConnectedRoute> Connected,
    IReadOnlyList<ResolvedLink> KeptLinks);
