using System.Net;

namespace Multiwan.Probing;

/// <summary>
/// How every probe socket of a link is tied to it: the link's fwmark (<c>SO_MARK</c>, so its policy rule routes
/// it), its device (<c>SO_BINDTODEVICE</c>) and its source address. A zero mark, an empty device or a null source
/// leaves that part unset.
/// </summary>
public sealed record LinkBinding(string Device, uint Mark, IPAddress? Source)
{
    public override string ToString() =>
        $"dev {(Device.Length == 0 ? "-" : Device)} mark 0x{Mark:x} src {Source?.ToString() ?? "-"}";
}
