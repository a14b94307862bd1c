namespace Multiwan.Identities;

/// <summary>
/// <c>identities.json</c> in the state directory: <c>{"version":1,"links":[{"name":"wan1","slot":0},...]}</c>,
/// the slot of every link the daemon has seen (removed ones too, until their slot is needed again).
/// </summary>
internal sealed record IdentityFileJson(int Version, IReadOnlyList<IdentityLinkJson> Links)
{
    public const int CurrentVersion = 1;
}

/// <summary>One link's slot in <c>identities.json</c>.</summary>
internal sealed record IdentityLinkJson(string Name, int Slot);
