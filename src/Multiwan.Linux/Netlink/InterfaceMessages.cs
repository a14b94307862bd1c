using Multiwan.Kernel;

namespace Multiwan.Netlink;

/// <summary>Parses RTM_NEWLINK and RTM_NEWADDR (IPv4 and IPv6) dump replies: interface index, name, flags and addresses.</summary>
internal static class InterfaceMessages
{
    public const uint IffUp = 0x1;
    public const uint IffPointToPoint = 0x10;
    public const uint IffLowerUp = 0x10000;
    private const ushort IflaIfname = 3;
    private const ushort IfaAddress = 1;
    private const ushort IfaLocal = 2;
    private const ushort IfaLabel = 3;
    private const ushort IfaFlags = 8;
    private const uint IfaSecondary = 0x1;
    private const uint IfaDadFailed = 0x08;
    private const uint IfaDeprecated = 0x20;
    private const uint IfaTentative = 0x40;

    /// <summary>struct ifinfomsg: family, pad, type(2), index(4), flags(4), change(4); then IFLA_IFNAME.</summary>
    public static (int Index, string Name, uint Flags)? Link(ReadOnlySpan<byte> body)
    {
        if (body.Length < 16)
        {
            return null;
        }

        var name = "";
        foreach (var a in new NetlinkAttributes(body[16..]))
        {
            name = a.Type == IflaIfname ? a.Text : name;
        }

        return (global::System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(body[4..]), name, global::System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(body[8..]));
    }

    /// <summary>struct ifaddrmsg: family, prefixlen, flags, scope, index(4); IFA_LOCAL (else IFA_ADDRESS; an IPv6 address has only that), IFA_LABEL, IFA_FLAGS.</summary>
    public static (int Index, KernelAddress Address)? Address(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8 || body[0] is not (2 or 10))
        {
            return null;
        }

        global::System.Net.IPAddress? local = null, address = null;
        string? label = null;
        uint flags = body[2];
        foreach (var a in new NetlinkAttributes(body[8..]))
        {
            switch (a.Type)
            {
                case IfaLocal: local = a.Ip; break;
                case IfaAddress: address = a.Ip; break;
                case IfaLabel: label = a.Text; break;
                case IfaFlags: flags = a.U32; break;
            }
        }

        var chosen = local ?? address;
        return chosen is null
            ? null
            : (global::System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(body[4..]), new KernelAddress(chosen, body[1], label, (flags & IfaSecondary) != 0)
            {
                Scope = body[3],
                Unpreferred = (flags & (IfaDadFailed | IfaDeprecated | IfaTentative)) != 0,
            });
    }
}
