using System.Net;
using Multiwan.Configuration;

namespace Multiwan.Policy;

/// <summary>
/// A new connection as <c>multiwan explain</c> describes it: every part optional (<see cref="RuleProtocol.Any"/>: not
/// given). A rule that matches on a part the query does not give does not match it, and says so.
/// </summary>
public sealed record ConnectionQuery(
    IPAddress? Source = null,
    IPAddress? Destination = null,
    RuleProtocol Protocol = RuleProtocol.Any,
    int? SourcePort = null,
    int? DestinationPort = null)
{
    /// <summary>The family the addresses fix (null when none is given, or when they disagree: the caller refuses that).</summary>
    public bool? Ipv6 => (Source, Destination) switch
    {
        (null, null) => null,
        ({ } s, null) => s.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6,
        (null, { } d) => d.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6,
        ({ } s, { } d) when s.AddressFamily == d.AddressFamily => s.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6,
        _ => null,
    };
}
