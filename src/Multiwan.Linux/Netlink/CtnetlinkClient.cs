namespace Multiwan.Netlink;

/// <summary>
/// Deletes conntrack entries by mark over ctnetlink (NETLINK_NETFILTER), as <c>conntrack -D --mark V/M</c> does: one
/// dump of every family, filtered by the kernel on CTA_MARK/CTA_MARK_MASK (one walk of the table), then one
/// IPCTNL_MSG_CT_DELETE per entry by its original tuple (a hash lookup each), batched and acknowledged, so the
/// count is exact (an entry that ended meanwhile answers ENOENT and is not counted). Nothing else is touched.
/// </summary>
internal sealed class CtnetlinkClient(NetlinkChannel channel) : IDisposable
{
    private const ushort CtNew = 0x100; // NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW
    private const ushort CtGet = 0x101;
    private const ushort CtDelete = 0x102;
    private const ushort CtaTupleOrig = 1;
    private const ushort CtaMark = 8;
    private const ushort CtaZone = 18;
    private const ushort CtaMarkMask = 21;
    private const int Batch = 400;
    private const int Enoent = 2;

    private readonly NetlinkBuilder _request = new();

    /// <summary>How many entries with (mark &amp; mask) == mark were deleted, or the kernel's refusal.</summary>
    public (int Deleted, string? Error) DeleteByMark(uint mark, uint mask)
    {
        _request.Clear();
        var sequence = channel.NextSequence();
        _request.Begin(CtGet, NetlinkBuilder.Request | NetlinkBuilder.Dump, sequence);
        _request.Fixed(4); // struct nfgenmsg: AF_UNSPEC (every family), version 0, res_id 0.
        _request.Be32(CtaMark, mark);
        _request.Be32(CtaMarkMask, mask);
        _request.End();
        var entries = new List<(byte Family, byte[] Tuple, byte[]? Zone)>();
        var errno = channel.Dump(_request, sequence, (type, body) =>
        {
            if (type == CtNew && body.Length > 4 && Entry(body) is { } entry)
            {
                entries.Add(entry);
            }
        });
        if (errno != 0)
        {
            return (0, Refused(errno));
        }

        var deleted = 0;
        for (var start = 0; start < entries.Count; start += Batch)
        {
            var count = Math.Min(Batch, entries.Count - start);
            _request.Clear();
            var first = channel.NextSequence();
            for (var i = 0; i < count; i++)
            {
                var (family, tuple, zone) = entries[start + i];
                _request.Begin(CtDelete, NetlinkBuilder.Request | NetlinkBuilder.Ack, i == 0 ? first : channel.NextSequence());
                _request.Fixed(4)[0] = family;
                _request.Attribute(CtaTupleOrig | 0x8000, tuple);
                if (zone is not null)
                {
                    _request.Attribute(CtaZone, zone);
                }

                _request.End();
            }

            foreach (var answer in channel.Transact(_request, first, count))
            {
                if (answer is not 0 and not Enoent)
                {
                    return (deleted, Refused(answer));
                }

                deleted += answer == 0 ? 1 : 0;
            }
        }

        return (deleted, null);
    }

    public void Dispose() => channel.Dispose();

    private static (byte Family, byte[] Tuple, byte[]? Zone)? Entry(ReadOnlySpan<byte> body)
    {
        byte[]? tuple = null, zone = null;
        foreach (var a in new NetlinkAttributes(body[4..]))
        {
            switch (a.Type)
            {
                case CtaTupleOrig: tuple = a.Value.ToArray(); break;
                case CtaZone: zone = a.Value.ToArray(); break;
            }
        }

        return tuple is null ? null : (body[0], tuple, zone);
    }

    private static string Refused(int errno) => "ctnetlink answers: " + NetlinkChannel.ErrorText(errno);
}
