using System.Net;

namespace Multiwan.Probing;

/// <summary>
/// A host name resolved through one link: its IPv4 addresses and when to ask again (the smallest TTL, kept within
/// <see cref="MinTtl"/>..<see cref="MaxTtl"/>), or why it did not resolve (then the target counts as failing).
/// </summary>
public sealed record HostResolution(IReadOnlyList<IPAddress> Addresses, TimeSpan Ttl, string? Error)
{
    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    public bool Resolved => Error is null && Addresses.Count > 0;

    public static HostResolution Failed(string error) => new([], MinTtl, error);

    public static TimeSpan Clamp(uint ttlSeconds) =>
        TimeSpan.FromSeconds(Math.Clamp(ttlSeconds, (uint)MinTtl.TotalSeconds, (uint)MaxTtl.TotalSeconds));
}
