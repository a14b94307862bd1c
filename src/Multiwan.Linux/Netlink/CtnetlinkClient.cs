namespace Multiwan.Netlink;

/// <summary>
/// Deletes conntrack entries by mark over ctnetlink (NETLINK_NETFILTER), per address family: a dump filtered by
/// the kernel on CTA_MARK/CTA_MARK_MASK counts the entries, then one IPCTNL_MSG_CT_DELETE carrying the same
/// filter (and no tuple) deletes every entry that matches — nothing else. Blocking; the kernel I/O thread owns it.
/// </summary>
internal sealed class CtnetlinkClient(NetlinkChannel channel) : IDisposable
{
    private const ushort CtNew = 0x100; // NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW
    private const ushort CtGet = 0x101;
    private const ushort CtDelete = 0x102;
    private const ushort CtaMark = 8;
    private const ushort CtaMarkMask = 21;
    private static readonly byte[] Families = [2, 10]; // AF_INET, AF_INET6

    private readonly NetlinkBuilder _request = new();

    /// <summary>How many entries with (mark &amp; mask) == mark were deleted, or the kernel's refusal.</summary>
    public (int Deleted, string? Error) DeleteByMark(uint mark, uint mask)
    {
        var deleted = 0;
        foreach (var family in Families)
        {
            var count = 0;
            var sequence = Request(CtGet, NetlinkBuilder.Request | NetlinkBuilder.Dump, family, mark, mask);
            var errno = channel.Dump(_request, sequence, (type, _) => count += type == CtNew ? 1 : 0);
            if (errno == 0 && count > 0)
            {
                // Version 1 asks the kernel to honour the family on a filtered delete (version 0 means every family).
                sequence = Request(CtDelete, NetlinkBuilder.Request | NetlinkBuilder.Ack, family, mark, mask);
                errno = channel.Transact(_request, sequence, 1)[0];
            }

            if (errno != 0)
            {
                return (deleted, "ctnetlink answers: " + NetlinkChannel.ErrorText(errno));
            }

            deleted += count;
        }

        return (deleted, null);
    }

    public void Dispose() => channel.Dispose();

    private uint Request(ushort type, ushort flags, byte family, uint mark, uint mask)
    {
        _request.Clear();
        var sequence = channel.NextSequence();
        _request.Begin(type, flags, sequence);
        var header = _request.Fixed(4); // struct nfgenmsg: family, version, res_id (be16).
        header[0] = family;
        header[1] = 1;
        _request.Be32(CtaMark, mark);
        _request.Be32(CtaMarkMask, mask);
        _request.End();
        return sequence;
    }
}
