using System.Net;
using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>
/// How every probe socket of a link is tied to it: the link's fwmark (<c>SO_MARK</c>, so its policy rule routes
/// it), its device (<c>SO_BINDTODEVICE</c>) and its source address. A zero mark, an empty device or a null source
/// leaves that part unset. A binding is for one address family (<see cref="Family"/>: its source's, else IPv4 unless
/// set): a link probing both families has one binding, and one prober, per family.
/// </summary>
public sealed record LinkBinding(string Device, uint Mark, IPAddress? Source)
{
    private readonly AddressFamily _family = AddressFamily.Unspecified;

    /// <summary>The family this binding probes: set, else the source's, else IPv4. Host names resolve to this family (A or AAAA).</summary>
    public AddressFamily Family
    {
        get => _family != AddressFamily.Unspecified ? _family : Source?.AddressFamily ?? AddressFamily.InterNetwork;
        init => _family = value is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 or AddressFamily.Unspecified
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "a link binding is for IPv4 or IPv6");
    }

    /// <summary>Why <paramref name="target"/> cannot be probed through this binding (a source of the other family), or null.</summary>
    public string? FamilyError(IPAddress target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Source is not null && Source.AddressFamily != target.AddressFamily
            ? $"target {target} is {Name(target.AddressFamily)} but the link's source {Source} is {Name(Source.AddressFamily)}"
            : null;
    }

    public override string ToString() =>
        $"dev {(Device.Length == 0 ? "-" : Device)} mark 0x{Mark:x} src {Source?.ToString() ?? "-"}";

    internal static string Name(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
